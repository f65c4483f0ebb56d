import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardsOf,
  CloseCode,
  deleteCard,
  Limits,
  isSeededRule,
  listCards,
  metaOf,
  setCardText,
  zonesOf,
} from '@trellis/shared';
import { rawClient, updateFrom } from '../helpers/clients';
import { ok, send } from '../helpers/requests';
import { encodeStructs, rawItem } from '../helpers/craft';
import { eventually, type TestServer } from '../helpers/server';
import { useServer } from '../helpers/suite';

const rejections: string[] = [];
const s = useServer({}, { roomHooks: { onRejected: (_r, _p, rej) => rejections.push(rej.rule) } });
const control = (token: string) => s.control(token);
const connect = (sessionId: string, token: string) => s.board(sessionId, token);

/** A session with Ana's card (named), Ana's anonymous card and a facilitator card on the board. */
async function board(options: Parameters<TestServer['createSession']>[1] = {}) {
  const created = await s.createSession('Guarded', options);
  const ana = await s.join(created.joinCode, 'Ana');
  const ben = await s.join(created.joinCode, 'Ben');
  const pa = connect(created.id, ana.token);
  const fac = connect(created.id, created.facilitatorToken);
  await Promise.all([pa.synced, fac.synced]);
  // [J14] Anonymous cards are written by the server on the author's behalf (boards that take
  // cards in the lobby only).
  const anonymous = (options.template ?? 'open') === 'open';
  if (anonymous) {
    addCard(pa.doc, {
      id: 'ana',
      kind: 'statement',
      text: 'Ana says',
      authorId: ana.participantId,
    });
    await ok(await control(ana.token), 'anon:put', {
      id: 'anon',
      kind: 'statement',
      text: 'nobody says',
    });
  }
  addCard(fac.doc, { id: 'fac', kind: 'synthesis', text: 'Working trust' });
  // The trust template starts with its ground rules; the cards written here come on top.
  const seeded = listCards(fac.doc).filter((c) => isSeededRule(c.id)).length;
  await eventually(() => {
    expect(listCards(fac.doc)).toHaveLength(seeded + (anonymous ? 3 : 1));
    expect(listCards(pa.doc)).toHaveLength(seeded + (anonymous ? 3 : 1));
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
  code: number = CloseCode.Forbidden,
): Promise<void> {
  const before = Y.encodeStateAsUpdate(b.fac.doc);
  const snapshot = view(b.fac.doc);
  const attacker = rawClient(s.wsUrl, b.created.id, b.ben.token);
  await attacker.opened;
  const base = new Y.Doc();
  Y.applyUpdate(base, before);
  attacker.sendUpdate(updateFrom(Math.floor(Math.random() * 2 ** 30) + 1, change, base));
  const closed = await attacker.closed;
  expect(closed.code).toBe(code);
  expect(closed.reason).toContain(`[${rule}]`);
  await new Promise((r) => setTimeout(r, 50));
  expect(view(b.fac.doc)).toBe(snapshot);
  const fresh = connect(b.created.id, b.created.facilitatorToken);
  await fresh.synced;
  expect(view(fresh.doc)).toBe(snapshot);
  // The room keeps working for everyone else.
  const marker = `after-${rule}-${Math.random()}`;
  addCard(b.fac.doc, { id: marker, kind: 'note', text: 'still syncing' });
  await eventually(() => expect(listCards(b.pa.doc).map((c) => c.id)).toContain(marker));
}

describe('participant rules', () => {
  it('[G1] a participant creates cards through the document only as itself, never as someone else or as nobody', async () => {
    const b = await board();
    const pb = connect(b.created.id, b.ben.token);
    await pb.synced;
    addCard(pb.doc, { id: 'ben', kind: 'statement', text: 'Ben', authorId: b.ben.participantId });
    await eventually(() => expect(listCards(b.fac.doc)).toHaveLength(4));
    await expectRejected(b, 'G1', (d) =>
      addCard(d, {
        id: 'forged',
        kind: 'statement',
        text: 'I am Ana',
        authorId: b.ana.participantId,
      }),
    );
    // Anonymous through the document would carry the phone's clientID: refused ([J14]).
    await expectRejected(b, 'G1', (d) =>
      addCard(d, { id: 'ben-anon', kind: 'statement', text: 'x' }),
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

  it('[G2] ownership follows the member: after a reload (new clientID) Ana still edits her cards', async () => {
    const b = await board();
    b.pa.provider.destroy();
    const again = connect(b.created.id, b.ana.token);
    await again.synced;
    expect(again.doc.clientID).not.toBe(b.pa.doc.clientID);
    setCardText(again.doc, 'ana', 'Ana says, edited');
    cardsOf(again.doc).get('ana')!.set('zone', 'questions');
    const phone = await control(b.ana.token);
    await ok(phone, 'anon:put', { id: 'anon', kind: 'statement', text: 'still nobody, edited' });
    await eventually(() => {
      const cards = listCards(b.fac.doc);
      expect(cards.find((c) => c.id === 'anon')?.text).toBe('still nobody, edited');
      expect(cards.find((c) => c.id === 'ana')?.text).toBe('Ana says, edited');
      expect(cards.find((c) => c.id === 'ana')?.zone).toBe('questions');
    });
    await ok(phone, 'anon:delete', { id: 'anon' });
    deleteCard(again.doc, 'ana');
    await eventually(() => expect(listCards(b.fac.doc).map((c) => c.id)).toEqual(['fac']));
  });

  it('[G13] a card the facilitator brings back with undo stays its author’s: she edits and deletes it, after a reload too', async () => {
    const b = await board();
    const refusedBefore = rejections.length;
    // The console's undo: a Yjs UndoManager over the cards, tracking its moderation origin.
    const moderation = { kind: 'delete' };
    const undo = new Y.UndoManager(cardsOf(b.fac.doc), {
      trackedOrigins: new Set([moderation]),
      captureTimeout: 0,
    });
    b.fac.doc.transact(() => deleteCard(b.fac.doc, 'ana'), moderation);
    await eventually(() => expect(cardsOf(b.pa.doc).has('ana')).toBe(false));
    undo.undo();
    await eventually(() =>
      expect(listCards(b.pa.doc).find((c) => c.id === 'ana')?.text).toBe('Ana says'),
    );
    // Recorded with the undo's own log entry, so a room loaded later knows it too.
    await eventually(async () =>
      expect((await s.app.storage.cardOwners(b.created.id)).get('ana')).toBe(b.ana.participantId),
    );
    b.pa.provider.destroy();
    const again = connect(b.created.id, b.ana.token);
    await again.synced;
    setCardText(again.doc, 'ana', 'Ana says, after the undo');
    await eventually(() =>
      expect(listCards(b.fac.doc).find((c) => c.id === 'ana')?.text).toBe(
        'Ana says, after the undo',
      ),
    );
    deleteCard(again.doc, 'ana');
    await eventually(() => expect(cardsOf(b.fac.doc).has('ana')).toBe(false));
    expect(rejections.slice(refusedBefore)).toEqual([]);
    undo.destroy();
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

describe('hardening', () => {
  /** Ben's own named card, written through the document as the web client does. */
  async function withBensCard(b: Awaited<ReturnType<typeof board>>) {
    const pb = connect(b.created.id, b.ben.token);
    await pb.synced;
    addCard(pb.doc, {
      id: 'ben',
      kind: 'statement',
      text: 'Ben',
      authorId: b.ben.participantId,
      zone: 'ideas',
    });
    await eventually(() => expect(cardsOf(b.fac.doc).has('ben')).toBe(true));
    return pb;
  }
  const bens =
    (b: Awaited<ReturnType<typeof board>>, id: string, extra: (m: Y.Map<unknown>) => void) =>
    (d: Y.Doc) => {
      addCard(d, { id, kind: 'note', text: 'x', authorId: b.ben.participantId });
      extra(cardsOf(d).get(id)!);
    };

  it('[G5] a card keeps its kind, stays in zones phones write in, and holds plain text and sane numbers', async () => {
    const b = await board();
    await withBensCard(b);
    await expectRejected(b, 'G5', (d) => cardsOf(d).get('ben')!.set('kind', 'commitment'));
    await expectRejected(b, 'G5', (d) => cardsOf(d).get('ben')!.set('zone', 'nowhere'));
    await expectRejected(
      b,
      'G5',
      bens(b, 'far', (m) => m.set('x', 1e308)),
    );
    await expectRejected(
      b,
      'G5',
      bens(b, 'old', (m) => m.set('createdAt', -8.64e15)),
    );
    await expectRejected(
      b,
      'G5',
      bens(b, 'xml', (m) => m.set('text', new Y.XmlText('x'))),
    );
    await expectRejected(
      b,
      'G5',
      bens(b, 'styled', (m) => (m.get('text') as Y.Text).format(0, 1, { bold: true })),
    );
    // A keyed child of one's own text: content no limit counted ([G6]).
    await expectRejected(
      b,
      'G5',
      bens(b, 'hidden', (m) => (m.get('text') as Y.Text).setAttribute('k', 'y'.repeat(990))),
    );
  });

  it('[G5] in a workshop, a phone cannot turn its commitment into a ground rule', async () => {
    const b = await board({ template: 'trust' });
    await ok(await control(b.created.facilitatorToken), 'facilitate', {
      type: 'phase:go',
      index: 3,
    });
    const pb = connect(b.created.id, b.ben.token);
    await pb.synced;
    await eventually(() => expect(pb.doc.getMap('meta').get('phase')).toBe(3));
    addCard(pb.doc, {
      id: 'ben',
      kind: 'commitment',
      text: 'I will host the next meeting',
      authorId: b.ben.participantId,
      zone: 'commitments',
    });
    await eventually(() => expect(cardsOf(b.fac.doc).has('ben')).toBe(true));
    await expectRejected(b, 'G5', (d) => cardsOf(d).get('ben')!.set('zone', 'rules'));
    await expectRejected(b, 'G5', (d) => cardsOf(d).get('ben')!.set('kind', 'statement'));
  });

  it('[G11] no role writes a key longer than 64 characters', async () => {
    const b = await board();
    const long = 'k'.repeat(Limits.idMax + 1);
    await expectRejected(b, 'G11', (d) =>
      addCard(d, { id: long, kind: 'note', text: 'x', authorId: b.ben.participantId }),
    );
    const fac = rawClient(s.wsUrl, b.created.id, b.created.facilitatorToken);
    await fac.opened;
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(b.fac.doc));
    fac.sendUpdate(updateFrom(777001, (d) => zonesOf(d).set(long, new Y.Map()), base));
    const closed = await fac.closed;
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason).toContain('[G11]');
  });

  it('[G12] a participant holds at most the session card limit, however many cards one message carries', async () => {
    const b = await board({ cardsPerParticipant: 3 });
    await expectRejected(
      b,
      'G12',
      (d) => {
        for (let i = 0; i < 1000; i++) {
          addCard(d, { id: `spam${i}`, kind: 'note', text: 'x', authorId: b.ben.participantId });
        }
      },
      CloseCode.TooLarge,
    );
    // Within the limit is fine; the anonymous path counts the same cards.
    const pb = await withBensCard(b);
    addCard(pb.doc, { id: 'ben2', kind: 'note', text: 'two', authorId: b.ben.participantId });
    await eventually(() => expect(cardsOf(b.fac.doc).has('ben2')).toBe(true));
    const phone = await control(b.ben.token);
    await ok(phone, 'anon:put', { id: 'ben3', kind: 'statement', text: 'three' });
    const refused = await send(phone, 'anon:put', { id: 'ben4', kind: 'statement', text: 'four' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'limit_reached' } });
    await expectRejected(
      b,
      'G12',
      (d) => addCard(d, { id: 'ben5', kind: 'note', text: 'five', authorId: b.ben.participantId }),
      CloseCode.TooLarge,
    );
  });

  it('[J14] a participant changes its anonymous card only through the server', async () => {
    const b = await board();
    const pa = connect(b.created.id, b.ana.token);
    await pa.synced;
    const attempt = rawClient(s.wsUrl, b.created.id, b.ana.token);
    await attempt.opened;
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(b.fac.doc));
    attempt.sendUpdate(updateFrom(888001, (d) => setCardText(d, 'anon', 'by Ana, visibly'), base));
    const closed = await attempt.closed;
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason).toContain('[J14]');
    expect(listCards(b.fac.doc).find((c) => c.id === 'anon')?.text).toBe('nobody says');
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
