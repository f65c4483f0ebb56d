import { expect, it } from 'vitest';
import type { TableWrite } from '@trellis/server';
import { describeStorage, entry, labelOf, make, uid, type OpenStorage } from './fixtures';

/** Batches, sessions and members: what must be written together, or not at all ([D5], [P2]). */
export function sessionsContract(open: OpenStorage): void {
  describeStorage('atomic batches', open, (fx) => {
    /** Everything a failed batch could have left behind. */
    async function traces(storage: ReturnType<typeof fx>['storage'], sessionId: string) {
      return {
        lastSeq: await storage.lastSeq(sessionId),
        bindings: await storage.clientBindings(sessionId),
        owners: await storage.cardOwners(sessionId),
        votes: await storage.votesOfSession(sessionId),
        waiting: await storage.waitingPrivateCount(sessionId),
        endedAt: (await storage.sessionById(sessionId))?.endedAt,
      };
    }

    it('[D5] a batch whose table write fails stores none of its entries, bindings or other writes', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const m = a.participants[0]!.id;
      const before = await traces(storage, a.id);
      // No member: every implementation must refuse an owner that names nobody (NOT NULL).
      const broken = { type: 'cardOwner', sessionId: a.id, cardId: 'c', memberId: null };
      await expect(
        storage.appendUpdates(
          [entry(a.id, 'lost', m)],
          [{ sessionId: a.id, clientId: 11, memberId: m }],
          [
            { type: 'vote', sessionId: a.id, memberId: m, cardId: 'c', count: 1 },
            { type: 'sessionEnded', sessionId: a.id, time: Date.now() },
            broken as unknown as TableWrite,
          ],
        ),
      ).rejects.toThrow();
      expect(await traces(storage, a.id)).toEqual(before);
    });

    it('[D5] a batch whose log entry fails stores none of its table writes', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const m = a.participants[0]!.id;
      await storage.putPrivateCard(
        {
          sessionId: a.id,
          cardId: 'p1',
          memberId: m,
          kind: 'statement',
          text: 'mine',
          anonymous: false,
          createdAt: 1,
        },
        { max: 20 },
      );
      const before = await traces(storage, a.id);
      const noData = { ...entry(a.id, ''), update: null as unknown as Uint8Array };
      await expect(
        storage.appendUpdates(
          [entry(a.id, 'reveal', null), noData],
          [{ sessionId: a.id, clientId: 12, memberId: '@server' }],
          [
            { type: 'cardOwner', sessionId: a.id, cardId: 'p1', memberId: m },
            { type: 'privateRevealed', sessionId: a.id, cardIds: ['p1'], time: 5 },
          ],
        ),
      ).rejects.toThrow();
      expect(await traces(storage, a.id)).toEqual(before);
      expect((await storage.privateCards(a.id))[0]?.revealedAt).toBeNull();
    });

    it('[D5] a reveal batch lands whole: entries, owners, revealed and dropped marks, the end', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const [m1, m2] = make.twoMembers(a);
      const put = (cardId: string, memberId: string) =>
        storage.putPrivateCard(
          {
            sessionId: a.id,
            cardId,
            memberId,
            kind: 'statement',
            text: cardId,
            anonymous: true,
            createdAt: 1,
          },
          { max: 20 },
        );
      await put('keep1', m1);
      await put('keep2', m2);
      await put('taken', m2);
      const seqs = await storage.appendUpdates(
        [entry(a.id, 'reveal')],
        [],
        [
          { type: 'cardOwner', sessionId: a.id, cardId: 'keep1', memberId: m1 },
          { type: 'cardOwner', sessionId: a.id, cardId: 'keep2', memberId: m2 },
          { type: 'privateRevealed', sessionId: a.id, cardIds: ['keep1', 'keep2'], time: 1234 },
          { type: 'privateDropped', sessionId: a.id, cardIds: ['taken'] },
          { type: 'sessionEnded', sessionId: a.id, time: 5678 },
        ],
      );
      expect(seqs).toEqual([2]);
      expect(await storage.cardOwners(a.id)).toEqual(
        new Map([
          ['keep1', m1],
          ['keep2', m2],
        ]),
      );
      const cards = await storage.privateCards(a.id);
      expect(cards.map((c) => [c.cardId, c.revealedAt])).toEqual([
        ['keep1', 1234],
        ['keep2', 1234],
      ]);
      expect(await storage.waitingPrivateCount(a.id)).toBe(0);
      expect(await storage.privateCardOwner(a.id, 'taken')).toBeUndefined();
      // An end is recorded once: a second one does not move it.
      await storage.appendUpdates([], [], [{ type: 'sessionEnded', sessionId: a.id, time: 9999 }]);
      expect((await storage.sessionById(a.id))?.endedAt).toBe(5678);
    });
  });

  describeStorage('sessions, members and bindings', open, (fx) => {
    it('[D5] createSession writes the session, its members, seed, follow-up link, retention and seed bindings together', async () => {
      const { storage } = fx();
      const prev = await make.session(storage);
      const next = await make.session(storage, {
        extras: (id) => ({
          followUpOf: prev.id,
          retentionDays: 3,
          bindings: [{ sessionId: id, clientId: 77, memberId: '@server' }],
        }),
      });
      const row = await storage.sessionById(next.id);
      expect(row).toMatchObject({
        id: next.id,
        title: next.title,
        joinCode: next.joinCode,
        endedAt: null,
      });
      expect(await storage.sessionByJoinCode(next.joinCode)).toEqual(row);
      const p = next.participants[0]!;
      expect(await storage.memberByTokenHash(p.tokenHash)).toMatchObject({
        id: p.id,
        sessionId: next.id,
        role: 'participant',
        name: p.name,
      });
      expect((await storage.memberById(next.facilitator))?.role).toBe('facilitator');
      expect((await storage.membersOf(next.id)).map((m) => m.id).sort()).toEqual(
        [next.facilitator, ...next.participants.map((x) => x.id)].sort(),
      );
      expect(
        (await storage.loadState(next.id)).tail.map((t) => [t.seq, labelOf(t.update)]),
      ).toEqual([[1, 'seed']]);
      expect(await storage.clientBindings(next.id)).toEqual(new Map([[77, '@server']]));
      expect(await storage.followUpsOf(prev.id)).toEqual([{ id: next.id, title: next.title }]);
      const day = 86_400_000;
      expect(await storage.expiredSessions(next.createdAt + 3 * day - 1, 180)).not.toContain(
        next.id,
      );
      expect(await storage.expiredSessions(next.createdAt + 3 * day + 1, 180)).toContain(next.id);
    });

    it('[D5] a createSession that fails leaves no session, member, seed or binding behind', async () => {
      const { storage } = fx();
      const first = await make.session(storage);
      const id = uid('s');
      // The seed is written after the session and its members: its failure must take them along.
      const broken = make.session(storage, {
        id,
        seed: null as unknown as Uint8Array,
        extras: () => ({
          followUpOf: first.id,
          bindings: [{ sessionId: id, clientId: 78, memberId: '@server' }],
        }),
      });
      await expect(broken).rejects.toThrow();
      expect(await storage.sessionById(id)).toBeUndefined();
      expect(await storage.membersOf(id)).toEqual([]);
      expect(await storage.lastSeq(id)).toBe(0);
      expect(await storage.clientBindings(id)).toEqual(new Map());
      expect(await storage.followUpsOf(first.id)).toEqual([]);
    });

    it('[P2] a clientID stays bound to the member that first wrote with it, per session', async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      const [m1, m2] = make.twoMembers(a);
      await storage.appendUpdates(
        [entry(a.id, 'one', m1)],
        [{ sessionId: a.id, clientId: 5, memberId: m1 }],
      );
      await storage.appendUpdates(
        [entry(a.id, 'two', m2)],
        [
          { sessionId: a.id, clientId: 5, memberId: m2 },
          { sessionId: a.id, clientId: 6, memberId: m2 },
        ],
      );
      const other = b.participants[0]!.id;
      await storage.appendUpdates([], [{ sessionId: b.id, clientId: 5, memberId: other }]);
      expect(await storage.clientBindings(a.id)).toEqual(
        new Map([
          [5, m1],
          [6, m2],
        ]),
      );
      expect(await storage.clientBindings(b.id)).toEqual(new Map([[5, other]]));
    });

    it('members join later, and a token finds its member', async () => {
      const { storage } = fx();
      const a = await make.session(storage, { participants: 0 });
      const m = await make.member(storage, a, { device: false });
      expect(await storage.memberByTokenHash(m.tokenHash)).toEqual({
        id: m.id,
        sessionId: a.id,
        role: 'participant',
        name: undefined,
        createdAt: 1,
      });
      expect(await storage.memberByTokenHash('nobody')).toBeUndefined();
    });
  });
}
