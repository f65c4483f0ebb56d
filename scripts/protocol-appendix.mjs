// Rewrites PROTOCOL.md's appendix ("where each rule is proven") from the test names that cite
// each rule id. Run after adding a rule or a test: node scripts/protocol-appendix.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protocolPath = path.join(root, 'PROTOCOL.md');
const text = fs.readFileSync(protocolPath, 'utf8');
const [body] = text.split('\n## Appendix');

const ids = [];
for (const m of body.matchAll(/\| \[([A-Z]\d+)\](?:–\[([A-Z]\d+)\])?\s*\|/g)) {
  if (!m[2]) ids.push(m[1]);
  else for (let n = Number(m[1].slice(1)); n <= Number(m[2].slice(1)); n++) ids.push(m[1][0] + n);
}

const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    // Contract suites are run by a *.test.ts per backend; their cases cite the rules.
    return e.name.endsWith('.test.ts') || p.includes(`${path.sep}contract${path.sep}`) ? [p] : [];
  });
const files = ['test', 'server/src', 'shared/src'].flatMap((d) => walk(path.join(root, d)));
const sources = files.map((f) => [path.relative(root, f), fs.readFileSync(f, 'utf8')]);

const rows = ids.map((id) => {
  const cites = sources
    .filter(([, src]) => new RegExp(`\\bit\\(\\s*["'\`]\\[${id}\\]`).test(src))
    .map(([f]) => `\`${f}\``)
    .sort();
  return `| [${id}] | ${cites.join(', ') || '**none**'} |`;
});

const appendix = `
## Appendix: where each rule is proven

\`test/protocol.test.ts\` fails when a rule has no test naming it, or when this table is wrong.
Regenerate it with \`node scripts/protocol-appendix.mjs\`.

| rule | test file |
| --- | --- |
${rows.join('\n')}
`;
fs.writeFileSync(protocolPath, body.trimEnd() + '\n' + appendix);
