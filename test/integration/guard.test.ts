import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  addCard,
  cardsOf,
  CloseCode,
  deleteCard,
  Limits,
  listCards,
  metaOf,
  setCardText,
  zonesOf,
} from '@trellis/shared';
import { provider, rawClient, updateFrom } from '../helpers/clients';
import { encodeStructs, rawItem } from '../helpers/craft';
import { eventually, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
const open: WebsocketProvider[] = [];
const rejections: string[] = [];
beforeAll(async () => {
  s = await startServer(
    {},
    { roomHooks: { onRejected: (_r, _p, rej) => rejections.push(rej.rule) } },
  );
});
afterEach(() => {
  for (const p of open.splice(0)) p.destroy();
});
afterAll(() => s.close());

function connect(sessionId: string, token: string) {
  const c = provider(s.wsUrl, sessionId, token);
  open.push(c.provider);
  return c;
}

/** A session with Ana's card (named), Ana's anonymous card and a facilitator card on the board. */
async function board() {
  const created = await s.createSession();
  const ana = await s.join(created.joinCode, 'Ana');
  const ben = await s.join(created.joinCode, 'Ben');
  const pa = connect(created.id, ana.token);
  const fac = connect(created.id, created.facilitatorToken);
  await Promise.all([pa.synced, fac.synced]);
  addCard(pa.doc, { id: 'ana', kind: 'statement', text: 'Ana says', authorId: ana.participantId });
  addCard(pa.doc, { id: 'anon', kind: 'statement', text: 'nobody says' });
  addCard(fac.doc, { id: 'fac', kind: 'synthesis', text: 'Working trust' });
  await eventually(() => {
    expect(listCards(fac.doc)).toHaveLength(3);
    expect(listCards(pa.doc)).toHaveLength(3);
  });
  return { created, ana, ben, pa, fac };
}

/** Everything the board holds, including the state vector (which catches unknown roots). */
const view = (doc: Y.Doc): string =>
  canonical({
    cards: cardsOf(doc).toJSON(),
    meta: metaOf(doc).toJSON(),
    zones: zonesOf(doc).toJSON(),
    sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b),
  });

/** JSON with object keys sorted: Y.Map iteration order differs between replicas. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/**
 * Sends `change` (made on a copy of the room) as Ben with a fresh clientID, expects the close
 * code and rule, and checks nobody else ever sees the change.
 */
async function expectRejected(
  b: Awaited<ReturnType<typeof board>>,
  rule: string,
  change: (doc: Y.Doc) => void,
): Promise<void> {
  const before = Y.encodeStateAsUpdate(b.fac.doc);
  const snapshot = view(b.fac.doc);
  const attacker = rawClient(s.wsUrl, b.created.id, b.ben.token);
  await attacker.opened;
  const base = new Y.Doc();
  Y.applyUpdate(base, before);
  attacker.sendUpdate(updateFrom(Math.floor(Math.random() * 2 ** 30) + 1, change, base));
  const closed = await attacker.closed;
  expect(closed.code).toBe(CloseCode.Forbidden);
  expect(closed.reason).toContain(`[${rule}]`);
  await new Promise((r) => setTimeout(r, 50));
  expect(view(b.fac.doc)).toBe(snapshot);
  const fresh = connect(b.created.id, b.created.facilitatorToken);
  await fresh.synced;
  expect(view(fresh.doc)).toBe(snapshot);
  // The room keeps working for everyone else.
  const marker = `after-${rule}-${Math.random()}`;
  addCard(b.pa.doc, { id: marker, kind: 'note', text: 'still syncing' });
  await eventually(() => expect(listCards(b.fac.doc).map((c) => c.id)).toContain(marker));
}

