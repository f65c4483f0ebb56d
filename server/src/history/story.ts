import type * as Y from 'yjs';
import {
  formatElapsed,
  listCards,
  messagesOf,
  storyOf,
  timelineOf,
  translate,
  type Moment,
  type PhaseState,
  type StoryCard,
  type Zone,
} from '@trellis/shared';
import type { Snapshot } from '../storage/historyTypes';
import { md, mdHeading, mdInline } from './markdown';

export interface StoryInput {
  doc: Y.Doc;
  createdAt: number;
  /** The moment the story is told at (end of session, or a chosen time). */
  at: number;
  snapshots: Snapshot[];
  /** memberId → display name; anonymous cards have no author and stay anonymous. */
  names: ReadonlyMap<string, string>;
  /** Who joined: participants by count, named only where they gave a name. */
  people: { participants: number; named: string[] };
  /** IANA time zone the reader lives in (the organiser's browser); UTC by default. */
  timeZone?: string;
}

const en = messagesOf('en');
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const votesOf = (votes: number): string => (votes > 0 ? ` (${count(votes, 'vote')})` : '');
const byWhom = (c: StoryCard): string => (c.author ? ` — ${mdInline(c.author)}` : '');
// Words, then whose they are, then what the room made of them.
const item = (c: StoryCard): string => `- ${md(c.card.text)}${byWhom(c)}${votesOf(c.votes)}`;
const phaseTitle = (p: PhaseState): string => p.title || translate('en', p.spec.titleKey);
const zoneTitle = (z: Zone): string =>
  (z.titleKey !== undefined ? en[z.titleKey] : undefined) ?? z.title ?? z.id;

/** Rounded down, like the elapsed times beside it: 18.7 s after 00:17 would not read as 00:35. */
function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const and = (items: string[]): string => items.join(', ').replace(/, ([^,]*)$/, ' and $1');

/** "4 people took part: Amira, Ben and 2 who gave no name." Names in alphabetical order. */
function whoTookPart({ participants, named }: StoryInput['people']): string {
  if (participants === 0) return 'Nobody joined from a phone.';
  const people = count(participants, 'person', 'people');
  if (named.length === 0) return `${people} took part, none of them by name.`;
  const list = [...named].sort((a, b) => a.localeCompare(b)).map(mdInline);
  const unnamed = participants - named.length;
  return `${people} took part: ${and([...list, ...(unnamed > 0 ? [`${unnamed} who gave no name`] : [])])}.`;
}

/**
 * The session as a story someone who was not there can follow ([Y4]): what was asked, who took
 * part, the ground rules, what was said (ranked by votes), the synthesis, the commitments, for a
 * follow-up what became of last time's, and a timeline in real clock time. English wording;
 * participants' own words are quoted as they wrote them ([markdown.ts](./markdown.ts)).
 */
