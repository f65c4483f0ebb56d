import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, CloseCode, listCards } from '@trellis/shared';
import { provider, socket } from '../helpers/clients';
import { eventually, startServer, type TestServer } from '../helpers/server';
import { hostileSocket, updateMessage, within, type HostileSocket } from './hostileSocket';
import { useCleanups } from '../helpers/suite';

const cleanups = useCleanups();

async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  cleanups.push(() => s.close());
  return s;
}

const port = (s: TestServer): number => Number(new URL(s.url).port);

async function hostile(s: TestServer, sessionId: string, token: string): Promise<HostileSocket> {
  const h = await hostileSocket(port(s), `/yjs/${sessionId}?token=${encodeURIComponent(token)}`);
  cleanups.push(() => h.socket.destroy());
  return h;
}

/** A participant's own doc: each call returns the update of one new card. */
function cardWriter(authorId: string) {
  const doc = new Y.Doc();
  doc.clientID = 700_000 + Math.floor(Math.random() * 100_000);
  return (id: string): Uint8Array => {
    const before = Y.encodeStateVector(doc);
    addCard(doc, { id, kind: 'statement', text: id, authorId, zone: 'ideas' });
    return updateMessage(Y.encodeStateAsUpdate(doc, before));
  };
}

const roomCards = async (s: TestServer, sessionId: string): Promise<string[]> => {
  const room = await s.app.rooms.loadedRoom(sessionId);
  return room ? listCards(room.doc).map((c) => c.id) : [];
};

/** Keeps sending after the server's close frame, as a client that never answers it would. */
async function keepSending(h: HostileSocket, messages: Uint8Array[]): Promise<void> {
  for (const m of messages) {
    h.send(m);
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe('a connection the server closes', () => {
  it('[R11] a removed participant that never answers the close frame gets nothing applied or relayed, leaves the room at once and is cut off within 1 s', async () => {
    const s = await server();
    const created = await s.createSession('Closing', { template: 'open' });
    const a = await s.join(created.joinCode, 'Mallory');
    const watcher = provider(s.wsUrl, created.id, created.facilitatorToken);
    const fac = socket(s.url, created.facilitatorToken);
    cleanups.push(
      () => watcher.provider.destroy(),
      () => fac.disconnect(),
    );
    // Listening before the board syncs: the socket's session event may come first.
    const facReady = new Promise((r) => fac.once('session', r));
    await watcher.synced;
    await facReady;

    const h = await hostile(s, created.id, a.token);
    const card = cardWriter(a.participantId);
    h.send(card('before'));
    await eventually(() => expect(listCards(watcher.doc).map((c) => c.id)).toContain('before'));
    await eventually(async () =>
      expect((await s.app.rooms.presence(created.id)).participants).toBe(1),
    );

    const removed = await fac.emitWithAck('facilitate', {
      type: 'participant:remove',
      memberId: a.participantId,
    });
    expect(removed.ok).toBe(true);
    const frame = await within(h.closeFrame, 3000, 'close frame');
    expect(frame.code).toBe(CloseCode.Forbidden);
    // Out of the room before the handshake ends: presence no longer counts it.
    expect((await s.app.rooms.presence(created.id)).participants).toBe(0);

    await keepSending(
      h,
      Array.from({ length: 20 }, (_, i) => card(`after-${i}`)),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await roomCards(s, created.id)).toEqual(['before']);
    expect(listCards(watcher.doc).map((c) => c.id)).toEqual(['before']);
    const gone = await within(h.gone, 3000, 'socket end');
    expect(gone - frame.at).toBeLessThan(1500);
  });

  it('[R11] a connection closed for its rate keeps sending: nothing more is applied, and the socket is gone within 1 s', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('@trellis/server');
    const s = await server(
      {},
      { limits: { messagesPerMember: 20 }, log: createLogger('warn', (l) => lines.push(l)) },
    );
    const created = await s.createSession('Closing', { template: 'open' });
    const a = await s.join(created.joinCode, 'Mallory');
    const h = await hostile(s, created.id, a.token);
    const card = cardWriter(a.participantId);

    // One message per write and per tick: the budget, not the per-turn cap, closes it.
    let sent = 0;
    let closed = false;
    void h.closeFrame.then(() => (closed = true));
    while (!closed && sent < 40) {
      h.send(card(`r${sent++}`));
      await new Promise((r) => setTimeout(r, 5));
    }
    const frame = await within(h.closeFrame, 3000, 'close frame');
    expect(frame.code).toBe(CloseCode.RateLimited);
    await keepSending(
      h,
      Array.from({ length: 20 }, (_, i) => card(`late-${i}`)),
    );
    const applied = await roomCards(s, created.id);
    expect(applied.filter((id) => !/^r\d+$/.test(id))).toEqual([]);
    // The budget, plus the one message handled before its refusal landed.
    expect(applied.length).toBeLessThanOrEqual(21);
    const gone = await within(h.gone, 3000, 'socket end');
    expect(gone - frame.at).toBeLessThan(1500);
    // One line for the cause, then a count, however many messages were over budget.
    expect(lines.filter((l) => l.includes('"rate limited"')).length).toBeLessThanOrEqual(2);
  });
});