describe('participant rules', () => {
  it('[G1] a participant may create cards as itself or anonymously, never as someone else', async () => {
    const b = await board();
    const pb = connect(b.created.id, b.ben.token);
    await pb.synced;
    addCard(pb.doc, { id: 'ben', kind: 'statement', text: 'Ben', authorId: b.ben.participantId });
    addCard(pb.doc, { id: 'ben-anon', kind: 'statement', text: 'anon' });
    await eventually(() => expect(listCards(b.fac.doc)).toHaveLength(5));
    await expectRejected(b, 'G1', (d) =>
      addCard(d, {
        id: 'forged',
        kind: 'statement',
        text: 'I am Ana',
        authorId: b.ana.participantId,
      }),
    );
  });

  it("[G2] a participant may not edit another's card, named, anonymous or the facilitator's", async () => {
    const b = await board();
    await expectRejected(b, 'G2', (d) => setCardText(d, 'ana', 'Ben rewrote this'));
    await expectRejected(b, 'G2', (d) => setCardText(d, 'anon', 'Ben rewrote this'));
    await expectRejected(b, 'G2', (d) => cardsOf(d).get('fac')!.set('zone', 'parking'));
    await expectRejected(b, 'G2', (d) =>
      cardsOf(d).get('ana')!.set('authorId', b.ben.participantId),
    );
  });

  it('[G2] ownership follows the member: after a reload (new clientID) Ana still edits her anonymous card', async () => {
    const b = await board();
    b.pa.provider.destroy();
    const again = connect(b.created.id, b.ana.token);
    await again.synced;
    expect(again.doc.clientID).not.toBe(b.pa.doc.clientID);
    setCardText(again.doc, 'anon', 'still nobody, edited');
    cardsOf(again.doc).get('ana')!.set('zone', 'questions');
    await eventually(() => {
      const cards = listCards(b.fac.doc);
      expect(cards.find((c) => c.id === 'anon')?.text).toBe('still nobody, edited');
      expect(cards.find((c) => c.id === 'ana')?.zone).toBe('questions');
    });
    deleteCard(again.doc, 'anon');
    await eventually(() => expect(listCards(b.fac.doc).map((c) => c.id)).not.toContain('anon'));
  });

  it("[G3] a participant may not delete or replace another's card", async () => {
    const b = await board();
    await expectRejected(b, 'G3', (d) => deleteCard(d, 'ana'));
    await expectRejected(b, 'G3', (d) => deleteCard(d, 'fac'));
    await expectRejected(b, 'G3', (d) =>
      addCard(d, { id: 'ana', kind: 'statement', text: 'replaced', authorId: b.ben.participantId }),
    );
  });

  it('[G4] a participant may not touch meta or zones', async () => {
    const b = await board();
    await expectRejected(b, 'G4', (d) => metaOf(d).set('title', 'Hijacked'));
    await expectRejected(b, 'G4', (d) => zonesOf(d).delete('ideas'));
    await expectRejected(b, 'G4', (d) => zonesOf(d).set('evil', new Y.Map()));
  });

  it('[G5] a participant may write only the known card shape', async () => {
    const b = await board();
    await expectRejected(b, 'G5', (d) => d.getMap('elsewhere').set('x', 1));
    await expectRejected(b, 'G5', (d) =>
      addCard(d, { id: 'syn', kind: 'synthesis', text: 'mine now' }),
    );
    await expectRejected(b, 'G5', (d) =>
      cardsOf(d).set('flat', 'not a map' as unknown as Y.Map<unknown>),
    );
    await expectRejected(b, 'G5', (d) => {
      addCard(d, { id: 'odd', kind: 'note', text: 'x' });
      cardsOf(d).get('odd')!.set('onclick', 'alert(1)');
    });
    await expectRejected(b, 'G5', (d) => {
      const card = new Y.Map<unknown>();
      card.set('text', 'a string, not a Y.Text');
      cardsOf(d).set('strtext', card);
    });
    await expectRejected(b, 'G5', (d) => d.getArray('votes').push(['stuffed']));
  });

  it('[G6] card text is bounded', async () => {
    const b = await board();
    await expectRejected(b, 'G6', (d) => {
      const card = new Y.Map<unknown>();
      card.set('kind', 'note');
      card.set('text', new Y.Text('x'.repeat(2 * Limits.cardTextMax + 1)));
      cardsOf(d).set('long', card);
    });
  });

  it('[G7] an update that refers to structs the room lacks is dropped, not parked', async () => {
    const b = await board();
    const raw = rawClient(s.wsUrl, b.created.id, b.ben.token);
    await raw.opened;
    const client = 424242;
    // Clock 5 under a card entry at clock 0 that was never sent.
    const orphan = rawItem(
      client,
      5,
      { parent: Y.createID(client, 0), parentSub: 'kind' },
      new Y.ContentAny(['note']),
    );
    raw.sendUpdate(encodeStructs([orphan]));
    // A struct that starts after a gap in its own client's clocks (clock 3 of a fresh client).
    raw.sendUpdate(
      encodeStructs([
        rawItem(565656, 3, { parent: 'cards', parentSub: 'gap' }, new Y.ContentAny(['x'])),
      ]),
    );
    // And a delete of clocks nobody has written yet: Yjs would apply it to future structs.
    const otherClient = 999;
    raw.sendUpdate(encodeStructs([], [[otherClient, 0, 100]]));
    await new Promise((r) => setTimeout(r, 100));
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    const fresh = connect(b.created.id, b.created.facilitatorToken);
    await fresh.synced;
    expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(b.fac.doc));
    expect(fresh.doc.store.pendingStructs).toBeNull();
    raw.ws.close();
  });

  it('[G8] structurally impossible updates are refused', async () => {
    const b = await board();
    const raw = rawClient(s.wsUrl, b.created.id, b.ben.token);
    await raw.opened;
    // The parent is an existing text character (a ContentString item), not a type.
    const textItem = [...b.fac.doc.store.clients.values()]
      .flat()
      .find((st) => st instanceof Y.Item && st.content instanceof Y.ContentString) as Y.Item;
    raw.sendUpdate(encodeStructs([rawItem(31337, 0, { parent: textItem.id, parentSub: 'x' })]));
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason).toContain('[G8]');
  });
});

describe('facilitator', () => {
  it('[G9] a facilitator may change anything in its session', async () => {
    const b = await board();
    setCardText(b.fac.doc, 'ana', 'edited by the facilitator');
    deleteCard(b.fac.doc, 'anon');
    metaOf(b.fac.doc).set('title', 'Renamed');
    zonesOf(b.fac.doc).set('synthesis', new Y.Map());
    await eventually(() => {
      expect(
        listCards(b.pa.doc)
          .map((c) => c.text)
          .sort(),
      ).toEqual(['Working trust', 'edited by the facilitator']);
      expect(metaOf(b.pa.doc).get('title')).toBe('Renamed');
    });
    expect(rejections).not.toContain('G9');
  });
});
