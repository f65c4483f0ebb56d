import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { ERASED_MEMBER, type Storage } from '@trellis/server';
import {
  Board,
  bytesOf,
  describeStorage,
  entry,
  expectGone,
  make,
  uid,
  type OpenStorage,
  type TestSession,
} from './fixtures';

const DAY = 86_400_000;

/** What the server's scrub does to a log entry, reduced to bytes: every copy of `secret` goes. */
const scrubber =
  (secret: string) =>
  (bytes: Uint8Array): Uint8Array | undefined => {
    const text = Buffer.from(bytes).toString('latin1');
    if (!text.includes(secret)) return undefined;
    return new Uint8Array(
      Buffer.from(text.replaceAll(secret, '#'.repeat(secret.length)), 'latin1'),
    );
  };

/** A member with a name and a device no other test data contains. */
async function addPerson(storage: Storage, session: TestSession) {
  const person = await make.member(storage, session, { name: `Zélie Quuxwright ${uid('n')}` });
  return { ...person, name: person.name!, deviceHash: person.deviceHash! };
}

/** Leaves a member's traces in every table: log, binding, vote, owner, private cards, link, bans. */
async function leaveTraces(storage: Storage, s: TestSession, person: { id: string; name: string }) {
  const board = new Board();
  const named = board.change((cards) => cards.set('hers', new Y.Map([['authorId', person.id]])));
  await storage.putPrivateCard(
    {
      sessionId: s.id,
      cardId: 'waiting',
      memberId: person.id,
      kind: 'statement',
      text: 'w',
      anonymous: true,
      createdAt: 1,
    },
    { max: 20 },
  );
  await storage.putPrivateCard(
    {
      sessionId: s.id,
      cardId: 'shown',
      memberId: person.id,
      kind: 'statement',
      text: 's',
      anonymous: true,
      createdAt: 1,
    },
    { max: 20 },
  );
  const [seq] = await storage.appendUpdates(
    [{ ...entry(s.id, '', person.id), update: named }, entry(s.id, 'reveal')],
    [{ sessionId: s.id, clientId: 41, memberId: person.id }],
    [
      { type: 'vote', sessionId: s.id, memberId: person.id, cardId: 'c', count: 1 },
      { type: 'cardOwner', sessionId: s.id, cardId: 'shown', memberId: person.id },
      { type: 'privateRevealed', sessionId: s.id, cardIds: ['shown'], time: 2 },
    ],
  );
  await storage.writeCheckpoint(s.id, seq!, 3, board.state());
  await storage.addCommitmentLink({
    tokenHash: `link-${person.id}`,
    sessionId: s.id,
    cardId: 'hers',
    memberId: person.id,
    createdAt: 4,
  });
  await storage.removeMember(person.id, 5);
  await storage.blockName(s.id, person.name);
}

