import { expect, it } from 'vitest';
import type { PrivateCard, Storage } from '@trellis/server';
import { describeStorage, entry, make, uid, type OpenStorage } from './fixtures';

type NewPrivate = Omit<PrivateCard, 'revealedAt' | 'hidden' | 'mergedInto'>;

const card = (
  sessionId: string,
  memberId: string,
  cardId: string,
  more: Partial<NewPrivate> = {},
) => ({
  sessionId,
  cardId,
  memberId,
  kind: 'statement' as const,
  text: `text of ${cardId}`,
  anonymous: true,
  createdAt: 1000,
  ...more,
});

const reveal = (storage: Storage, sessionId: string, cardIds: string[]) =>
  storage.appendUpdates(
    [entry(sessionId, 'reveal')],
    [],
    [{ type: 'privateRevealed', sessionId, cardIds, time: 2000 }],
  );

/** The workshop tables beside the board: private cards, votes, bans, links ([J6], [J7], [J13]). */
export function workshopContract(open: OpenStorage): void {
  describeStorage('private cards', open, (fx) => {
    it('[J6] a private card waits for its author, who may change its text and kind; its first time stays', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const [m1, m2] = make.twoMembers(a);
      expect(await storage.putPrivateCard(card(a.id, m1, 'p1'), { max: 20 })).toBeUndefined();
      expect(
        await storage.putPrivateCard(card(a.id, m2, 'p2', { createdAt: 500 }), { max: 20 }),
      ).toBeUndefined();
      const again = card(a.id, m1, 'p1', {
        text: 'changed',
        kind: 'note',
        anonymous: false,
        createdAt: 9999,
      });
      expect(await storage.putPrivateCard(again, { max: 20 })).toBeUndefined();
      expect(await storage.privateCards(a.id, m1)).toEqual([
        { ...again, createdAt: 1000, revealedAt: null, hidden: false, mergedInto: null },
      ]);
      // All members, oldest first.
      expect((await storage.privateCards(a.id)).map((c) => c.cardId)).toEqual(['p2', 'p1']);
      expect(await storage.privateCardOwner(a.id, 'p2')).toBe(m2);
      expect(await storage.waitingPrivateCount(a.id)).toBe(2);
      // Only the author deletes it.
      expect(await storage.deletePrivateCard(a.id, 'p2', m1)).toBe(false);
      expect(await storage.deletePrivateCard(a.id, 'p2', m2)).toBe(true);
      expect(await storage.privateCardOwner(a.id, 'p2')).toBeUndefined();
    });

    it("[J6] an id another member's private card holds is refused as taken, revealed or not", async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const [m1, m2] = make.twoMembers(a);
      await storage.putPrivateCard(card(a.id, m1, 'waiting'), { max: 20 });
      await storage.putPrivateCard(card(a.id, m1, 'shown'), { max: 20 });
      await reveal(storage, a.id, ['shown']);
      for (const id of ['waiting', 'shown']) {
        expect(
          await storage.putPrivateCard(card(a.id, m2, id, { text: 'mine now' }), { max: 20 }),
        ).toBe('taken');
        expect(await storage.privateCardOwner(a.id, id)).toBe(m1);
      }
      expect((await storage.privateCards(a.id, m1)).map((c) => c.text)).toEqual([
        'text of shown',
        'text of waiting',
      ]);
      // Ids are per session.
      const b = await make.session(storage);
      expect(
        await storage.putPrivateCard(card(b.id, b.participants[0]!.id, 'waiting'), { max: 20 }),
      ).toBeUndefined();
    });

    it('[J6] a revealed card is no longer changed or deleted by its author', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const m = a.participants[0]!.id;
      await storage.putPrivateCard(card(a.id, m, 'p'), { max: 20 });
      await reveal(storage, a.id, ['p']);
      expect(await storage.putPrivateCard(card(a.id, m, 'p', { text: 'late' }), { max: 20 })).toBe(
        'revealed',
      );
      expect(await storage.deletePrivateCard(a.id, 'p', m)).toBe(false);
      expect(await storage.privateCards(a.id, m)).toMatchObject([
        { text: 'text of p', revealedAt: 2000 },
      ]);
    });

    it('[J6] at most `max` cards wait per member; revealed ones do not count, and changing one at the cap passes', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const [m1, m2] = make.twoMembers(a);
      for (let i = 0; i < 3; i++) {
        expect(await storage.putPrivateCard(card(a.id, m1, `c${i}`), { max: 3 })).toBeUndefined();
      }
      expect(await storage.putPrivateCard(card(a.id, m1, 'c3'), { max: 3 })).toBe('overCap');
      expect(
        await storage.putPrivateCard(card(a.id, m1, 'c0', { text: 'edit' }), { max: 3 }),
      ).toBeUndefined();
      expect(await storage.putPrivateCard(card(a.id, m2, 'other'), { max: 3 })).toBeUndefined();
      await reveal(storage, a.id, ['c0']);
      expect(await storage.putPrivateCard(card(a.id, m1, 'c3'), { max: 3 })).toBeUndefined();
      expect(await storage.privateCardOwner(a.id, 'c3')).toBe(m1);
    });

    it('[J6] concurrent puts cannot pass a check together: one id, one owner; one member, at most `max`', async () => {
      const { storage } = fx();
      const a = await make.session(storage, { participants: 6 });
      const ids = a.participants.map((p) => p.id);
      const race = await Promise.all(
        ids.map((m) => storage.putPrivateCard(card(a.id, m, 'same'), { max: 20 })),
      );
      expect(race.filter((r) => r === undefined)).toHaveLength(1);
      expect(race.filter((r) => r === 'taken')).toHaveLength(ids.length - 1);
      expect(await storage.privateCardOwner(a.id, 'same')).toBe(ids[race.indexOf(undefined)]);

      const m = ids[0]!;
      const flood = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          storage.putPrivateCard(card(a.id, m, `f${i}`), { max: 20 }),
        ),
      );
      const already = race[0] === undefined ? 1 : 0;
      expect(flood.filter((r) => r === undefined)).toHaveLength(20 - already);
      expect(flood.filter((r) => r === 'overCap')).toHaveLength(5 + already);
      expect((await storage.privateCards(a.id, m)).length).toBe(20);
    });
  });

  describeStorage('screening private cards', open, (fx) => {
    it('[J16] the facilitator hides, shows and merges waiting cards; a merge needs a waiting card that is shown', async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      const [m1, m2] = make.twoMembers(a);
      const order = [
        [m1, 'stray'],
        [m1, 'first'],
        [m2, 'dup'],
        [m2, 'twice'],
      ] as const;
      for (const [i, [m, id]] of order.entries()) {
        await storage.putPrivateCard(card(a.id, m, id, { createdAt: 1000 + i }), { max: 20 });
      }
      const screening = async () =>
        (await storage.privateCards(a.id)).map((c) => [c.cardId, c.hidden, c.mergedInto]);
      const hide = { hidden: true, mergedInto: null };
      const into = (target: string) => ({ hidden: true, mergedInto: target });

      expect(await storage.screenPrivateCard(a.id, 'stray', hide)).toBeUndefined();
      expect(await storage.screenPrivateCard(a.id, 'dup', into('stray'))).toBe('badTarget');
      expect(await storage.screenPrivateCard(a.id, 'dup', into('dup'))).toBe('badTarget');
      expect(await storage.screenPrivateCard(a.id, 'dup', into('gone'))).toBe('badTarget');
      expect(await storage.screenPrivateCard(a.id, 'gone', hide)).toBe('notWaiting');
      // Another session's card of the same id is not this session's.
      expect(await storage.screenPrivateCard(b.id, 'stray', hide)).toBe('notWaiting');
      expect(await storage.screenPrivateCard(a.id, 'dup', into('twice'))).toBeUndefined();
      // What was merged into `twice` follows it: merges never chain.
      expect(await storage.screenPrivateCard(a.id, 'twice', into('first'))).toBeUndefined();
      expect(await screening()).toEqual([
        ['stray', true, null],
        ['first', false, null],
        ['dup', true, 'first'],
        ['twice', true, 'first'],
      ]);
      // The author's put changes the words, never the screening.
      await storage.putPrivateCard(card(a.id, m1, 'stray', { text: 'test 1234' }), { max: 20 });
      expect((await screening())[0]).toEqual(['stray', true, null]);
      expect(
        await storage.screenPrivateCard(a.id, 'twice', { hidden: false, mergedInto: null }),
      ).toBeUndefined();
      expect((await screening())[3]).toEqual(['twice', false, null]);
      // Once revealed, a card is screened no more.
      await reveal(storage, a.id, ['first', 'stray']);
      expect(await storage.screenPrivateCard(a.id, 'first', hide)).toBe('notWaiting');
      expect(await storage.screenPrivateCard(a.id, 'dup', into('first'))).toBe('badTarget');
      expect(await storage.waitingPrivateCount(a.id)).toBe(2);
    });
  });

  describeStorage('votes and owners', open, (fx) => {
    it('[J7] votes are written with their batch and read per member and card; a count of 0 removes one', async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      const [m1, m2] = make.twoMembers(a);
      const vote = (sessionId: string, memberId: string, cardId: string, count: number) => ({
        type: 'vote' as const,
        sessionId,
        memberId,
        cardId,
        count,
      });
      await storage.appendUpdates(
        [entry(a.id, 'totals')],
        [],
        [vote(a.id, m1, 'c1', 2), vote(a.id, m1, 'c2', 1), vote(a.id, m2, 'c1', 1)],
      );
      await storage.appendUpdates(
        [entry(a.id, 'totals')],
        [],
        [
          vote(a.id, m1, 'c1', 3),
          vote(a.id, m1, 'c2', 0),
          vote(b.id, b.participants[0]!.id, 'c1', 1),
        ],
      );
      expect(await storage.votesOfSession(a.id)).toEqual(
        new Map([
          [m1, new Map([['c1', 3]])],
          [m2, new Map([['c1', 1]])],
        ]),
      );
      expect((await storage.votesOfSession(b.id)).size).toBe(1);
    });

    it('[J8] the owner the server records for a card it wrote is the last one written', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const [m1, m2] = make.twoMembers(a);
      await storage.appendUpdates(
        [],
        [],
        [{ type: 'cardOwner', sessionId: a.id, cardId: 'c', memberId: m1 }],
      );
      await storage.appendUpdates(
        [],
        [],
        [{ type: 'cardOwner', sessionId: a.id, cardId: 'c', memberId: m2 }],
      );
      expect(await storage.cardOwners(a.id)).toEqual(new Map([['c', m2]]));
    });
  });

  describeStorage('bans and links', open, (fx) => {
    it('[J13] removing a member marks it removed and bans the device it joined with, in its session only', async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      const p = a.participants[0]!;
      expect(await storage.isRemoved(p.id)).toBe(false);
      expect(await storage.isBanned(a.id, p.deviceHash, undefined)).toBe(false);
      await storage.removeMember(p.id, 5);
      expect(await storage.isRemoved(p.id)).toBe(true);
      expect(await storage.isBanned(a.id, p.deviceHash, undefined)).toBe(true);
      expect(await storage.isBanned(a.id, a.participants[1]!.deviceHash, p.name)).toBe(false);
      expect(await storage.isBanned(b.id, p.deviceHash, undefined)).toBe(false);
      // A member that named no device bans nothing by its removal.
      const { id } = await make.member(storage, a, { device: false });
      await storage.removeMember(id, 6);
      expect(await storage.isRemoved(id)).toBe(true);
      expect(await storage.isBanned(a.id, undefined, undefined)).toBe(false);
    });

    it('[J13] a blocked name is refused however it is spelled, in its session only', async () => {
      const { storage } = fx();
      const [a, b] = await make.twoSessions(storage);
      await storage.blockName(a.id, '  Ana   MARÍA ');
      for (const name of ['ana maría', 'ＡＮＡ maría', 'Ana\tMaría']) {
        expect(await storage.isBanned(a.id, undefined, name), name).toBe(true);
      }
      expect(await storage.isBanned(a.id, undefined, 'Ana Maria')).toBe(false);
      expect(await storage.isBanned(b.id, undefined, 'ana maría')).toBe(false);
    });

    it('a commitment link is found by its token hash only', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const link = {
        tokenHash: uid('h'),
        sessionId: a.id,
        cardId: 'c',
        memberId: a.participants[0]!.id,
        createdAt: 7,
      };
      await storage.addCommitmentLink(link);
      expect(await storage.commitmentLink(link.tokenHash)).toEqual(link);
      expect(await storage.commitmentLink('other')).toBeUndefined();
    });
  });
}
