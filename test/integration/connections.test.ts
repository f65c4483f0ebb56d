import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, Reactions } from '@trellis/shared';
import { rawClient, socket, type TrellisSocket } from '../helpers/clients';
import { eventually, startServer, type TestServer } from '../helpers/server';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

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
  it('[L5] a member holds at most 4 board connections: a new one closes its oldest with 4409', async () => {
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
  });
});
