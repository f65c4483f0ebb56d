import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { addCard, cardEntry, listCards, setCardText } from '@trellis/shared';
import { rawClient, type RawClient } from '../helpers/clients';
import { connected, ok } from '../helpers/requests';
import { eventually } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer();
const { cleanups } = s;

/** Every update the raw attacker received, applied to a doc that keeps deleted content. */
function mirror(raw: RawClient): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  for (const message of raw.messages) {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== 0) continue;
    if (decoding.readVarUint(d) === 0) continue; // sync step 1: a state vector
    Y.applyUpdate(doc, decoding.readVarUint8Array(d));
  }
  return doc;
}

/** Every awareness state the raw attacker received, as [clientID, JSON]. */
function awarenessSeen(raw: RawClient): [number, string][] {
  const out: [number, string][] = [];
  for (const message of raw.messages) {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== 1) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const n = decoding.readVarUint(inner);
    for (let i = 0; i < n; i++) {
      const clientId = decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      out.push([clientId, decoding.readVarString(inner)]);
    }
  }
  return out;
}

/** The clientIDs of every struct (deleted ones too) inside a card's entry. */
function writersOf(doc: Y.Doc, cardId: string): Set<number> {
  const entry = cardEntry(doc, cardId);
  const out = new Set<number>();
  if (!entry) return out;
  const inside = (item: Y.Item): boolean => {
    for (let cur: Y.Item | null = item; cur;) {
      if (cur === entry) return true;
      const parent = cur.parent as unknown;
      cur = parent instanceof Y.AbstractType ? parent._item : null;
    }
    return false;
  };
  for (const [client, structs] of doc.store.clients) {
    if (structs.some((st) => st instanceof Y.Item && inside(st))) out.add(client);
  }
  return out;
}

describe('anonymity', () => {
  it('[J14] a participant who records everything it receives cannot attribute an anonymous card or an edit of it', async () => {
    const created = await s.createSession('Unlinkable');
    const ana = await s.join(created.joinCode, 'Ana');
    const ben = await s.join(created.joinCode, 'Ben');
    // The attackers: Ben's stock provider and a raw client, plus the projector, all recording.
    const heard: string[] = [];
    const watchers = [s.socket(ben.token), s.socket(created.projectorToken)];
    for (const w of watchers) {
      w.onAny((event, ...args) => heard.push(JSON.stringify([event, args])));
    }
    const raw = rawClient(s.wsUrl, created.id, ben.token);
    cleanups.push(() => raw.ws.close());
    const stock = s.board(created.id, ben.token);
    const projector = s.board(created.id, created.projectorToken);
    await Promise.all([raw.opened, stock.synced, projector.synced, ...watchers.map(connected)]);

    // Ana writes named and anonymous cards side by side, as the web client does, with presence.
    const phone = await s.control(ana.token);
    const board = s.board(created.id, ana.token);
    await board.synced;
    board.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
    addCard(board.doc, {
      id: 'named',
      kind: 'statement',
      text: 'Ana, by name',
      authorId: ana.participantId,
      zone: 'ideas',
    });
    await ok(phone, 'anon:put', { id: 'anon1', kind: 'statement', text: 'nobody' });
    setCardText(board.doc, 'named', 'Ana, by name, edited');
    await ok(phone, 'anon:put', { id: 'anon1', kind: 'statement', text: 'nobody, edited' });
    await ok(phone, 'anon:put', { id: 'anon2', kind: 'note', text: 'gone soon' });
    await ok(phone, 'anon:delete', { id: 'anon2' });
    await eventually(() => {
      const texts = listCards(stock.doc).map((c) => c.text);
      expect(texts).toEqual(expect.arrayContaining(['nobody, edited', 'Ana, by name, edited']));
      expect(listCards(stock.doc).map((c) => c.id)).not.toContain('anon2');
    });
    await new Promise((r) => setTimeout(r, 100));

    const bindings = await s.app.storage.clientBindings(created.id);
    const anas = [...bindings].filter(([, m]) => m === ana.participantId).map(([c]) => c);
    expect(anas).toContain(board.doc.clientID);
    const seen = mirror(raw);
    for (const id of ['anon1', 'anon2']) {
      const writers = writersOf(seen, id);
      expect(writers.size).toBeGreaterThan(0);
      // Nothing inside an anonymous card, deleted content included, came from a member.
      for (const w of writers) expect(bindings.get(w)).toBe('@server');
    }
    const stockWriters = writersOf(stock.doc, 'anon1');
    for (const w of stockWriters) expect(anas).not.toContain(w);
    expect(cardEntry(projector.doc, 'anon1')?.id.client).not.toBe(board.doc.clientID);
    // The named card is Ana's, visibly: that is what she chose.
    expect([...writersOf(seen, 'named')]).toEqual([board.doc.clientID]);

    // No awareness state of a participant reaches anyone.
    for (const [clientId, state] of awarenessSeen(raw)) {
      expect(anas).not.toContain(clientId);
      expect(state).not.toContain(ana.participantId);
    }
    expect(stock.provider.awareness.getStates().has(board.doc.clientID)).toBe(false);
    expect([...awarenessProtocol.encodeAwarenessUpdate(stock.provider.awareness, [])]).toEqual([0]);
    // No Socket.IO event puts an anonymous card next to its author.
    for (const h of heard.filter((e) => e.includes('anon1') || e.includes('anon2'))) {
      expect(h).not.toContain(ana.participantId);
      expect(h).not.toContain('Ana');
    }
    // The organiser's log attributes the anonymous writes to nobody: the entries it gives Ana
    // hold only her own clientIDs' structs.
    const logged = await s.app.storage.updatesBetween(created.id, 0, Number.MAX_SAFE_INTEGER);
    const hers = logged.filter((e) => e.memberId === ana.participantId);
    expect(hers.length).toBeGreaterThan(0);
    for (const e of hers) {
      for (const st of Y.decodeUpdate(e.update).structs) expect(anas).toContain(st.id.client);
    }
  });
});
