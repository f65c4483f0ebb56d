import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { addCard, CloseCode, listCards, type Role } from '@trellis/shared';
import { createLogger } from '../log';
import { openSqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';
import { LogFlusher } from './flusher';
import type { Peer } from './peer';
import { Room } from './room';

const log = createLogger('silent');
const stores: Storage[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function storage(): Storage {
  const s = openSqliteStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-room-')));
  stores.push(s);
  return s;
}

/** The room's transport seam, recorded: what it sent and how it closed. */
function peer(id: string, role: Role = 'facilitator') {
  const sent: Uint8Array[] = [];
  const closed: { code: number; reason: string }[] = [];
  const p: Peer = {
    member: { id, sessionId: 's', role, name: undefined, createdAt: 0 },
    awarenessIds: new Set(),
    get closing() {
      return closed.length > 0;
    },
    send: (m) => sent.push(m),
    close: (code, reason) => closed.push({ code, reason }),
  };
  return { p, sent, closed };
}

/** Sync-update payloads (message type 0, step 2) among what a peer received. */
const updatesIn = (sent: Uint8Array[]): Uint8Array[] =>
  sent.flatMap((m) => {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 2) return [];
    return [decoding.readVarUint8Array(d)];
  });

const change = (doc: Y.Doc, fn: () => void): Uint8Array => {
  const before = Y.encodeStateVector(doc);
  fn();
  return Y.encodeStateAsUpdate(doc, before);
};

describe('Room pipeline', () => {
  it("[P2] clientIDs that wrote without a binding (an old seed) are the server's once loaded", async () => {
    const store = storage();
    const seed = new Y.Doc();
    seed.clientID = 4242;
    addCard(seed, { id: 'rule', kind: 'note', text: 'seeded' });
    await store.appendUpdates(
      [{ sessionId: 's', time: 0, memberId: null, update: Y.encodeStateAsUpdate(seed) }],
      [],
    );
    const room = await Room.load('s', store, {}, { checkpointEvery: 1000 }, log);
    expect(room.ownership.bindingOf(4242)).toBe('@server');
    await room.settled();
    expect((await store.clientBindings('s')).get(4242)).toBe('@server');
  });

  it('merges a tick of updates into one broadcast and does not echo the sole writer', async () => {
    const room = await Room.load('s', storage(), {}, { checkpointEvery: 1000 }, log);
    const a = peer('a');
    const b = peer('b');
    room.addPeer(a.p);
    room.addPeer(b.p);
    const doc = new Y.Doc();
    room.receiveUpdate(
      a.p,
      change(doc, () => addCard(doc, { id: '1', kind: 'note', text: 'one' })),
    );
    room.receiveUpdate(
      a.p,
      change(doc, () => addCard(doc, { id: '2', kind: 'note', text: 'two' })),
    );
    await room.settled();
    const toB = updatesIn(b.sent);
    expect(toB).toHaveLength(1);
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, toB[0]!);
    expect(listCards(mirror).map((c) => c.id)).toEqual(['1', '2']);
    expect(updatesIn(a.sent)).toHaveLength(0);
  });

  it('[P1] a projector may send an empty sync reply but not a change', async () => {
    const room = await Room.load('s', storage(), {}, { checkpointEvery: 1000 }, log);
    const proj = peer('p', 'projector');
    room.addPeer(proj.p);
    expect(room.receiveUpdate(proj.p, Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    const doc = new Y.Doc();
    const update = change(doc, () => addCard(doc, { id: 'x', kind: 'note', text: 'no' }));
    expect(room.receiveUpdate(proj.p, update)).toBe(false);
    expect(proj.closed[0]?.code).toBe(CloseCode.Forbidden);
    expect(proj.closed[0]?.reason).toMatch(/^\[P1\]/);
    expect(listCards(room.doc)).toEqual([]);
  });

  it('does not log no-op updates', async () => {
    const store = storage();
    const room = await Room.load('s', store, {}, { checkpointEvery: 1000 }, log);
    const a = peer('a');
    room.addPeer(a.p);
    const doc = new Y.Doc();
    const update = change(doc, () => addCard(doc, { id: '1', kind: 'note', text: 'one' }));
    room.receiveUpdate(a.p, update);
    room.receiveUpdate(a.p, update);
    room.receiveUpdate(a.p, Y.encodeStateAsUpdate(doc));
    await room.settled();
    expect((await store.loadState('s')).tail).toHaveLength(1);
  });

  it('writes one tick of several rooms in one transaction, and broadcasts only after it', async () => {
    const real = storage();
    const calls: string[][] = [];
    let release: (() => void) | undefined;
    const held: Storage = {
      ...real,
      async appendUpdates(entries, bindings, writes) {
        calls.push([...new Set(entries.map((e) => e.sessionId))].sort());
        await new Promise<void>((r) => (release = r));
        return real.appendUpdates(entries, bindings, writes);
      },
    };
    const flusher = new LogFlusher(held, log);
    const rooms = await Promise.all(
      ['s1', 's2'].map((id) => Room.load(id, held, {}, { checkpointEvery: 1000, flusher }, log)),
    );
    const readers = rooms.map((room) => {
      const [writer, reader] = [peer('w'), peer('r')];
      room.addPeer(writer.p);
      room.addPeer(reader.p);
      const doc = new Y.Doc();
      room.receiveUpdate(
        writer.p,
        change(doc, () => addCard(doc, { id: room.sessionId, kind: 'note', text: 'x' })),
      );
      return reader;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([['s1', 's2']]);
    expect(readers.map((r) => updatesIn(r.sent))).toEqual([[], []]);
    release!();
    await Promise.all(rooms.map((room) => room.settled()));
    expect(readers.map((r) => updatesIn(r.sent).length)).toEqual([1, 1]);
    // One transaction, but each session numbers its own log.
    expect(rooms.map((room) => room.lastSeq)).toEqual([1, 1]);
  });
});
