import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/browser';

/** Every rule PROTOCOL.md states must be proven by a test that names it, and vice versa. */
function ruleIds(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/\| \[([A-Z]\d+)\](?:–\[([A-Z]\d+)\])?\s*\|/g)].flatMap((m) =>
      expand(m[1]!, m[2]),
    ),
  );
}

function expand(from: string, to: string | undefined): string[] {
  if (!to) return [from];
  const prefix = from[0]!;
  const out: string[] = [];
  for (let n = Number(from.slice(1)); n <= Number(to.slice(1)); n++) out.push(`${prefix}${n}`);
  return out;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(p);
    // Contract suites are run by a *.test.ts per backend; their cases cite the rules.
    return e.name.endsWith('.test.ts') || p.includes(`${path.sep}contract${path.sep}`) ? [p] : [];
  });
}

describe('PROTOCOL.md', () => {
  it('every rule id is cited by a test name, and every cited id is documented', () => {
    const documented = ruleIds(fs.readFileSync(path.join(ROOT, 'PROTOCOL.md'), 'utf8'));
    const sources = ['test', 'server/src', 'shared/src'].flatMap((d) =>
      testFiles(path.join(ROOT, d)),
    );
    const cited = new Set<string>();
    for (const file of sources) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bit\(\s*["'`]\[([A-Z]\d+)\]/g))
        cited.add(m[1]!);
    }
    expect(documented.size).toBeGreaterThan(30);
    expect([...documented].filter((id) => !cited.has(id)).sort()).toEqual([]);
    // The appendix names, for each rule, files whose tests cite it.
    const appendix =
      fs.readFileSync(path.join(ROOT, 'PROTOCOL.md'), 'utf8').split('## Appendix')[1] ?? '';
    for (const m of appendix.matchAll(/^\| \[([A-Z]\d+)\]\s*\| (.+) \|$/gm)) {
      const files = [...m[2]!.matchAll(/`([^`]+)`/g)].map((f) => f[1]!);
      expect(files.length, `appendix row for ${m[1]}`).toBeGreaterThan(0);
      for (const file of files) {
        expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), `${file} cites ${m[1]}`).toMatch(
          new RegExp(`\\bit\\(\\s*["'\`]\\[${m[1]}\\]`),
        );
      }
    }
    // Browser acceptance tests ([E…]) are product behaviour, not protocol rules.
    expect([...cited].filter((id) => !documented.has(id) && !id.startsWith('E')).sort()).toEqual(
      [],
    );
  });
});
