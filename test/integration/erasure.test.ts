import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  BoardAt,
  cardsOf,
  listCards,
  MemberErased,
  SessionMembers,
  setCardText,
} from '@trellis/shared';
import {
  provider,
  rawClient,
  socket,
  updateFrom,
  type RawClient,
  type TrellisSocket,
} from '../helpers/clients';
import { command, pause, recordWorkshop } from '../helpers/record';
import { ok } from '../helpers/requests';
import { eventually, ORGANISER_KEY, storedBytes } from '../helpers/server';
import { useServer } from '../helpers/suite';

/**
 * [Y7] Erasing a participant: her name and id leave every database file, in her session and in
 * every follow-up that copied her commitments, while history still replays; what she wrote stays
 * bound to a tombstone, so nobody can take it over ([P2]).
 */
const s = useServer();
const { cleanups } = s;

const auth = { authorization: `Bearer ${ORGANISER_KEY}` };
const get = (p: string) => fetch(`${s.url}/api/history${p}`, { headers: auth });
const erase = (sessionId: string, memberId: string) =>
  fetch(`${s.url}/api/history/sessions/${sessionId}/members/${memberId}`, {
    method: 'DELETE',
    headers: auth,
  });
const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2)}`;

function connect(token: string): Promise<TrellisSocket> {
  const sock = socket(s.url, token);
  cleanups.push(() => sock.disconnect());
  return new Promise((resolve) => sock.once('session', () => resolve(sock)));
}

/** Everything the database holds (SQLite's files, or PostgreSQL's rows): what a backup would. */
const databaseBytes = (): Promise<Buffer> => storedBytes(s.dataDir);

async function boardOf(sessionId: string): Promise<Y.Doc> {
  const body = BoardAt.parse(await (await get(`/sessions/${sessionId}/state`)).json());
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(body.update, 'base64'));
  return doc;
}

/**
 * A trust workshop in which Amira leaves her marks everywhere: an anonymous private card the
 * reveal gave her (card owner), one still waiting, a vote, her own named commitment written from
 * her phone (her clientID bound) with a kept link to it, and an anonymous commitment the server
 * wrote for her (card owner).
 */
async function amirasWorkshop() {
  const name = unique('Amira');
  const created = await s.createSession(unique('Erasure '), { template: 'trust' });
  const amira = await s.join(created.joinCode, name);
  const fac = await connect(created.facilitatorToken);
  const phone = await connect(amira.token);
  const watcher = provider(s.wsUrl, created.id, created.facilitatorToken);
  cleanups.push(() => watcher.provider.destroy());
  const mine = provider(s.wsUrl, created.id, amira.token);
  await Promise.all([watcher.synced, mine.synced]);

  await command(fac, { type: 'phase:go', index: 1 });
  const put = (id: string, text: string) =>
    ok(phone, 'private:put', { id, kind: 'statement', text, anonymous: true });
  await put('anon1', 'Said without my name');
  await command(fac, { type: 'reveal' });
  await eventually(() => expect(cardsOf(watcher.doc).has('anon1')).toBe(true));
  await put('late1', 'Too late for the reveal');
  await command(fac, { type: 'phase:go', index: 2 });
  await ok(phone, 'vote', { cardId: 'anon1', delta: 1 });
  await command(fac, { type: 'phase:go', index: 3 });
  addCard(mine.doc, {
    id: 'c1',
    kind: 'commitment',
    text: 'I host the next lunch',
    authorId: amira.participantId,
    zone: 'commitments',
    org: 'Maison Quartier',
  });
  await ok(phone, 'anon:put', { id: 'anonC', kind: 'commitment', text: 'Quietly, I will help' });
  await eventually(() => expect(cardsOf(watcher.doc).has('c1')).toBe(true));
  const { token: link } = await ok<{ token: string }>(phone, 'commitment:keep', { cardId: 'c1' });
  const clientId = mine.doc.clientID;
  // Her phone is gone before the erasure (its token stops working then anyway).
  mine.provider.destroy();
  phone.disconnect();
  return { created, amira, name, link, clientId };
}

/** How a connection ended, or that it is still open 2 s later (the server accepted its write). */
const closedOrOpen = (c: RawClient) =>
  Promise.race([c.closed, pause(2000).then(() => ({ code: 0, reason: 'still open' }))]);

describe('erasure', () => {
  it('[Y7] erasing a participant removes their name and attribution from the log, checkpoints and file', async () => {
    const name = unique('Zoe');
    const { created, amira } = await recordWorkshop(s, cleanups, { name, title: 'Erasure test' });
    const before = await (await get(`/sessions/${created.id}/export.md`)).text();
    expect(before).toContain(`Small projects first — ${name}`);
    const namesOf = async (): Promise<(string | null)[]> =>
      SessionMembers.parse(await (await get(`/sessions/${created.id}/members`)).json()).members.map(
        (m) => m.name,
      );
    expect(await namesOf()).toContain(name);
    const res = await erase(created.id, amira.participantId);
    expect(res.status).toBe(200);
    expect(MemberErased.parse(await res.json()).rewritten).toBeGreaterThan(0);
    const raw = await databaseBytes();
    expect(raw.includes(name), 'the database still holds the name').toBe(false);
    expect(raw.includes(amira.participantId), 'the database still holds the id').toBe(false);
    const after = await (await get(`/sessions/${created.id}/export.md`)).text();
    expect(after).toContain('- Small projects first\n');
    expect(after).not.toContain(name);
    expect(await namesOf()).not.toContain(name);
    expect(listCards(await boardOf(created.id)).find((c) => c.id === 's2')).toMatchObject({
      text: 'Small projects first',
      authorId: undefined,
    });
  });

  it('[Y7] erasure covers every session of a follow-up series and every table: neither the id nor the name is left in the files', async () => {
    const { created, amira, name, link } = await amirasWorkshop();
    const next = await s.createSession('Three months later', {
      template: 'trust',
      followUpOf: created.id,
    });
    const status = await fetch(`${s.url}/api/commitments/${link}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: next.id, status: 'partly', note: 'One lunch so far' }),
    });
    expect(status.status).toBe(200);
    const third = await s.createSession('A year later', { followUpOf: next.id });
    await pause(50);
    expect(listCards(await boardOf(third.id)).find((c) => c.id === 'prev-prev-c1')?.authorId).toBe(
      amira.participantId,
    );
    expect((await databaseBytes()).includes(amira.participantId)).toBe(true);

    const res = await erase(created.id, amira.participantId);
    expect(res.status).toBe(200);
    const raw = await databaseBytes();
    expect(raw.includes(name), 'the database still holds the name').toBe(false);
    expect(raw.includes(amira.participantId), 'the database still holds the id').toBe(false);

    // History still replays, minus the attribution, in every session of the series.
    const original = listCards(await boardOf(created.id));
    expect(original.find((c) => c.id === 'c1')).toMatchObject({
      text: 'I host the next lunch',
      authorId: undefined,
    });
    expect(original.find((c) => c.id === 'anon1')?.text).toBe('Said without my name');
    const nextBoard = await boardOf(next.id);
    expect(listCards(nextBoard).find((c) => c.id === 'prev-c1')).toMatchObject({
      text: 'I host the next lunch',
      authorId: undefined,
    });
    expect(cardsOf(nextBoard).get('prev-c1')?.get('status')).toBe('partly');
    expect(listCards(await boardOf(third.id)).find((c) => c.id === 'prev-prev-c1')).toMatchObject({
      text: 'I host the next lunch',
      authorId: undefined,
    });
    // Her kept link and her token are gone with her.
    expect((await fetch(`${s.url}/api/commitments/${link}`)).status).toBe(404);
    expect((await s.app.storage.memberById(amira.participantId)) ?? null).toBeNull();
  });

  it('[P2] after erasure her clientIDs and cards stay bound to a tombstone: writing under her clientID is refused with 4403', async () => {
    const { created, amira, clientId } = await amirasWorkshop();
    const bob = await s.join(created.joinCode, 'Bob');
    expect((await erase(created.id, amira.participantId)).status).toBe(200);
    const board = async () => {
      const c = rawClient(s.wsUrl, created.id, bob.token);
      cleanups.push(() => c.ws.terminate());
      await c.opened;
      return { c, doc: await boardOf(created.id) };
    };
    // Under her clientID: a new card, then an edit of her commitment.
    for (const change of [
      (d: Y.Doc) =>
        addCard(d, { id: 'b1', kind: 'commitment', text: 'Mine now', zone: 'commitments' }),
      (d: Y.Doc) => setCardText(d, 'c1', 'Taken over'),
    ]) {
      const { c, doc } = await board();
      c.sendUpdate(updateFrom(clientId, change, doc));
      const closed = await closedOrOpen(c);
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/\[P2\]/);
    }
    // Under his own clientID, her cards (named, revealed or written anonymously) are not his either.
    for (const id of ['c1', 'anon1', 'anonC']) {
      const { c, doc } = await board();
      c.sendUpdate(updateFrom(4242 + id.length, (d) => setCardText(d, id, 'Taken over'), doc));
      expect((await closedOrOpen(c)).code).toBe(4403);
    }
    const bindings = await s.app.storage.clientBindings(created.id);
    expect(bindings.get(clientId)).toBe('@erased');
    expect([...bindings.values()]).not.toContain(amira.participantId);
    const owners = await s.app.storage.cardOwners(created.id);
    expect([owners.get('anon1'), owners.get('anonC')]).toEqual(['@erased', '@erased']);

    expect(
      listCards(await boardOf(created.id))
        .map((c) => c.text)
        .filter((t) => t.includes('Taken over') || t === 'Mine now'),
    ).toEqual([]);
  });
});
