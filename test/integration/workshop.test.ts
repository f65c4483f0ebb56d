import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardsOf,
  CloseCode,
  isSeededRule,
  listCards,
  readWorkshop,
  setCardText,
  type ClientToServer,
} from '@trellis/shared';
import { rawClient, type TrellisSocket } from '../helpers/clients';
import { ok, send } from '../helpers/requests';
import { eventually } from '../helpers/server';
import { useServer } from '../helpers/suite';

/** The cards people wrote: the trust template's seeded ground rules left out. */
const written = (doc: Y.Doc) => listCards(doc).filter((c) => !isSeededRule(c.id));

const s = useServer();

async function trustSession() {
  const created = await s.createSession('Trust workshop', { template: 'trust' });
  const ana = await s.join(created.joinCode, 'Ana');
  const ben = await s.join(created.joinCode, 'Ben');
  const fac = open(created.facilitatorToken);
  await new Promise((r) => fac.once('session', r));
  return { created, ana, ben, fac };
}

const open = (token: string): TrellisSocket => s.socket(token);

const board = (sessionId: string, token: string) => s.board(sessionId, token);

describe('facilitator commands', () => {
  it('[J5] only a facilitator may run the session; bad payloads get bad_request', async () => {
    const { ana, fac } = await trustSession();
    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    expect(await send(phone, 'facilitate', { type: 'phase:go', index: 0 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await send(fac, 'facilitate', { type: 'phase:go', index: 'one' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await send(fac, 'facilitate', { type: 'launch:missiles' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await send(fac, 'facilitate', { type: 'phase:go', index: 9 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await send(fac, 'facilitate', { type: 'phase:go', index: 0 })).toEqual({
      ok: true,
      data: null,
    });
  });

  it('[J9] phases and a server-authoritative timer reach every screen', async () => {
    const { created, fac } = await trustSession();
    const screen = board(created.id, created.projectorToken);
    await screen.synced;
    expect(readWorkshop(screen.doc).phaseIndex).toBe(-1);
    await ok(fac, 'facilitate', { type: 'phase:go', index: 1 });
    await eventually(() => {
      const w = readWorkshop(screen.doc);
      expect(w.phase?.spec.id).toBe('statements');
      expect(w.timer).toMatchObject({ state: 'idle', remainingMs: 600_000 });
    });
    const before = Date.now();
    await ok(fac, 'facilitate', { type: 'timer:start' });
    const { now } = await ok<{ now: number }>(fac, 'clock');
    expect(Math.abs(now - Date.now())).toBeLessThan(1000);
    await eventually(() => {
      const t = readWorkshop(screen.doc).timer;
      expect(t.state).toBe('running');
      expect(t.endsAt! - before).toBeGreaterThanOrEqual(600_000);
      expect(t.endsAt! - Date.now()).toBeLessThanOrEqual(600_000);
    });
    await ok(fac, 'facilitate', { type: 'timer:extend', seconds: 60 });
    await ok(fac, 'facilitate', { type: 'timer:pause' });
    await eventually(() => {
      const t = readWorkshop(screen.doc).timer;
      expect(t.state).toBe('paused');
      expect(t.remainingMs).toBeGreaterThan(655_000);
      expect(t.remainingMs).toBeLessThanOrEqual(660_000);
    });
    await ok(fac, 'facilitate', {
      type: 'phase:edit',
      index: 1,
      prompt: 'What does trust mean to you?',
      timerSeconds: 120,
    });
    await eventually(() => {
      const p = readWorkshop(screen.doc).phases[1]!;
      expect(p.prompt).toBe('What does trust mean to you?');
      expect(p.timerSeconds).toBe(120);
    });
  });
});

describe('payload validation', () => {
  it('[S6] every event payload is validated: bad ones get bad_request and change nothing', async () => {
    const { ana, fac } = await trustSession();
    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    const bad: [TrellisSocket, keyof ClientToServer, unknown][] = [
      [fac, 'facilitate', { type: 'timer:extend', seconds: 1e9 }],
      [fac, 'facilitate', null],
      [phone, 'private:put', { id: '', kind: 'statement', text: 'x', anonymous: true }],
      [phone, 'private:put', { id: 'x', kind: 'poem', text: 'x', anonymous: true }],
      [
        phone,
        'private:put',
        { id: 'x', kind: 'statement', text: 'y'.repeat(501), anonymous: true },
      ],
      [phone, 'private:delete', 42],
      [phone, 'vote', { cardId: 'x', delta: 5 }],
      [phone, 'signal', { type: 'dance', on: true }],
      [phone, 'react', { emoji: '<script>' }],
    ];
    for (const [sock, event, payload] of bad) {
      expect(await send(sock, event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject(
        {
          ok: false,
          error: { code: 'bad_request' },
        },
      );
    }
    expect(phone.connected && fac.connected).toBe(true);
  });
});

describe('writing rules', () => {
  it('[J1] a locked board rejects participant cards', async () => {
    const { created, ana, fac } = await trustSession();
    await ok(fac, 'facilitate', { type: 'phase:go', index: 3 }); // commitment: open writing
    await ok(fac, 'facilitate', { type: 'lock', locked: true });
    const raw = rawClient(s.wsUrl, created.id, ana.token);
    await raw.opened;
    const doc = new Y.Doc();
    addCard(doc, { id: 'c', kind: 'commitment', text: 'I bring tea', authorId: ana.participantId });
    raw.sendUpdate(Y.encodeStateAsUpdate(doc));
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason).toContain('[J1]');
    await ok(fac, 'facilitate', { type: 'lock', locked: false });
    const phone = board(created.id, ana.token);
    await phone.synced;
    addCard(phone.doc, {
      id: 'c2',
      kind: 'commitment',
      text: 'I bring tea',
      authorId: ana.participantId,
      org: 'Maison de quartier',
      step: 'Ask the coordinator',
      by: 'next Friday',
    });
    const screen = board(created.id, created.projectorToken);
    await eventually(() => expect(written(screen.doc).map((c) => c.id)).toEqual(['c2']));
    expect(written(screen.doc)[0]).toMatchObject({
      org: 'Maison de quartier',
      step: 'Ask the coordinator',
      by: 'next Friday',
    });
  });

  it('[J2] phones add only the card kinds the current phase takes, through the document', async () => {
    const { created, ana, fac } = await trustSession();
    const attempt = async (kind: 'statement' | 'commitment') => {
      const raw = rawClient(s.wsUrl, created.id, ana.token);
      await raw.opened;
      const doc = new Y.Doc();
      addCard(doc, { id: `k${Math.random()}`, kind, text: 'x', authorId: ana.participantId });
      raw.sendUpdate(Y.encodeStateAsUpdate(doc));
      return Promise.race([
        raw.closed,
        new Promise((r) => setTimeout(() => r('open'), 300)),
      ]).finally(() => raw.ws.close());
    };
    await ok(fac, 'facilitate', { type: 'phase:go', index: 0 }); // ground rules: no cards
    expect(await attempt('statement')).toMatchObject({ code: CloseCode.Forbidden });
    await ok(fac, 'facilitate', { type: 'phase:go', index: 1 }); // private: not via the document
    expect(await attempt('statement')).toMatchObject({ code: CloseCode.Forbidden });
    await ok(fac, 'facilitate', { type: 'phase:go', index: 3 }); // commitments only
    expect(await attempt('statement')).toMatchObject({ code: CloseCode.Forbidden });
    expect(await attempt('commitment')).toBe('open');
  });
});

describe('private writing', () => {
  it('[J6] before reveal, nobody else can obtain a private card: not in the document, awareness or broadcasts', async () => {
    const { created, ana, ben, fac } = await trustSession();
    const secret = `secret-${Math.random()}`;
    const heard: string[] = [];
    const listeners = [open(ben.token), open(created.projectorToken), fac];
    for (const l of listeners)
      l.onAny((event, ...args) => heard.push(JSON.stringify([event, args])));
    const docs = [
      board(created.id, ben.token),
      board(created.id, created.facilitatorToken),
      board(created.id, created.projectorToken),
    ];
    await Promise.all(docs.map((d) => d.synced));
    await ok(fac, 'facilitate', { type: 'phase:go', index: 1 });

    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    const mine = await ok<{ id: string; text: string }[]>(phone, 'private:put', {
      id: 'p1',
      kind: 'statement',
      text: secret,
      anonymous: true,
    });
    expect(mine.map((c) => c.text)).toEqual([secret]);
    // Nobody may overwrite it by reusing its id.
    const bens = open(ben.token);
    await new Promise((r) => bens.once('session', r));
    expect(
      await send(bens, 'private:put', {
        id: 'p1',
        kind: 'statement',
        text: 'hijack',
        anonymous: true,
      }),
    ).toMatchObject({ ok: false });
    await eventually(() => expect(heard.some((h) => h.includes('"privateCount":1'))).toBe(true));
    await new Promise((r) => setTimeout(r, 100));
    for (const d of docs) {
      expect(JSON.stringify(d.doc.getMap('cards').toJSON())).not.toContain(secret);
      expect(JSON.stringify([...d.provider.awareness.getStates().values()])).not.toContain(secret);
    }
    expect(heard.join('\n')).not.toContain(secret);
    const stored = await s.app.storage.loadState(created.id);
    const logged = new Y.Doc();
    for (const e of stored.tail) Y.applyUpdate(logged, e.update);
    expect(JSON.stringify(logged.getMap('cards').toJSON())).not.toContain(secret);
  });

  it('[J8] reveal puts every private card on the board at once; anonymous stays anonymous and editable by its author only', async () => {
    const { created, ana, ben, fac } = await trustSession();
    await ok(fac, 'facilitate', { type: 'phase:go', index: 1 });
    const phoneA = open(ana.token);
    const phoneB = open(ben.token);
    await Promise.all([phoneA, phoneB].map((p) => new Promise((r) => p.once('session', r))));
    await ok(phoneA, 'private:put', {
      id: 'a1',
      kind: 'statement',
      text: 'Trust is shown',
      anonymous: true,
    });
    await ok(phoneB, 'private:put', {
      id: 'b1',
      kind: 'statement',
      text: 'Small steps',
      anonymous: false,
    });
    const screen = board(created.id, created.projectorToken);
    await screen.synced;
    expect(written(screen.doc)).toHaveLength(0);
    await ok(fac, 'facilitate', { type: 'reveal' });
    await eventually(() =>
      expect(
        written(screen.doc)
          .map((c) => c.text)
          .sort(),
      ).toEqual(['Small steps', 'Trust is shown']),
    );
    const cards = written(screen.doc);
    expect(cards.find((c) => c.id === 'a1')?.authorId).toBeUndefined();
    expect(cards.find((c) => c.id === 'b1')?.authorId).toBe(ben.participantId);
    expect(cards.every((c) => c.zone === 'statements')).toBe(true);

    await ok(fac, 'facilitate', { type: 'phase:go', index: 3 }); // an open phase, so edits are allowed
    // The author rewrites her anonymous card through the server, never under her own clientID.
    await ok(phoneA, 'anon:put', { id: 'a1', kind: 'statement', text: 'Trust is shown, not told' });
    await eventually(() =>
      expect(listCards(screen.doc).find((c) => c.id === 'a1')?.text).toBe(
        'Trust is shown, not told',
      ),
    );
    const benRaw = rawClient(s.wsUrl, created.id, ben.token);
    await benRaw.opened;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(screen.doc));
    copy.clientID = 99_999_999;
    let edit: Uint8Array | undefined;
    copy.on('update', (u: Uint8Array) => (edit = u));
    setCardText(copy, 'a1', 'Ben was here');
    benRaw.sendUpdate(edit!);
    expect((await benRaw.closed).code).toBe(CloseCode.Forbidden);
    expect(
      await send(phoneB, 'anon:put', { id: 'a1', kind: 'statement', text: 'Ben' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('votes, signals, removal, end', () => {
  it('[J7] dot votes open with the voting phase, stay within the budget, and results stay hidden until the vote closes', async () => {
    const { created, ana, fac } = await trustSession();
    const fb = board(created.id, created.facilitatorToken);
    await fb.synced;
    addCard(fb.doc, { id: 's1', kind: 'statement', text: 'one' });
    addCard(fb.doc, { id: 's2', kind: 'statement', text: 'two' });
    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    await eventually(async () =>
      expect(await send(phone, 'vote', { cardId: 's1', delta: 1 })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      }),
    );
    await ok(fac, 'facilitate', { type: 'phase:go', index: 2 });
    await ok(phone, 'vote', { cardId: 's1', delta: 1 });
    await ok(phone, 'vote', { cardId: 's1', delta: 1 });
    const third = await ok<{ remaining: number; votes: Record<string, number> }>(phone, 'vote', {
      cardId: 's2',
      delta: 1,
    });
    expect(third).toEqual({ votes: { s1: 2, s2: 1 }, remaining: 0 });
    expect(await send(phone, 'vote', { cardId: 's2', delta: 1 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await send(phone, 'vote', { cardId: 'nope', delta: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await ok(phone, 'vote', { cardId: 's1', delta: -1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(readWorkshop(fb.doc).results).toEqual({});
    await ok(fac, 'facilitate', { type: 'vote:close' });
    await eventually(() => expect(readWorkshop(fb.doc).results).toEqual({ s1: 1, s2: 1 }));
    expect(await send(phone, 'vote', { cardId: 's1', delta: 1 })).toMatchObject({ ok: false });
  });

  it('[J10] ready checks and raised hands: counts for everyone, names for facilitators', async () => {
    const { created, ana, ben, fac } = await trustSession();
    const facSignals: unknown[] = [];
    fac.on('signals', (x) => facSignals.push(x));
    const watcher = open(ben.token);
    const phoneSignals: unknown[] = [];
    watcher.on('signals', (x) => phoneSignals.push(x));
    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    await ok(phone, 'signal', { type: 'ready', on: true });
    await ok(phone, 'signal', { type: 'hand', on: true });
    await eventually(() => {
      expect(facSignals.at(-1)).toMatchObject({
        ready: 1,
        hands: 1,
        who: { ready: [ana.participantId], hands: [ana.participantId] },
      });
      expect(phoneSignals.at(-1)).toMatchObject({ ready: 1, hands: 1 });
      expect(phoneSignals.at(-1)).not.toHaveProperty('who');
    });
    await ok(fac, 'facilitate', { type: 'phase:go', index: 0 });
    await eventually(() => expect(facSignals.at(-1)).toMatchObject({ ready: 0, hands: 0 }));
    void created;
  });

  it('[J12] a reconnecting phone gets its own ready, hand and agree back; a new phase lowers them', async () => {
    const { ana, fac } = await trustSession();
    const first = open(ana.token);
    await new Promise((r) => first.once('session', r));
    await ok(first, 'signal', { type: 'ready', on: true });
    await ok(first, 'signal', { type: 'hand', on: true });
    await ok(first, 'signal', { type: 'hand', on: false });
    await ok(first, 'signal', { type: 'agree', on: true });
    first.disconnect();

    const again = open(ana.token);
    const mine = await new Promise((r) => again.once('signals:mine', r));
    expect(mine).toEqual({ ready: true, hand: false, agree: true });

    // A second device of the same member follows a toggle made on the first.
    const follows: unknown[] = [];
    again.on('signals:mine', (x) => follows.push(x));
    const other = open(ana.token);
    await new Promise((r) => other.once('signals:mine', r));
    await ok(other, 'signal', { type: 'hand', on: true });
    await eventually(() =>
      expect(follows.at(-1)).toEqual({ ready: true, hand: true, agree: true }),
    );

    await ok(fac, 'facilitate', { type: 'phase:go', index: 1 });
    const later = open(ana.token);
    expect(await new Promise((r) => later.once('signals:mine', r))).toEqual({
      ready: false,
      hand: false,
      agree: true,
    });
  });

  it('[J4] a removed participant is disconnected and cannot come back with its token', async () => {
    const { created, ana, fac } = await trustSession();
    const raw = rawClient(s.wsUrl, created.id, ana.token);
    await raw.opened;
    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    const gone = new Promise((r) => phone.once('disconnect', r));
    await ok(fac, 'facilitate', { type: 'participant:remove', memberId: ana.participantId });
    expect((await raw.closed).code).toBe(CloseCode.Forbidden);
    await gone;
    const again = rawClient(s.wsUrl, created.id, ana.token);
    expect((await again.closed).code).toBe(CloseCode.Forbidden);
    const sock = open(ana.token);
    expect(await new Promise((r) => sock.once('connect_error', (e) => r(e.message)))).toBe(
      'forbidden',
    );
    expect(
      await send(fac, 'facilitate', {
        type: 'participant:remove',
        memberId: created.facilitatorToken,
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('[J11] ending the session closes every board connection with 4410 and kills the join code', async () => {
    const { created, ana, fac } = await trustSession();
    const raw = rawClient(s.wsUrl, created.id, ana.token);
    await raw.opened;
    await ok(fac, 'facilitate', { type: 'session:end' });
    expect((await raw.closed).code).toBe(CloseCode.SessionEnded);
    const res = await fetch(`${s.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: created.joinCode }),
    });
    expect(res.status).toBe(410);
    const stored = await s.app.storage.loadState(created.id);
    const doc = new Y.Doc();
    if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint.state);
    for (const e of stored.tail) Y.applyUpdate(doc, e.update);
    expect(readWorkshop(doc).ended).toBe(true);
    void cardsOf;
  });
});
