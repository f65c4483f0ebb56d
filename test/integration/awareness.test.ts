import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { rawClient, type RawClient } from '../helpers/clients';
import { eventually } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer();

const connect = (sessionId: string, token: string) => s.board(sessionId, token);

function sendAwareness(
  raw: RawClient,
  entries: [clientId: number, clock: number, state: string][],
) {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, state);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  raw.send(encoding.toUint8Array(e));
}

async function room() {
  const created = await s.createSession();
  const ana = await s.join(created.joinCode, 'Ana');
  const ben = await s.join(created.joinCode, 'Ben');
  const watcher = connect(created.id, created.facilitatorToken);
  await watcher.synced;
  return { created, ana, ben, watcher };
}

describe('awareness', () => {
  it("[A1] a facilitator's identity is written by the server from the token; participants' awareness is never relayed", async () => {
    const { created, ana, ben, watcher } = await room();
    const pb = connect(created.id, ben.token);
    const second = connect(created.id, created.facilitatorToken);
    await Promise.all([pb.synced, second.synced]);
    second.provider.awareness.setLocalStateField('user', {
      id: ana.participantId,
      name: 'Ana',
      role: 'participant',
    });
    second.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
    pb.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    const facilitator = (await s.app.sessions.identify(created.facilitatorToken)).member;
    await eventually(() =>
      expect(watcher.provider.awareness.getStates().get(second.doc.clientID)).toEqual({
        user: { id: facilitator.id, name: null, role: 'facilitator' },
        cursor: { x: 10, y: 20 },
      }),
    );
    // A phone's awareness carries its Yjs clientID, which names its cards' author ([J14]).
    expect(watcher.provider.awareness.getStates().has(pb.doc.clientID)).toBe(false);
    expect(second.provider.awareness.getStates().has(pb.doc.clientID)).toBe(false);
  });

  it('[A2] states for clientIDs another connection owns are dropped', async () => {
    const { created, watcher } = await room();
    const pa = connect(created.id, created.facilitatorToken);
    await pa.synced;
    pa.provider.awareness.setLocalStateField('cursor', { x: 1 });
    await eventually(() =>
      expect(watcher.provider.awareness.getStates().get(pa.doc.clientID)).toBeDefined(),
    );

    const forger = rawClient(s.wsUrl, created.id, created.facilitatorToken);
    await forger.opened;
    sendAwareness(forger, [
      [pa.doc.clientID, 999, JSON.stringify({ cursor: { x: 666 } })],
      [pa.doc.clientID, 1000, 'null'],
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(watcher.provider.awareness.getStates().get(pa.doc.clientID)).toMatchObject({
      cursor: { x: 1 },
    });
    expect(forger.ws.readyState).toBe(forger.ws.OPEN);
    forger.ws.close();
  });

  it('[A3] states that are not small JSON objects are dropped without closing the connection', async () => {
    const { created, watcher } = await room();
    const raw = rawClient(s.wsUrl, created.id, created.facilitatorToken);
    await raw.opened;
    sendAwareness(raw, [
      [101, 1, '{not json'],
      [102, 1, '[1,2,3]'],
      [103, 1, JSON.stringify({ big: 'x'.repeat(10_000) })],
      [104, 1, JSON.stringify({ ok: true })],
    ]);
    await eventually(() =>
      expect(watcher.provider.awareness.getStates().get(104)).toMatchObject({ ok: true }),
    );
    for (const id of [101, 102, 103])
      expect(watcher.provider.awareness.getStates().has(id)).toBe(false);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.ws.close();
  });

  it('[A4] one connection holds at most 4 awareness states; 5,000 fake ones reach nobody', async () => {
    const { created, ben, watcher } = await room();
    const raw = rawClient(s.wsUrl, created.id, created.facilitatorToken);
    await raw.opened;
    const fake = Array.from({ length: 5000 }, (_, i): [number, number, string] => [
      10_000 + i,
      1,
      JSON.stringify({ n: i }),
    ]);
    sendAwareness(raw, fake);
    await eventually(() => expect(watcher.provider.awareness.getStates().has(10_000)).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    const others = (states: Map<number, unknown>) =>
      [...states.keys()].filter((id) => id >= 10_000 && id < 15_000).length;
    expect(others(watcher.provider.awareness.getStates())).toBe(4);
    // A late joiner gets the same few.
    const late = connect(created.id, ben.token);
    await late.synced;
    await eventually(() => expect(others(late.provider.awareness.getStates())).toBe(4));
    raw.ws.close();
  });
});
