import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardEntry,
  cardsOf,
  CloseCode,
  deleteCard,
  listCards,
  setCardText,
  type MyVotes,
} from '@trellis/shared';
import { provider, rawClient, updateFrom } from '../helpers/clients';
import { ok, send } from '../helpers/requests';
import { eventually, startServer } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer();
const { cleanups } = s;
const control = (token: string) => s.control(token);
const board = (sessionId: string, token: string) => s.board(sessionId, token);

async function trust() {
  const created = await s.createSession('Hardened', { template: 'trust' });
  const ana = await s.join(created.joinCode, 'Ana');
  const ben = await s.join(created.joinCode, 'Ben');
  const fac = await control(created.facilitatorToken);
  const facBoard = board(created.id, created.facilitatorToken);
  await facBoard.synced;
  return { created, ana, ben, fac, facBoard };
}

async function joinWith(code: string, body: Record<string, unknown>) {
  const res = await fetch(`${s.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('takeovers', () => {
  it('[J6] a private card cannot take the id of a card that is or was on the board, and a reveal never hands one over', async () => {
    const { created, ana, ben, fac, facBoard } = await trust();
    addCard(facBoard.doc, { id: 'rule', kind: 'statement', text: 'We listen', zone: 'rules' });
    addCard(facBoard.doc, { id: 'gone', kind: 'statement', text: 'removed later' });
    deleteCard(facBoard.doc, 'gone');
    await ok(fac, 'facilitate', { type: 'phase:go', index: 1 });
    const phone = await control(ana.token);
    for (const id of ['rule', 'gone']) {
      expect(
        await send(phone, 'private:put', { id, kind: 'statement', text: 'mine', anonymous: true }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // The id is free when written, and taken on the board before the reveal.
    await ok(phone, 'private:put', { id: 'race', kind: 'statement', text: 'A', anonymous: false });
    await ok(phone, 'private:put', { id: 'fine', kind: 'statement', text: 'B', anonymous: true });
    addCard(facBoard.doc, { id: 'race', kind: 'synthesis', text: 'the facilitator’s' });
    const screen = board(created.id, created.projectorToken);
    await eventually(() => expect(cardsOf(screen.doc).has('race')).toBe(true));
    await ok(fac, 'facilitate', { type: 'reveal' });
    await eventually(() =>
      expect(listCards(facBoard.doc).map((c) => c.id)).toEqual(
        expect.arrayContaining(['rule', 'race', 'fine']),
      ),
    );
    expect(listCards(facBoard.doc).find((c) => c.id === 'race')?.text).toBe('the facilitator’s');
    const owners = await s.app.storage.cardOwners(created.id);
    expect(owners.get('race')).toBeUndefined();
    expect(owners.get('fine')).toBe(ana.participantId);
    // Ana cannot edit the facilitator's card, and Ben was never anyone's owner.
    const raw = rawClient(s.wsUrl, created.id, ana.token);
    await raw.opened;
    await ok(fac, 'facilitate', { type: 'phase:go', index: 3 });
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(facBoard.doc));
    raw.sendUpdate(updateFrom(515151, (d) => setCardText(d, 'race', 'taken'), base));
    expect((await raw.closed).code).toBe(CloseCode.Forbidden);
    expect([...owners.values()]).not.toContain(ben.participantId);
  });

  it('[P2] the seed and last session’s commitment copies are the server’s: writing under their clientID is refused', async () => {
    const first = await trust();
    await ok(first.fac, 'facilitate', { type: 'phase:go', index: 3 });
    const pa = board(first.created.id, first.ana.token);
    await pa.synced;
    addCard(pa.doc, {
      id: 'promise',
      kind: 'commitment',
      text: 'I will call Ben',
      authorId: first.ana.participantId,
      zone: 'commitments',
    });
    await eventually(() => expect(cardsOf(first.facBoard.doc).has('promise')).toBe(true));
    await ok(first.fac, 'facilitate', { type: 'session:end' });
    const next = await s.createSession('Next time', {
      template: 'trust',
      followUpOf: first.created.id,
    });
    const eve = await s.join(next.joinCode, 'Eve');
    const screen = board(next.id, next.projectorToken);
    await screen.synced;
    const copy = cardEntry(screen.doc, 'prev-promise');
    expect(copy).toBeDefined();
    const seedClient = copy!.id.client;
    expect((await s.app.storage.clientBindings(next.id)).get(seedClient)).toBe('@server');
    const attacker = rawClient(s.wsUrl, next.id, eve.token);
    await attacker.opened;
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(screen.doc));
    attacker.sendUpdate(
      updateFrom(
        seedClient,
        (d) => addCard(d, { id: 'mine', kind: 'note', text: 'x', authorId: eve.participantId }),
        base,
      ),
    );
    const closed = await attacker.closed;
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason).toContain('[P2]');
    expect(cardsOf(screen.doc).get('prev-promise')?.get('text')?.toString()).toBe(
      'I will call Ben',
    );
  });
});

describe('votes under concurrency', () => {
  it('[J7] twenty simultaneous votes, on one socket or several, never pass the budget', async () => {
    const { created, ana, fac, facBoard } = await trust();
    for (const id of ['s1', 's2', 's3']) {
      addCard(facBoard.doc, { id, kind: 'statement', text: id, zone: 'statements' });
    }
    await ok(fac, 'facilitate', { type: 'phase:go', index: 2 });
    const phone = await control(ana.token);
    await eventually(async () =>
      expect((await send(phone, 'vote', { cardId: 's1', delta: 1 })).ok).toBe(true),
    );
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send<MyVotes>(phone, 'vote', { cardId: `s${(i % 3) + 1}`, delta: 1 }),
      ),
    );
    expect(burst.filter((r) => r.ok)).toHaveLength(2);
    const second = await control(ana.token);
    await ok(phone, 'vote', { cardId: 's1', delta: -1 });
    const across = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        send<MyVotes>(i % 2 ? phone : second, 'vote', { cardId: 's2', delta: 1 }),
      ),
    );
    expect(across.filter((r) => r.ok)).toHaveLength(1);
    const stored = await s.app.storage.votesOfSession(created.id);
    const total = [...(stored.get(ana.participantId)?.values() ?? [])].reduce((a, b) => a + b, 0);
    expect(total).toBe(3);
  });
});

describe('removal', () => {
  it('[J13] a removed phone cannot come back with the same code; a blocked name cannot join', async () => {
    const { created, fac } = await trust();
    const device = 'device-of-ana-1234567890';
    const first = await joinWith(created.joinCode, { name: 'Ana', device });
    expect(first.status).toBe(200);
    await ok(fac, 'facilitate', {
      type: 'participant:remove',
      memberId: first.body.participantId,
    });
    const again = await joinWith(created.joinCode, { name: 'Ana again', device });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ error: { code: 'forbidden' } });
    // Another phone at the same venue still joins.
    expect(
      (await joinWith(created.joinCode, { name: 'Ben', device: 'another-device-0987654321' }))
        .status,
    ).toBe(200);
    // By name: the facilitator blocks "Eve"; her live connection is closed and "ＥＶＥ " is refused.
    const eve = await joinWith(created.joinCode, { name: 'Eve' });
    const eveBoard = rawClient(s.wsUrl, created.id, String(eve.body.token));
    await eveBoard.opened;
    await ok(fac, 'facilitate', { type: 'participant:block', name: 'eve' });
    expect((await eveBoard.closed).code).toBe(CloseCode.Forbidden);
    expect((await joinWith(created.joinCode, { name: 'ＥＶＥ ' })).status).toBe(403);
    expect((await joinWith(created.joinCode, { name: 'Evelyn' })).status).toBe(200);
  });
});

describe('volume', () => {
  it('[G12] a participant whose changes filled its share of the log is closed with 4413', async () => {
    const small = await startServer({ participantLogBytes: 64 * 1024 });
    cleanups.push(() => void small.close());
    const created = await small.createSession('Budget');
    const ben = await small.join(created.joinCode, 'Ben');
    const pb = provider(small.wsUrl, created.id, ben.token);
    cleanups.push(() => pb.provider.destroy());
    await pb.synced;
    const closed = new Promise<number>((resolve) =>
      pb.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    addCard(pb.doc, { id: 'b', kind: 'note', text: 'x', authorId: ben.participantId });
    // Rewriting the same card over and over: the board stays small, the log does not.
    for (let i = 0; i < 200 && pb.provider.wsconnected; i++) {
      setCardText(pb.doc, 'b', `${i % 2 ? 'a' : 'b'}`.repeat(400));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await closed).toBe(CloseCode.TooLarge);
    const spent = await small.app.storage.logBytesByMember(created.id);
    expect(spent.get(ben.participantId)).toBeGreaterThanOrEqual(64 * 1024);
    expect(spent.get(ben.participantId)).toBeLessThan(80 * 1024);
  });
});

describe('a room filling up', () => {
  it('[J10] a joining socket gets the signal counts itself; joining broadcasts nothing to the others', async () => {
    const { created, fac } = await trust();
    const first = await s.join(created.joinCode, 'First');
    const watcher = s.socket(first.token);
    // Its own counts come after connect, once the server has read them: not a broadcast.
    await new Promise((resolve) => watcher.once('signals', resolve));
    let broadcasts = 0;
    watcher.on('signals', () => broadcasts++);
    let facilitatorHeard = 0;
    fac.on('signals', () => facilitatorHeard++);
    const greeted = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const member = await s.join(created.joinCode, `p${i}`);
        const phone = s.socket(member.token);
        return new Promise<unknown>((resolve) => phone.once('signals', resolve));
      }),
    );
    expect(greeted).toHaveLength(20);
    for (const g of greeted) expect(g).toMatchObject({ ready: 0, hands: 0, privateCount: 0 });
    await new Promise((r) => setTimeout(r, 100));
    expect(broadcasts).toBe(0);
    expect(facilitatorHeard).toBe(0);
  });
});
