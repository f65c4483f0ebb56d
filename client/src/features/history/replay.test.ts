import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, metaOf } from '@trellis/shared';
import { advance, CHECKPOINT_EVERY, Replay, type LogEntry } from './replay';

/** A log like the server's: one entry per change, each the effective update with its time. */
function record(changes: ((doc: Y.Doc) => void)[], start = 1_000_000, gap = 1000): LogEntry[] {
  const doc = new Y.Doc();
  const log: LogEntry[] = [];
  doc.on('update', (update: Uint8Array) =>
    log.push({ seq: log.length + 1, time: start + log.length * gap, update }),
  );
  for (const change of changes) change(doc);
  return log;
}

const ids = (replay: Replay, index: number) =>
  replay
    .frameAt(index)
    .cards.map((c) => c.id)
    .sort();

describe('replay', () => {
  const n = CHECKPOINT_EVERY * 2 + 37;
  // Entry 3 picks a template with phases, entries 5 and 600 change phase, the rest add a card.
  const special = new Set([3, 5, 600]);
  const log = record(
    Array.from({ length: n }, (_, i) => (doc: Y.Doc) => {
      if (i === 3) metaOf(doc).set('template', 'trust');
      else if (i === 5 || i === 600) metaOf(doc).set('phase', i === 5 ? 0 : 1);
      else addCard(doc, { id: `c${i}`, kind: 'note', text: `card ${i}`, createdAt: i });
    }),
  );
  const replay = new Replay();
  replay.append(log.slice(0, 700));
  replay.append(log.slice(700));

  it('rebuilds any moment, forwards and backwards, from checkpoints or the current doc', () => {
    for (const index of [n - 1, 3, 499, 500, 501, 1200, 1201, 0, 999, -1]) {
      const expected = log.slice(0, index + 1).flatMap((_, i) => (special.has(i) ? [] : [`c${i}`]));
      expect(ids(replay, index)).toEqual(expected.sort());
    }
  });

  it('finds the entry at a time and the phase changes', () => {
    expect(replay.indexAt(0)).toBe(-1);
    expect(replay.indexAt(1_000_000 + 2500)).toBe(2);
    expect(replay.phases.map((p) => [p.time, p.phase?.index])).toEqual([
      [1_000_000 + 5000, 0],
      [1_000_000 + 600_000, 1],
    ]);
  });

  it('plays at a speed, and condensed skips idle stretches', () => {
    const sparse = new Replay();
    sparse.append(
      record([(d) => d.getMap('meta').set('a', 1), (d) => d.getMap('meta').set('a', 2)], 0, 60_000),
    );
    expect(advance(sparse, 0, 100, 60, 60_000)).toBe(6000);
    expect(advance(sparse, 0, 100, 'condensed', 60_000)).toBe(59_500);
    expect(advance(sparse, 59_500, 100, 'condensed', 60_000)).toBe(59_600);
    expect(advance(sparse, 59_990, 100, 10, 60_000)).toBe(60_000);
  });
});
