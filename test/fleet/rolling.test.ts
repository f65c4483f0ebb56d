import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, BoardAt } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { createSession, eventually, join, ORGANISER_KEY } from '../helpers/server';
import { useCleanups } from '../helpers/suite';
import { cardIds, expectGapless, startFleet, type Node } from './fleet';

const cleanups = useCleanups();

function board(node: Node, sessionId: string, token: string, doc?: Y.Doc) {
  const p = provider(node.wsUrl, sessionId, token, doc);
  cleanups.push(() => p.provider.destroy());
  return p;
}

/** The board as a node's history API rebuilds it now ([Y3]). */
async function historyBoard(node: Node, sessionId: string) {
  const res = await fetch(`${node.url}/api/history/sessions/${sessionId}/state`, {
    headers: { authorization: `Bearer ${ORGANISER_KEY}` },
  });
  expect(res.status).toBe(200);
  const at = BoardAt.parse(await res.json());
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(at.update, 'base64'));
  return { seq: at.seq, cards: cardIds(doc) };
}

describe('a rolling restart', () => {
  it(
    "[N3] restarting all three nodes one after another under load loses nothing; then [Y3] every node's history rebuilds the live board",
    { timeout: 120_000 },
    async () => {
      const fleet = await startFleet(cleanups);
      const created = await createSession(fleet.nodes[0]!.url);
      const fac = board(fleet.nodes[0]!, created.id, created.facilitatorToken);
      await fac.synced;
      const writers = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const member = await join(fleet.nodes[i % 3]!.url, created.joinCode, `w${i}`);
          return { ...board(fleet.nodes[i % 3]!, created.id, member.token), member };
        }),
      );
      await Promise.all(writers.map((w) => w.synced));

      let n = 0;
      // Under the [G12] budget of 50 cards a participant: 45 each, spread over the restarts.
      const writing = setInterval(() => {
        if (n >= 45 * writers.length) return;
        const w = writers[n % writers.length]!;
        const authorId = w.member.participantId;
        addCard(w.doc, { id: `card-${n}`, kind: 'statement', text: `${n++}`, authorId });
      }, 60);
      cleanups.push(() => clearInterval(writing));
      for (let i = 0; i < 3; i++) {
        const before = n;
        await fleet.restart(i);
        // Under load: cards were being written while the node went down and came back.
        expect(n, `cards written while node ${i} restarted`).toBeGreaterThan(before);
        // Every client back on its node (the restarted one included) before the next goes.
        await eventually(
          () =>
            expect([fac, ...writers].map((c) => c.provider.wsconnected)).toEqual(
              Array(7).fill(true),
            ),
          20_000,
          `every client back after restarting node ${i}`,
        );
      }
      // A quiet machine restarts three nodes in a couple of seconds: write on to a count that
      // fills several checkpoints' worth of log whatever the restarts took.
      await eventually(() => expect(n).toBeGreaterThanOrEqual(60), 20_000, 'sixty cards written');
      clearInterval(writing);
      const written = [...new Set(writers.flatMap((w) => cardIds(w.doc)))].sort();
      expect(written.length).toBe(n);
      for (const c of [fac, ...writers]) {
        await eventually(() => expect(cardIds(c.doc)).toEqual(written), 20_000);
      }
      const log = await fleet.log(created.id);
      expectGapless(log);
      const [head] = await fleet.query<{ epoch: number }>(
        'SELECT epoch::int AS epoch FROM session_heads WHERE session_id = $1',
        [created.id],
      );
      expect(head!.epoch).toBeGreaterThan(1);

      for (const node of fleet.nodes) {
        expect(await historyBoard(node, created.id)).toEqual({
          seq: log.at(-1)!.seq,
          cards: written,
        });
      }
    },
  );
});
