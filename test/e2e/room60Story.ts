import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { translate } from '@trellis/shared';
import { OUTPUT_DIR } from '../helpers/browser';
import { ORGANISER_KEY, type TestServer } from '../helpers/server';
import { POINTS, type Person } from './room60People';

export const TITLE = 'Brussels care network: trust between organisations';
const TZ = 'Europe/Brussels';

/** What the workshop's script did that the story must tell: the points and every vote cast. */
export interface Tally {
  /** Point ids, in the order the facilitator made them (POINTS). */
  points: string[];
  votes: Map<string, number>;
}

/** The lines of one `## ` section, up to the next. */
function section(lines: string[], title: string): string[] {
  const start = lines.indexOf(`## ${title}`);
  expect(start, `the section "${title}"`).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((l) => l !== '');
}

const votesIn = (line: string): number => Number(/\((\d+) votes?\)/.exec(line)?.[1] ?? 0);
/** The line that quotes `quoted`, exactly once. */
function lineOf(lines: string[], quoted: string): string {
  const found = lines.filter((l) => l.startsWith(`- ${quoted}`) || l.startsWith(`### ${quoted}`));
  expect(found, quoted).toHaveLength(1);
  return found[0]!;
}

/**
 * The Markdown story of the sixty-person workshop, saved to test-output/room60-story.md, read top
 * to bottom: title and date, who took part, what was asked, the ground rules, what was said
 * (ranked), the synthesis (most voted first, with its statements), the commitments with who,
 * where from, to whom, the first step and when, then a timeline in real clock times in order.
 * Anonymous cards name nobody; the words are quoted with no escaping noise.
 */
