import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AppDeps, Config } from '@trellis/server';
import { provider, socket, type TrellisSocket } from './clients';
import { connected } from './requests';
import { startServer, type TestServer } from './server';

/** What a test leaves behind for after it: run newest first, awaited. */
export interface Cleanups {
  push(...fns: (() => unknown)[]): void;
}

/** Per-test cleanups for files that start their own servers. */
export function useCleanups(): Cleanups {
  const pending: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of pending.splice(0).reverse()) await fn();
  });
  return { push: (...fns) => void pending.push(...fns) };
}

/**
 * One real server for a whole test file, plus the clients a test opens (closed after it). Every
 * integration file began with the same dozen lines; this is them, once. The returned object is
 * the server itself (its url, app, createSession…) once `beforeAll` has run.
 */
export interface ServerSuite extends TestServer {
  cleanups: Cleanups;
  /** A Socket.IO client, closed after the test (not yet connected). */
  socket(token: string): TrellisSocket;
  /** A connected Socket.IO client, closed after the test. */
  control(token: string): Promise<TrellisSocket>;
  /** A stock y-websocket provider, destroyed after the test. */
  board(sessionId: string, token: string): ReturnType<typeof provider>;
}

export function useServer(
  overrides: Partial<Config> = {},
  deps: Omit<AppDeps, 'config'> = {},
): ServerSuite {
  let server: TestServer | undefined;
  const cleanups = useCleanups();
  beforeAll(async () => {
    server = await startServer(overrides, deps);
  });
  afterAll(() => server?.close());
  const live = (): TestServer => {
    if (!server) throw new Error('the suite server starts in beforeAll');
    return server;
  };
  const open = (token: string): TrellisSocket => {
    const sock = socket(live().url, token);
    cleanups.push(() => sock.disconnect());
    return sock;
  };
  return {
    get app() {
      return live().app;
    },
    get url() {
      return live().url;
    },
    get wsUrl() {
      return live().wsUrl;
    },
    get dataDir() {
      return live().dataDir;
    },
    createSession: (...args) => live().createSession(...args),
    join: (...args) => live().join(...args),
    close: () => live().close(),
    cleanups,
    socket: open,
    async control(token) {
      const sock = open(token);
      await connected(sock);
      return sock;
    },
    board(sessionId, token) {
      const c = provider(live().wsUrl, sessionId, token);
      cleanups.push(() => c.provider.destroy());
      return c;
    },
  };
}
