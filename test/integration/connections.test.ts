import { describe, expect, it } from 'vitest';
import { CloseCode, Reactions } from '@trellis/shared';
import { rawClient, socket, type TrellisSocket } from '../helpers/clients';
import { eventually, startServer, type TestServer } from '../helpers/server';
import { useCleanups } from '../helpers/suite';

const cleanups = useCleanups();

async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  cleanups.push(() => s.close());
  return s;
}

function open(s: TestServer, token: string): TrellisSocket {
  const sock = socket(s.url, token);
  cleanups.push(() => sock.disconnect());
  return sock;
}

/** Resolves once the socket has had its `session` greeting, or was disconnected first. */
const settled = (sock: TrellisSocket) =>
  new Promise<void>((resolve) => {
    sock.once('session', () => resolve());
    sock.once('disconnect', () => resolve());
    sock.once('connect_error', () => resolve());
  });

/** Polls `/api/health` until stopped; resolves with the slowest answer in ms. */
function healthProbe(url: string): { stop(): Promise<number> } {
  let running = true;
  let slowest = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      // A failed test closes the server under the probe; only the timing matters here.
      await fetch(`${url}/api/health`).then(
        (r) => r.text(),
        () => undefined,
      );
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return slowest;
    },
  };
}

describe('connections per member', () => {
  it('[L5] a member holds at most 4 board connections and 4 sockets: a new one closes its oldest (4409, server disconnect)', async () => {
    const s = await server();
    const created = await s.createSession();
    const a = await s.join(created.joinCode);

    const boards = [];
    for (let i = 0; i < 6; i++) {
      const raw = rawClient(s.wsUrl, created.id, a.token);
      cleanups.push(() => raw.ws.terminate());
      await raw.opened;
      // The server has registered it once it greets with its sync step 1.
      await eventually(() => expect(raw.messages.length).toBeGreaterThan(0));
      boards.push(raw);
    }
    for (const old of boards.slice(0, 2)) {
      expect((await old.closed).code).toBe(CloseCode.Replaced);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(boards.slice(2).map((b) => b.ws.readyState)).toEqual([1, 1, 1, 1]);

    const socks: TrellisSocket[] = [];
    const reasons = new Map<TrellisSocket, string>();
    for (let i = 0; i < 6; i++) {
      const sock = open(s, a.token);
      sock.on('disconnect', (reason) => reasons.set(sock, reason));
      await new Promise((r) => sock.once('session', r));
      socks.push(sock);
    }
    await eventually(() => expect(reasons.size).toBe(2));
    expect(socks.slice(0, 2).map((x) => reasons.get(x))).toEqual([
      'io server disconnect',
      'io server disconnect',
    ]);
    expect(socks.map((x) => x.connected)).toEqual([false, false, true, true, true, true]);
    // Another member is not affected by this one's cap.
    const b = await s.join(created.joinCode);
    const other = open(s, b.token);
    await new Promise((r) => other.once('session', r));
    expect(socks.filter((x) => x.connected)).toHaveLength(4);
  });

  it('[L4] 50 sockets × 100 reactions from one member reach each of 20 listeners as a few coalesced messages; /api/health stays fast; 4 of its sockets stay connected', async () => {
    const s = await server();
    const created = await s.createSession();
    const listeners = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.join(created.joinCode, `Listener ${i}`)),
    );
    const heard = listeners.map((m) => {
      const sock = open(s, m.token);
      const got: Reactions[] = [];
      sock.on('reactions', (r) => got.push(Reactions.parse(r)));
      return { sock, got };
    });
    await Promise.all(heard.map(({ sock }) => settled(sock)));

    const mallory = await s.join(created.joinCode, 'Mallory');
    const socks = Array.from({ length: 50 }, () => open(s, mallory.token));
    await Promise.all(socks.map(settled));
    await eventually(() => expect(socks.filter((x) => x.connected)).toHaveLength(4));

    const probe = healthProbe(s.url);
    const acks: { ok: boolean }[] = [];
    const started = performance.now();
    for (const sock of socks) {
      for (let i = 0; i < 100; i++) sock.emit('react', { emoji: '👏' }, (res) => acks.push(res));
    }
    // Only connected sockets send; their 400 taps spend the member's budget of 100.
    await eventually(() => expect(acks).toHaveLength(400), 10_000);
    const accepted = acks.filter((x) => x.ok).length;
    expect(accepted).toBe(100);
    await new Promise((r) => setTimeout(r, 300));
    const elapsed = performance.now() - started;
    expect(await probe.stop()).toBeLessThan(1000);

    for (const { got } of heard) {
      // One message per 100 ms window at most, carrying every accepted tap.
      expect(got.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
      expect(got.flat().reduce((sum, r) => sum + r.count, 0)).toBe(accepted);
    }
    expect(socks.filter((x) => x.connected)).toHaveLength(4);
  });
});
