import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, testConfig, type Config, type TrellisApp, type AppDeps } from '@trellis/server';
import {
  CreateSessionResponse,
  JoinResponse,
  type CreateSessionRequest,
  type CreateSessionResponse as Created,
  type JoinResponse as Joined,
} from '@trellis/shared';

export const ORGANISER_KEY = 'test-organiser-key';

export interface TestServer {
  app: TrellisApp;
  url: string;
  wsUrl: string;
  dataDir: string;
  createSession(title?: string, options?: SessionOptions): Promise<Created>;
  join(code: string, name?: string): Promise<Joined>;
  close(): Promise<void>;
}

/** App deps that note every update the guards reject, for tests whose honest screens must cause none. */
export const recordRejections = (into: string[]): Omit<AppDeps, 'config'> => ({
  roomHooks: {
    onRejected: (_room, peer, r) => into.push(`${peer.member.role}: [${r.rule}] ${r.reason}`),
  },
});

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-test-'));

/** The real server, in-process, on a free port of 127.0.0.1, with its own temp DATA_DIR. */
export async function startServer(
  overrides: Partial<Config> = {},
  deps: Omit<AppDeps, 'config'> = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDir();
  const app = createApp({ ...deps, config: testConfig({ ...overrides, dataDir }) });
  await new Promise<void>((resolve) =>
    app.server.listen(overrides.port ?? 0, '127.0.0.1', resolve),
  );
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    dataDir,
    createSession: (title = 'Test session', options = {}) => createSession(url, title, options),
    join: (code, name) => join(url, code, name),
    close: () => app.close(),
  };
}

/** What else `POST /api/sessions` takes besides the title. */
export type SessionOptions = Omit<CreateSessionRequest, 'title' | 'template'> & {
  template?: CreateSessionRequest['template'];
};

export async function createSession(
  url: string,
  title = 'Test session',
  options: SessionOptions = {},
): Promise<Created> {
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ORGANISER_KEY}` },
    body: JSON.stringify({ title, ...options }),
  });
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
  return CreateSessionResponse.parse(await res.json());
}

export async function join(url: string, code: string, name?: string): Promise<Joined> {
  const res = await fetch(`${url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(name === undefined ? { code } : { code, name }),
  });
  if (res.status !== 200) throw new Error(`join: ${res.status} ${await res.text()}`);
  return JoinResponse.parse(await res.json());
}

/**
 * Polls until `check` passes or `timeoutMs` has passed. The failure says what it waited for
 * (`what`, when given) and how long, then the last failure of `check`, so a timeout on a loaded
 * machine reads differently from a wrong value.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  what?: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) {
        if (what === undefined) throw err;
        const waited = `waited ${timeoutMs} ms for ${what}`;
        if (!(err instanceof Error)) throw new Error(`${waited}: ${String(err)}`, { cause: err });
        // Prefixed in place: an assertion keeps its expected/actual diff.
        err.message = `${waited}: ${err.message}`;
        throw err;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
