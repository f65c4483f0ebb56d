import { expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  Board,
  bytesOf,
  cardsFrom,
  cardsOf,
  describeStorage,
  entry,
  labelOf,
  make,
  type OpenStorage,
} from './fixtures';

/** The update log: numbering, order, concurrency, checkpoints ([D3], [Y3]). */
export function logContract(open: OpenStorage): void {
  describeStorage('update log', open, (fx) => {
    it('[D3] each session numbers its entries 1, 2, 3… in append order, without gaps, whatever other sessions append', async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      expect(await storage.lastSeq(a.id)).toBe(1);
      const seqs = new Map<string, number[]>([
        [a.id, []],
        [b.id, []],
      ]);
      for (let i = 0; i < 5; i++) {
        for (const s of [a, b]) {
          const got = await storage.appendUpdates([entry(s.id, `${s.id}:${i}`)], []);
          seqs.get(s.id)!.push(...got);
        }
      }
      expect(seqs.get(a.id)).toEqual([2, 3, 4, 5, 6]);
      expect(seqs.get(b.id)).toEqual([2, 3, 4, 5, 6]);
      const { checkpoint, tail } = await storage.loadState(a.id);
      expect(checkpoint).toBeUndefined();
      expect(tail.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(tail.map((t) => labelOf(t.update))).toEqual([
        'seed',
        ...[0, 1, 2, 3, 4].map((i) => `${a.id}:${i}`),
      ]);
      expect((await storage.updatesBetween(a.id, 2, 4)).map((u) => u.seq)).toEqual([3, 4]);
      expect(await storage.lastSeq(b.id)).toBe(6);
    });

    it("[D3] one append may carry several sessions' entries: each gets its own session's next number, returned in order", async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      const labels = ['a0', 'b0', 'a1', 'b1', 'a2'];
      const seqs = await storage.appendUpdates(
        labels.map((l) => entry(l.startsWith('a') ? a.id : b.id, l)),
        [],
      );
      expect(seqs).toEqual([2, 2, 3, 3, 4]);
      const read = async (id: string) =>
        (await storage.updatesBetween(id, 1, 10)).map((u) => labelOf(u.update));
      expect(await read(a.id)).toEqual(['a0', 'a1', 'a2']);
      expect(await read(b.id)).toEqual(['b0', 'b1']);
    });

    it('[D3] concurrent appends to two sessions lose, duplicate and misnumber nothing', async () => {
      const { storage } = fx();
      const sessions = [await make.session(storage), await make.session(storage)];
      // Every call appends 1–3 entries; every fifth carries both sessions at once.
      const calls = Array.from({ length: 60 }, (_, i) => {
        const mine = sessions[i % 2]!.id;
        const other = sessions[(i + 1) % 2]!.id;
        const ids = Array.from({ length: 1 + (i % 3) }, () => mine);
        if (i % 5 === 0) ids.push(other);
        return ids.map((sessionId, k) => entry(sessionId, `${i}.${k}`));
      });
      const results = await Promise.all(calls.map((batch) => storage.appendUpdates(batch, [])));
      for (const s of sessions) {
        const expected = new Map<number, string>();
        results.forEach((seqs, i) => {
          const batch = calls[i]!;
          const own = batch.flatMap((e, k) => (e.sessionId === s.id ? [seqs[k]!] : []));
          // One batch's entries of one session are consecutive: nothing interleaves a transaction.
          own.forEach((seq, k) => k === 0 || expect(seq).toBe(own[k - 1]! + 1));
          batch.forEach((e, k) => {
            if (e.sessionId === s.id) expected.set(seqs[k]!, labelOf(e.update));
          });
        });
        const { tail } = await storage.loadState(s.id);
        expect(tail.map((t) => t.seq)).toEqual(tail.map((_, i) => i + 1));
        expect(new Map(tail.slice(1).map((t) => [t.seq, labelOf(t.update)]))).toEqual(expected);
      }
    });

    it("[G12] the log counts the bytes each member's entries take in a session", async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      const [m1, m2] = make.twoMembers(a);
      await storage.appendUpdates(
        [
          entry(a.id, 'x'.repeat(10), m1!),
          entry(a.id, 'y'.repeat(20), m1!),
          entry(a.id, 'z'.repeat(5), m2!),
          entry(a.id, 'server'.repeat(9), null),
          entry(b.id, 'w'.repeat(7), b.participants[0]!.id),
        ],
        [],
      );
      expect(await storage.logBytesByMember(a.id)).toEqual(
        new Map([
          [m1, 30],
          [m2, 5],
        ]),
      );
    });

    it('[Y3] entries keep their time and member, and the last entry at or before a time is found', async () => {
      const { storage } = fx();
      const t0 = Date.UTC(2026, 0, 1, 10);
      const a = await make.session(storage, { createdAt: t0 });
      const m = a.participants[0]!.id;
      await storage.appendUpdates([entry(a.id, 'one', m, t0 + 1000)], []);
      await storage.appendUpdates([entry(a.id, 'two', null, t0 + 2000)], []);
      expect(await storage.seqAt(a.id, t0 + 1500)).toBe(2);
      expect(await storage.seqAt(a.id, t0 - 1)).toBe(0);
      expect(await storage.updatesBetween(a.id, 1, 3)).toEqual([
        { seq: 2, time: t0 + 1000, memberId: m, update: bytesOf('one') },
        { seq: 3, time: t0 + 2000, memberId: null, update: bytesOf('two') },
      ]);
    });
  });

  describeStorage('checkpoints', open, (fx) => {
    it('[D3] the latest checkpoint plus the log after it rebuilds the board', async () => {
      const { storage } = fx();
      const board = new Board();
      const seed = board.change((cards) => cards.set('seed', 'from the template'));
      const a = await make.session(storage, { seed });
      let atSix: Uint8Array | undefined;
      for (let i = 0; i < 10; i++) {
        const update = board.change((cards) => {
          cards.set(`c${i}`, new Y.Text(`card ${i}`));
          if (i === 7) cards.delete('c2');
        });
        const [seq] = await storage.appendUpdates([{ ...entry(a.id, ''), update }], []);
        if (seq === 6) atSix = board.state();
      }
      await storage.writeCheckpoint(a.id, 6, Date.now(), atSix!);
      const loaded = await storage.loadState(a.id);
      expect(loaded.checkpoint?.seq).toBe(6);
      expect(loaded.tail.map((t) => t.seq)).toEqual([7, 8, 9, 10, 11]);
      expect(cardsFrom([loaded.checkpoint!.state, ...loaded.tail.map((t) => t.update)])).toEqual(
        cardsOf(board),
      );

      await storage.writeCheckpoint(a.id, 11, Date.now(), board.state());
      const later = await storage.loadState(a.id);
      expect(later.checkpoint?.seq).toBe(11);
      expect(later.tail).toEqual([]);
      expect(cardsFrom([later.checkpoint!.state])).toEqual(cardsOf(board));
    });

    it('[Y3] any position rebuilds from the checkpoint at or before it and the entries between', async () => {
      const { storage } = fx();
      const board = new Board();
      const a = await make.session(storage, { seed: board.change((c) => c.set('seed', 1)) });
      const states = new Map<number, unknown>();
      for (let i = 0; i < 8; i++) {
        const update = board.change((cards) => cards.set(`c${i}`, i));
        const [seq] = await storage.appendUpdates([{ ...entry(a.id, ''), update }], []);
        states.set(seq!, cardsOf(board));
        if (seq === 4) await storage.writeCheckpoint(a.id, 4, Date.now(), board.state());
      }
      expect(await storage.checkpointAtOrBefore(a.id, 3)).toBeUndefined();
      for (const seq of [5, 7, 9]) {
        const cp = await storage.checkpointAtOrBefore(a.id, seq);
        expect(cp?.seq).toBe(4);
        const between = await storage.updatesBetween(a.id, cp!.seq, seq);
        expect(cardsFrom([cp!.state, ...between.map((u) => u.update)])).toEqual(states.get(seq));
      }
    });
  });
}