export function storyMarkdown(input: StoryInput): string {
  const { doc, createdAt, at, snapshots, timeZone = 'UTC' } = input;
  const story = storyOf(doc, input.names);
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'long' });
  const ended = snapshots.find((s) => s.kind === 'end')?.time;
  const until = Math.min(at, ended ?? at);
  const out: string[] = [`# ${mdHeading(story.title || 'Untitled session')}`, ''];
  out.push(
    `${translate('en', `template.${story.workshop.template.id}`).replace(/ \(.*\)$/, '')} · ${day.format(createdAt)}, ${clock.format(createdAt)}–${clock.format(until)} (${timeZone})`,
    '',
  );
  const points = story.points.length;
  const wrote = [
    count(story.statementCount, 'statement'),
    count(story.commitments.length, 'commitment'),
  ];
  out.push(
    whoTookPart(input.people),
    '',
    `They wrote ${and(wrote)}${story.votes > 0 ? ` and cast ${count(story.votes, 'vote')}` : ''}.` +
      (points > 0 ? ` The statements were gathered into ${count(points, 'synthesis point')}.` : ''),
    '',
  );

  if (story.asked.length > 0) {
    out.push('## What was asked', '');
    for (const p of story.asked)
      out.push(
        `- **${mdInline(phaseTitle(p))}**: ${mdInline(p.prompt || translate('en', p.spec.promptKey))}`,
      );
    out.push('');
  }
  if (story.rules.length > 0) out.push('## Ground rules', '', ...story.rules.map(item), '');

  if (story.said.length > 0 || points > 0) {
    out.push('## What was said', '');
    const loose = story.said.reduce((n, section) => n + section.cards.length, 0);
    const gathered = story.points.reduce((n, point) => n + point.statements.length, 0);
    const intro = [
      story.revealedAt !== undefined &&
        `Statements were written privately and revealed together at ${clock.format(story.revealedAt)}.`,
      gathered > 0 && loose > 0
        ? `${gathered} of them ${gathered === 1 ? 'is' : 'are'} gathered under the synthesis points below; ${loose === 1 ? 'this one stands on its own.' : `these ${loose} stand on their own, most voted first.`}`
        : loose > 0 && 'Most voted first.',
    ].filter(Boolean);
    if (intro.length > 0) out.push(intro.join(' '), '');
    for (const section of story.said) {
      if (story.said.length > 1 && section.zone)
        out.push(`### ${mdHeading(zoneTitle(section.zone))}`, '');
      out.push(...section.cards.map(item), '');
    }
    if (story.said.length === 0)
      out.push('_Every statement is gathered in the synthesis below._', '');
  }
  if (points > 0) {
    out.push(
      '## Synthesis',
      '',
      'The points the group drew from the statements, most voted first.',
      '',
    );
    for (const point of story.points) {
      out.push(`### ${mdHeading(point.card.text)}${votesOf(point.votes)}`, '');
      if (point.statements.length > 0) out.push(...point.statements.map(item), '');
    }
  }
  if (story.commitments.length > 0) {
    out.push('## Commitments', '');
    for (const c of story.commitments) {
      const { org, step, by, authorOrg } = c.card;
      const details = [
        authorOrg && `from ${mdInline(authorOrg)}`,
        org && `to ${mdInline(org)}`,
        step && `first step: ${mdInline(step)}`,
        by && `by when: ${mdInline(by)}`,
      ].filter(Boolean);
      out.push(`${item(c)}${details.length ? ` (${details.join('; ')})` : ''}`);
    }
    out.push('');
  }
  if (story.previous.length > 0) {
    const said = (status: string | undefined): string =>
      status === 'done'
        ? 'done'
        : status === 'partly'
          ? 'partly done'
          : status === 'not_yet'
            ? 'not yet'
            : 'no answer';
    const tally = ['done', 'partly', 'not_yet', undefined].map(
      (status) => `${story.previous.filter((c) => c.status === status).length} ${said(status)}`,
    );
    out.push(
      "## Last time's commitments",
      '',
      `Of ${count(story.previous.length, 'commitment')} made last time: ${tally.join(', ')}.`,
      '',
    );
    for (const c of story.previous)
      out.push(`${item(c)}: **${said(c.status)}**${c.note ? ` — “${mdInline(c.note)}”` : ''}`);
    out.push('');
  }

  const moments: Moment[] = [
    {
      time: createdAt,
      kind: 'phase',
      label: story.workshop.phases.length > 0 ? 'Lobby: people join' : 'Board opened',
    },
    ...snapshots.flatMap((s): Moment[] =>
      s.kind === 'phase'
        ? [{ time: s.time, kind: 'phase', label: s.label }]
        : s.kind === 'manual'
          ? [{ time: s.time, kind: 'moment', label: `Snapshot: ${s.label}` }]
          : s.kind === 'end'
            ? [{ time: s.time, kind: 'end', label: 'Session ended' }]
            : [],
    ),
    ...(story.revealedAt !== undefined
      ? [{ time: story.revealedAt, kind: 'moment' as const, label: 'Private statements revealed' }]
      : []),
  ];
  out.push(
    '## Timeline',
    '',
    `Clock times in ${timeZone}; in brackets, the time since the session opened, as the replay counts it.`,
    '',
  );
  for (const row of timelineOf(moments, createdAt, until)) {
    const lasted =
      row.lasted !== undefined && row.lasted >= 1000 ? `, ${duration(row.lasted)}` : '';
    out.push(
      `- ${clock.format(row.time)} (${formatElapsed(row.elapsed)}) ${mdInline(row.label)}${lasted}`,
    );
  }
  out.push('');
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
        c.authorOrg,
        new Date(c.createdAt).toISOString(),
      ]
        .map(csvCell)
        .join(','),
    );
  return (
    [
      'commitment,organisation,first_step,by_when,author,author_organisation,created_at',
      ...rows,
    ].join('\r\n') + '\r\n'
  );
}