/** Erasure and retention ([Y7], [Y6]): afterwards the data is gone from every table and file. */
export function dataProtectionContract(open: OpenStorage): void {
  describeStorage('erasure', open, (fx) => {
    it('[Y7] erasing a member leaves neither her name nor her id, in her session and its follow-ups; what she wrote stays bound to @erased', async () => {
      const { storage } = fx();
      const a = await make.session(storage);
      const follow = await make.session(storage, { extras: () => ({ followUpOf: a.id }) });
      const her = await addPerson(storage, a);
      const other = a.participants[0]!;
      await leaveTraces(storage, a, her);
      await storage.appendUpdates(
        [entry(a.id, 'theirs', other.id)],
        [{ sessionId: a.id, clientId: 42, memberId: other.id }],
        [{ type: 'vote', sessionId: a.id, memberId: other.id, cardId: 'c', count: 2 }],
      );
      // The follow-up's copy of her commitment names her, written by the server.
      const copy = new Board().change((cards) =>
        cards.set('prev-hers', new Y.Map([['authorId', her.id]])),
      );
      await storage.appendUpdates([{ ...entry(follow.id, ''), update: copy }], []);

      const rewritten = await storage.eraseMember([a.id, follow.id], her.id, scrubber(her.id));
      // Her entry and her checkpoint in the session, the copy in the follow-up.
      expect(rewritten).toBe(3);
      expect(await storage.memberById(her.id)).toBeUndefined();
      expect(await storage.memberByTokenHash(her.tokenHash)).toBeUndefined();
      expect((await storage.membersOf(a.id)).map((m) => m.id)).not.toContain(her.id);
      for (const s of [a, follow]) {
        const log = await storage.updatesBetween(s.id, 0, 1000);
        expect(log.map((u) => u.memberId)).not.toContain(her.id);
        for (const u of log) expect(Buffer.from(u.update).includes(her.id)).toBe(false);
        const cp = (await storage.loadState(s.id)).checkpoint;
        if (cp) expect(Buffer.from(cp.state).includes(her.id)).toBe(false);
      }
      expect((await storage.updatesBetween(a.id, 1, 2))[0]?.memberId).toBeNull();
      expect(await storage.logBytesByMember(a.id)).toEqual(new Map([[other.id, 'theirs'.length]]));
      expect(await storage.votesOfSession(a.id)).toEqual(
        new Map([[other.id, new Map([['c', 2]])]]),
      );
      expect(await storage.clientBindings(a.id)).toEqual(
        new Map([
          [41, ERASED_MEMBER],
          [42, other.id],
        ]),
      );
      expect(await storage.cardOwners(a.id)).toEqual(new Map([['shown', ERASED_MEMBER]]));
      expect(await storage.privateCards(a.id)).toMatchObject([
        { cardId: 'shown', memberId: ERASED_MEMBER, text: '', revealedAt: 2 },
      ]);
      expect(await storage.commitmentLink(`link-${her.id}`)).toBeUndefined();
      expect(await storage.isBanned(a.id, her.deviceHash, her.name)).toBe(false);
      expect(await storage.memberById(other.id)).toBeDefined();
      await expectGone(fx(), [her.id, her.name, her.name.toLowerCase(), her.deviceHash]);
    });
  });

  describeStorage('retention', open, (fx) => {
    it('[Y6] a session is purged from every table and file once its retention has passed, and no other', async () => {
      const { storage } = fx();
      const t0 = Date.UTC(2026, 0, 1);
      const old = await make.session(storage, {
        createdAt: t0,
        extras: () => ({ retentionDays: 2 }),
      });
      const kept = await make.session(storage, { createdAt: t0 });
      const person = await addPerson(storage, old);
      await leaveTraces(storage, old, person);
      const marker = `purged payload ${uid('x')}`;
      const [last] = await storage.appendUpdates(
        [entry(old.id, marker, null, t0)],
        [],
        [{ type: 'sessionEnded', sessionId: old.id, time: t0 + DAY }],
      );
      await storage.addSnapshot({
        sessionId: old.id,
        seq: last!,
        time: t0,
        label: 'end',
        kind: 'end',
      });

      expect(await storage.expiredSessions(t0 + 3 * DAY - 1, 180)).not.toContain(old.id);
      const expired = await storage.expiredSessions(t0 + 3 * DAY + 1, 180);
      expect(expired).toContain(old.id);
      expect(expired).not.toContain(kept.id);
      // Without its own retention a session keeps the default, counted from its last change.
      expect(await storage.expiredSessions(t0 + 180 * DAY + 1, 180)).toContain(kept.id);

      await storage.purgeSessions([old.id]);
      expect(await storage.sessionById(old.id)).toBeUndefined();
      expect(await storage.sessionByJoinCode(old.joinCode)).toBeUndefined();
      expect(await storage.memberByTokenHash(old.participants[0]!.tokenHash)).toBeUndefined();
      expect(await storage.membersOf(old.id)).toEqual([]);
      expect(await storage.loadState(old.id)).toEqual({ checkpoint: undefined, tail: [] });
      expect(await storage.snapshots(old.id)).toEqual([]);
      expect(await storage.privateCards(old.id)).toEqual([]);
      expect((await storage.votesOfSession(old.id)).size).toBe(0);
      expect((await storage.clientBindings(old.id)).size).toBe(0);
      expect((await storage.cardOwners(old.id)).size).toBe(0);
      expect(await storage.commitmentLink(`link-${person.id}`)).toBeUndefined();
      expect(await storage.isBanned(old.id, person.deviceHash, person.name)).toBe(false);
      expect((await storage.listSessions()).map((s) => s.id)).not.toContain(old.id);
      expect(await storage.sessionById(kept.id)).toBeDefined();
      expect((await storage.loadState(kept.id)).tail).toEqual([
        { seq: 1, update: bytesOf('seed') },
      ]);
      await expectGone(fx(), [
        old.title,
        marker,
        person.name,
        person.name.toLowerCase(),
        person.id,
      ]);
    });
  });
}
