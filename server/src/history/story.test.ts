import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, cardsOf, seedBoard, writeMeta, type CardKind } from '@trellis/shared';
import type { Snapshot } from '../storage/historyTypes';
import { md, mdHeading } from './markdown';
import { storyMarkdown } from './story';

const START = Date.UTC(2026, 11, 15, 13, 0, 0);
const at = (seconds: number): number => START + seconds * 1000;
const snap = (seconds: number, label: string, kind: Snapshot['kind'] = 'phase'): Snapshot => ({
  sessionId: 'x',
  seq: seconds,
  time: at(seconds),
  label,
  kind,
});

/** A trust session that ran from 00:16 to 01:25 after it opened, told in Brussels time. */
function session() {
  const doc = new Y.Doc();
  seedBoard(doc, 'Care network', 'trust', START);
  addCard(doc, { id: 'rule-1', kind: 'note', text: 'Speak for yourself', zone: 'rules' });
  const card = (id: string, kind: CardKind, text: string, extra: object = {}) =>
    addCard(doc, { id, kind, text, zone: 'statements', createdAt: START + id.length, ...extra });
  card('s1', 'statement', 'Small projects first', { authorId: 'amira' });
  card('s2', 'statement', 'Trust is *earned* (edited) on 2026-12-15');
  card('s3', 'statement', '# not a heading', { authorId: 'ben' });
  card('s4', 'statement', 'A story people can follow');
  card('p1', 'synthesis', 'Working trust', { zone: 'synthesis' });
  card('p2', 'synthesis', 'Social trust', { zone: 'synthesis' });
  card('c1', 'commitment', 'Host a lunch', {
    zone: 'commitments',
    org: 'Maison Quartier',
    step: 'Ask Jo',
    by: '2026-12-20',
    authorId: 'amira',
  });
  cardsOf(doc).get('s1')!.set('group', 'p2');
  cardsOf(doc).get('s2')!.set('group', 'p2');
  cardsOf(doc).get('s4')!.set('group', 'p1');
  writeMeta(doc, { results: { p1: 2, p2: 7, s3: 1 }, revealedAt: at(40) });
  return storyMarkdown({
    doc,
    createdAt: START,
    at: at(85),
    snapshots: [
      snap(16, 'Ground rules'),
      snap(30, 'What trust means to me'),
      snap(50, 'Synthesis'),
      snap(70, 'My commitment'),
      snap(85, 'end', 'end'),
    ],
    names: new Map([['amira', 'Amira']]),
    people: { participants: 4, named: ['Amira'] },
    timeZone: 'Europe/Brussels',
  });
}

describe('the story', () => {
  it('[Y4] tells the question, who took part, what was said ranked by votes, the synthesis, commitments and a timeline in clock time', () => {
    const story = session();
    expect(story).toMatch(/^# Care network\n\nTrust workshop · 15 December 2026, 14:00–14:01/);
    expect(story).toContain(
      '4 people took part: Amira and 3 who gave no name.\n\nThey wrote 4 statements and 1 commitment and cast 10 votes. The statements were gathered into 2 synthesis points.',
    );
    expect(story).toContain('**What trust means to me**: What does trust mean to you?');
    expect(story).toContain('## Ground rules\n\n- Speak for yourself\n');
    expect(story).toContain(
      'revealed together at 14:00. 3 of them are gathered under the synthesis points below; this one stands on its own.',
    );
    // The loose statement with a vote; Ben gave no name, so none is shown.
    expect(story).toContain('## What was said\n\n');
    expect(story).toContain('- \\# not a heading (1 vote)\n');
    // Points most voted first, each with its statements.
    expect(story).toMatch(
      /### Social trust \(7 votes\)\n\n- Small projects first — Amira\n- Trust is \\\*earned\\\* \(edited\) on 2026-12-15\n\n### Working trust \(2 votes\)\n\n- A story people can follow\n/,
    );
    expect(story).toContain(
      '- Host a lunch — Amira (to Maison Quartier; first step: Ask Jo; by when: 2026-12-20)',
    );
    // Real clock times with the time since the start as the replay counts it (was 00:00, 00:01).
    expect(story).toContain('- 14:00 (00:16) Ground rules, 14 s\n');
    expect(story).toContain('- 14:00 (00:40) Private statements revealed\n');
    expect(story).toContain('- 14:01 (01:25) Session ended');
  });

  it('[Y4] escapes participants’ words only where Markdown would make markup of them', () => {
    expect(md('2026-12-15 (edited) - well, 3 * 4 = 12 & more')).toBe(
      '2026-12-15 (edited) - well, 3 * 4 = 12 & more',
    );
    expect(md('snake_case stays; _this_ would not')).toBe('snake_case stays; \\_this\\_ would not');
    expect(md('<img src=x onerror=alert(1)> a < b')).toBe('\\<img src=x onerror=alert(1)> a < b');
    expect(md('[link](javascript:alert(1)) ![i](x)')).toBe(
      '\\[link](javascript:alert(1)) !\\[i](x)',
    );
    expect(md('`code` ~~gone~~ &amp; &copy')).toBe('\\`code\\` \\~\\~gone\\~\\~ \\&amp; &copy');
    expect(md('- a list')).toBe('\\- a list');
    expect(md('> quote')).toBe('\\> quote');
    expect(md('1. first')).toBe('1\\. first');
    expect(md('---')).toBe('\\---');
    expect(md('* * *')).toBe('\\* * *');
    expect(md('C:\\temp')).toBe('C:\\\\temp');
    expect(md('-5 °C')).toBe('-5 °C');
    expect(mdHeading('We are #1 #')).toBe('We are #1 \\#');
  });

  it('[Y4] in a follow-up, tells what became of last time’s commitments', () => {
    const doc = new Y.Doc();
    seedBoard(doc, 'Next meeting', 'trust', START);
    const copy = (id: string, text: string, status?: string, note?: string) => {
      addCard(doc, {
        id: `prev-${id}`,
        kind: 'commitment',
        text,
        zone: 'previous',
        createdAt: START,
      });
      const card = cardsOf(doc).get(`prev-${id}`)!;
      card.set('from', id);
      if (status) card.set('status', status);
      if (note) card.set('note', note);
    };
    copy('a', 'Host a lunch', 'done', 'Twelve came');
    copy('b', 'Lend the van', 'partly');
    copy('c', 'Call Sam');
    const story = storyMarkdown({
      doc,
      createdAt: START,
      at: at(60),
      snapshots: [],
      names: new Map(),
      people: { participants: 0, named: [] },
    });
    expect(story).toContain(
      "## Last time's commitments\n\nOf 3 commitments made last time: 1 done, 1 partly done, 0 not yet, 1 no answer.\n\n- Host a lunch: **done** — “Twelve came”\n- Lend the van: **partly done**\n- Call Sam: **no answer**\n",
    );
    // Copies are last time's words, not this meeting's statements or commitments.
    expect(story).not.toContain('## Commitments');
  });
});
