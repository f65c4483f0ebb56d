import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addCard,
  cardsOf,
  listCards,
  readWorkshop,
  writeCard,
  Presence,
  type FacilitatorCommand,
  type MyVotes,
} from '@trellis/shared';
import { ok, send } from '../helpers/requests';
import { eventually, recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';

/**
 * The workshop the bench's workshop-300 scenario times, at a size `npm test` can carry: here only
 * what must hold is asserted (everyone converges, every card is revealed once, vote limits hold),
 * never how fast. Timings live in the bench.
 */
const PHONES = 100;
const CARDS_EACH = 2;
const VOTES_EACH = 3;
const POINTS = 5;
const GROUPED = 40;

// Every stock provider adds a process 'exit' listener: a hundred of them are this test's point.
process.setMaxListeners(0);

const rejections: string[] = [];
const s = useServer({}, recordRejections(rejections));

const kindOf = (doc: Y.Doc, kind: string): string[] =>
  listCards(doc)
    .filter((c) => c.kind === kind)
    .map((c) => c.id)
    .sort();

describe('a workshop of 100 phones', () => {
  it(
    '[J8] 100 phones: everyone converges, every card is revealed once, vote limits hold',
    { timeout: 180_000 },
    async () => {
      const created = await s.createSession('Workshop', { template: 'trust' });
      const fac = await s.control(created.facilitatorToken);
      const facBoard = s.board(created.id, created.facilitatorToken);
      const projector = s.board(created.id, created.projectorToken);
      const facilitate = (cmd: FacilitatorCommand) => ok(fac, 'facilitate', cmd);
      await facilitate({ type: 'phase:go', index: 0 });

      const phones = await Promise.all(
        Array.from({ length: PHONES }, async (_, i) => {
          const joined = await s.join(created.joinCode, `Phone ${i}`);
          const board = s.board(created.id, joined.token);
          const control = await s.control(joined.token);
          await board.synced;
          return { ...joined, board, control };
        }),
      );
      await Promise.all(phones.map((p) => ok(p.control, 'signal', { type: 'agree', on: true })));

      await facilitate({ type: 'phase:go', index: 1 });
      const ids = phones.map(() => Array.from({ length: CARDS_EACH }, () => randomUUID()));
      await Promise.all(
        phones.flatMap((p, i) =>
          ids[i]!.map((id, k) =>
            ok(p.control, 'private:put', {
              id,
              kind: 'statement',
              text: `card ${k} of ${p.participantId}`,
              anonymous: k === 0,
            }),
          ),
        ),
      );
      // Nothing is on the board before the reveal ([J6]).
      expect(kindOf(projector.doc, 'statement')).toEqual([]);

      await facilitate({ type: 'reveal' });
      const all = ids.flat().sort();
      for (const screen of [projector, facBoard, ...phones.map((p) => p.board)]) {
        await eventually(
          () => expect(kindOf(screen.doc, 'statement')).toEqual(all),
          30_000,
          'reveal',
        );
      }
      // A second reveal finds nothing waiting: no card twice.
      await facilitate({ type: 'reveal' });
      await facilitate({ type: 'timer:start', seconds: 60 });
      await eventually(() => expect(readWorkshop(projector.doc).timer.state).toBe('running'));
      expect(kindOf(projector.doc, 'statement')).toEqual(all);

      // Synthesis: points holding some statements; votes go to points or ungrouped statements.
      const grouped = all.slice(0, GROUPED);
      facBoard.doc.transact(() => {
        for (let p = 0; p < POINTS; p++) {
          addCard(facBoard.doc, {
            id: `point-${p}`,
            kind: 'synthesis',
            text: `Point ${p}`,
            zone: 'synthesis',
          });
        }
        grouped.forEach((id, i) => writeCard(facBoard.doc, id, { group: `point-${i % POINTS}` }));
      });
      const open = [
        ...Array.from({ length: POINTS }, (_, p) => `point-${p}`),
        ...all.slice(GROUPED),
      ];
      await facilitate({ type: 'vote:configure', perParticipant: VOTES_EACH, hideResults: false });
      await facilitate({ type: 'phase:go', index: 2 });
      for (const p of phones) {
        await eventually(() =>
          expect(cardsOf(p.board.doc).get(grouped[0]!)?.get('group')).toBe('point-0'),
        );
      }
      // Each phone sends one more vote than it has, all at once, and one for a grouped statement.
      const answers = await Promise.all(
        phones.map(async (p, i) => {
          const targets = Array.from(
            { length: VOTES_EACH + 1 },
            (_, v) => open[(i * 7 + v * 13) % open.length]!,
          );
          const [voted, grouping] = await Promise.all([
            Promise.all(
              targets.map((cardId) => send<MyVotes>(p.control, 'vote', { cardId, delta: 1 })),
            ),
            send(p.control, 'vote', { cardId: grouped[i % GROUPED]!, delta: 1 }),
          ]);
          return { voted, grouping };
        }),
      );
      for (const { voted, grouping } of answers) {
        expect(voted.filter((a) => a.ok)).toHaveLength(VOTES_EACH);
        expect(voted.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(['forbidden']);
        expect(grouping).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      await facilitate({ type: 'phase:go', index: 3 });
      const results = await eventually(() => {
        const r = readWorkshop(projector.doc).results ?? {};
        expect(Object.values(r).reduce((a, b) => a + b, 0)).toBe(PHONES * VOTES_EACH);
        return r;
      }, 10_000);
      for (const id of grouped) expect(results[id]).toBeUndefined();

      // Commitments, named, written on the board by every phone at once.
      const commitments = phones.map((p) => {
        const id = randomUUID();
        addCard(p.board.doc, {
          id,
          kind: 'commitment',
          text: `I will, says ${p.participantId}`,
          authorId: p.participantId,
          zone: 'commitments',
        });
        return id;
      });
      for (const screen of [projector, ...phones.map((p) => p.board)]) {
        await eventually(
          () => expect(kindOf(screen.doc, 'commitment')).toEqual([...commitments].sort()),
          30_000,
          'commitments',
        );
      }
      expect(rejections).toEqual([]);
    },
  );

  it('[S3] while a room fills up, phones and the projector hear the count paced, facilitators who', async () => {
    const created = await s.createSession('Filling up');
    const fac = await s.control(created.facilitatorToken);
    const watcher = await s.control((await s.join(created.joinCode, 'Watcher')).token);
    const heard = { phone: [] as Presence[], facilitator: [] as Presence[] };
    watcher.on('presence', (p) => heard.phone.push(Presence.parse(p)));
    fac.on('presence', (p) => heard.facilitator.push(Presence.parse(p)));
    const joining = 30;
    await Promise.all(
      Array.from({ length: joining }, async (_, i) => {
        const joined = await s.join(created.joinCode, `Phone ${i}`);
        await s.board(created.id, joined.token).synced;
      }),
    );
    await eventually(() => expect(heard.phone.at(-1)?.participants).toBe(joining));
    await eventually(() => expect(heard.facilitator.at(-1)?.members).toHaveLength(joining));
    // Counts only for phones, and fewer messages than board connections opened.
    expect(heard.phone.every((p) => p.members.length === 0)).toBe(true);
    expect(heard.phone.length).toBeLessThan(joining);
    expect(heard.facilitator.at(-1)?.members.map((m) => m.name)).toContain('Phone 7');
  });
});