export async function checkStory(
  s: TestServer,
  sessionId: string,
  people: readonly Person[],
  tally: Tally,
): Promise<void> {
  const res = await fetch(`${s.url}/api/history/sessions/${sessionId}/export.md?tz=${TZ}`, {
    headers: { authorization: `Bearer ${ORGANISER_KEY}` },
  });
  expect(res.status).toBe(200);
  const story = await res.text();
  fs.writeFileSync(path.join(OUTPUT_DIR, 'room60-story.md'), story);
  const lines = story.split('\n');

  // Title, then what kind of session, the day and its hours.
  expect(lines[0]).toBe(`# ${TITLE}`);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, dateStyle: 'long' }).format();
  const kind = translate('en', 'template.trust').replace(/ \(.*\)$/, '');
  expect(lines[2]).toMatch(
    new RegExp(`^${kind} · ${day}, \\d\\d:\\d\\d–\\d\\d:\\d\\d \\(${TZ}\\)$`),
  );

  // Who took part: all sixty counted, only those who gave a name named.
  const named = people.flatMap((p) => (p.name ? [p.name] : []));
  const who = /^(\d+) people took part: (.*) and (\d+) who gave no name\.$/.exec(lines[4] ?? '');
  expect(who, lines[4]).not.toBeNull();
  expect(Number(who![1])).toBe(people.length);
  expect(who![2]!.split(', ').sort()).toEqual([...named].sort());
  expect(Number(who![3])).toBe(people.length - named.length);
  expect(lines[6]).toBe(
    `They wrote ${2 * people.length} statements and ${people.length} commitments and cast ` +
      `${3 * people.length} votes. The statements were gathered into ${POINTS.length} synthesis points.`,
  );

  const order = [
    'What was asked',
    'Ground rules',
    'What was said',
    'Synthesis',
    'Commitments',
    'Timeline',
  ];
  const at = order.map((title) => lines.indexOf(`## ${title}`));
  expect(at.every((i) => i > 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);

  const asked = section(lines, 'What was asked');
  expect(asked[0]).toBe(
    `- **${translate('en', 'phase.statements.title')}**: ${translate('en', 'phase.statements.prompt')}`,
  );
  expect(asked.join('\n')).toContain(`**${translate('en', 'phase.commitment.title')}**`);
  expect(section(lines, 'Ground rules')).toHaveLength(5);

  // What was said: the statements no point gathered, most voted first; the reveal's time.
  const said = section(lines, 'What was said');
  expect(said[0]).toMatch(
    /^Statements were written privately and revealed together at \d\d:\d\d\. \d+ of them are gathered under the synthesis points below; these \d+ stand on their own, most voted first\.$/,
  );
  const statements = people.flatMap((p) => p.statements.map((card) => ({ ...card, person: p })));
  const loose = said.slice(1);
  expect(loose).toHaveLength(statements.filter((c) => c.theme === undefined).length);
  const looseVotes = loose.map(votesIn);
  expect([...looseVotes].sort((a, b) => b - a)).toEqual(looseVotes);

  // The synthesis: the points most voted first, each with its votes and its 24 statements.
  const synthesis = section(lines, 'Synthesis');
  const headings = synthesis.filter((l) => l.startsWith('### '));
  const ranked = [...tally.points].sort(
    (a, b) => (tally.votes.get(b) ?? 0) - (tally.votes.get(a) ?? 0),
  );
  expect(headings).toEqual(
    ranked.map((id) => {
      const votes = tally.votes.get(id) ?? 0;
      return `### ${POINTS[tally.points.indexOf(id)]} (${votes} votes)`;
    }),
  );
  for (const [k, point] of POINTS.entries()) {
    const from = synthesis.indexOf(headings.find((h) => h.startsWith(`### ${point}`))!);
    const under = synthesis.slice(from + 1).findIndex((l) => l.startsWith('### '));
    const items = synthesis.slice(from + 1, under === -1 ? undefined : from + 1 + under);
    expect(items.sort()).toEqual(
      statements
        .filter((c) => c.theme === k)
        .map((c) => lineOf(lines, c.text))
        .sort(),
    );
  }

  // Every statement and commitment: named only when it was posted with a name that was given.
  for (const card of statements) {
    const line = lineOf(lines, card.text);
    const author = card.anonymous ? undefined : card.person.name;
    // The words, then whose they are, then the votes: "- text — Amira (3 votes)".
    expect(
      line.replace(/ \(\d+ votes?\)$/, '').endsWith(author ? ` — ${author}` : card.text),
      line,
    ).toBe(true);
    expect(line.includes(' — '), line).toBe(author !== undefined);
  }
  const commitments = section(lines, 'Commitments');
  expect(commitments).toHaveLength(people.length);
  for (const p of people) {
    const c = p.commitment;
    const author = p.anonymousCommitment ? undefined : p.name;
    expect(lineOf(commitments, c.text)).toBe(
      `- ${c.text}${author ? ` — ${author}` : ''} (from ${c.authorOrg}; to ${c.org}; first step: ${c.step}; by when: ${c.by})`,
    );
  }

  // The timeline: clock times and times since the start, both in order, every phase in turn.
  const timeline = section(lines, 'Timeline').slice(1);
  const rows = timeline.map((l) => /^- (\d\d:\d\d) \((\d\d:\d\d)\) (.*?)(, \d+ (s|min))?$/.exec(l));
  expect(rows.every(Boolean), timeline.join('\n')).toBe(true);
  const clocks = rows.map((r) => r![1]!);
  expect([...clocks].sort()).toEqual(clocks);
  const elapsed = rows.map((r) => r![2]!);
  expect([...elapsed].sort()).toEqual(elapsed);
  expect(rows.map((r) => r![3])).toEqual([
    'Lobby: people join',
    translate('en', 'phase.rules.title'),
    translate('en', 'phase.statements.title'),
    'Private statements revealed',
    translate('en', 'phase.synthesis.title'),
    translate('en', 'phase.commitment.title'),
    translate('en', 'phase.close.title'),
    'Session ended',
  ]);

  // Plain words for an e-mail: no backslash before a dash, a bracket or a quote.
  expect(story).not.toMatch(/\\[-().!"]/);
  expect(story).toContain('by when: 2026-12-15');
}
