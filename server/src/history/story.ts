import type * as Y from 'yjs';
import { listCards, readMeta, readWorkshop, type Card } from '@trellis/shared';
import type { Snapshot } from '../storage/historyTypes';

export interface StoryInput {
  doc: Y.Doc;
  createdAt: number;
  /** The moment the story is told at (end of session, or a chosen time). */
  at: number;
  snapshots: Snapshot[];
  /** memberId → display name; anonymous cards have no author and stay anonymous. */
  names: ReadonlyMap<string, string>;
}

const line = (text: string): string => text.replace(/\s+/g, ' ').trim();
/** Markdown that renders card text literally: no links, headings or HTML from participants. */
const md = (text: string): string => line(text).replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');

const byWhom = (card: Card, names: ReadonlyMap<string, string>): string => {
  const name = card.authorId ? names.get(card.authorId) : undefined;
  return name ? ` — ${md(name)}` : '';
};

const clock = (ms: number): string => {
  const minutes = Math.max(0, Math.round(ms / 60000));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

/**
 * The session as a story people can follow ([Y4]): ground rules, statements, synthesis points
 * with their statements and votes, commitments, and a short timeline of phases. English wording;
 * the participants' own words are quoted as they wrote them.
 */
export function storyMarkdown({ doc, createdAt, at, snapshots, names }: StoryInput): string {
  const meta = readMeta(doc);
  const workshop = readWorkshop(doc);
  const cards = listCards(doc).filter((c) => !c.hidden);
  const out: string[] = [`# ${md(meta.title || 'Untitled session')}`, ''];
  out.push(
    `${new Date(createdAt).toISOString().slice(0, 10)} · ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
  );

  const rules = cards.filter((c) => c.zone === 'rules');
  if (rules.length > 0) {
    out.push('## Ground rules', '', ...rules.map((c) => `- ${md(c.text)}`), '');
  }

  const syntheses = cards.filter((c) => c.kind === 'synthesis');
  const statements = cards.filter(
    (c) => (c.kind === 'statement' || c.kind === 'note') && c.zone !== 'rules',
  );
  const votes = (c: Card): string => {
    const n = workshop.results[c.id];
    return n ? ` (${n} vote${n === 1 ? '' : 's'})` : '';
  };
  const loose = statements.filter((c) => !c.group || !syntheses.some((s) => s.id === c.group));
  if (statements.length > 0) {
    out.push('## Statements', '');
    for (const c of loose) out.push(`- ${md(c.text)}${votes(c)}${byWhom(c, names)}`);
    if (loose.length === 0) out.push('_All statements are gathered in the synthesis below._');
    out.push('');
  }
  if (syntheses.length > 0) {
    out.push('## Synthesis', '');
    for (const s of syntheses) {
      out.push(`### ${md(s.text)}${votes(s)}`, '');
      for (const c of statements.filter((x) => x.group === s.id))
        out.push(`- ${md(c.text)}${votes(c)}${byWhom(c, names)}`);
      out.push('');
    }
  }
  const commitments = cards.filter((c) => c.kind === 'commitment');
  if (commitments.length > 0) {
    out.push('## Commitments', '');
    for (const c of commitments) {
      const details = [
        c.org && `to ${md(c.org)}`,
        c.step && `first step: ${md(c.step)}`,
        c.by && `by ${md(c.by)}`,
      ].filter(Boolean);
      out.push(
        `- ${md(c.text)}${details.length ? ` (${details.join('; ')})` : ''}${byWhom(c, names)}`,
      );
    }
    out.push('');
  }
  const phases = snapshots.filter((s) => s.kind === 'phase' || s.kind === 'end');
  if (phases.length > 0) {
    out.push('## Timeline', '');
    for (const s of phases)
      out.push(
        `- ${clock(s.time - createdAt)} ${md(s.kind === 'end' ? 'Session ended' : s.label)}`,
      );
    out.push('');
  }
  return out.join('\n');
}

/** What a spreadsheet reads as the start of a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Spaces a spreadsheet skips before it looks for a formula (tab and CR are starts themselves). */
const SPACE = /^[^\S\t\r\n]+$/;
/** Where a spreadsheet splitting on the other delimiter (`;` in fr/nl/be Excel) starts a cell:
 * quotes only group when they open a field, so a quoted cell that is not first on its row is cut
 * at its own `;`, `,` and line breaks. */
const CELL_BREAK = /[,;\n\r]/;

/**
 * One CSV cell ([Y5]), safe however a spreadsheet splits it: wherever a cell could start (the
 * start, and after each `,` `;` or line break), a formula start is preceded by `'`. The check
 * reads each character in its NFKC form (`＝` is `=`) after any spaces, and the text keeps the
 * participant's own characters. Cells holding `,` `;` quotes or line breaks are quoted (RFC 4180).
 */
export function csvCell(value: string | undefined): string {
  let out = '';
  // Where the cell a spreadsheet might see begins in `out`, while only spaces followed it.
  let start: number | undefined = 0;
  for (const ch of value ?? '') {
    if (start !== undefined) {
      const folded = ch.normalize('NFKC');
      if (FORMULA_START.test(folded)) {
        out = `${out.slice(0, start)}'${out.slice(start)}`;
        start = undefined;
      } else if (!SPACE.test(folded)) start = undefined;
    }
    out += ch;
    if (CELL_BREAK.test(ch)) start = out.length;
  }
  return /[",;\n\r\t]/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

/** Commitments as CSV (RFC 4180), formula-safe for spreadsheets. */
export function commitmentsCsv(doc: Y.Doc, names: ReadonlyMap<string, string>): string {
  const rows = listCards(doc)
    .filter((c) => c.kind === 'commitment' && !c.hidden)
    .map((c) =>
      [
        c.text,
        c.org,
        c.step,
        c.by,
        c.authorId ? names.get(c.authorId) : undefined,
        new Date(c.createdAt).toISOString(),
      ]
        .map(csvCell)
        .join(','),
    );
  return (
    ['commitment,organisation,first_step,by_when,author,created_at', ...rows].join('\r\n') + '\r\n'
  );
}
