import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  createApp,
  openPostgresDeps,
  openPostgresStorage,
  openSqliteStorage,
  testConfig,
  type AppDeps,
  type Config,
  type Storage,
  type TrellisApp,
} from '@trellis/server';
import { createDatabase, tableBytes, type TestDatabase } from './postgres';
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

/**
 * TRELLIS_TEST_STORAGE=postgres runs the servers tests start on PostgreSQL (a database of their
 * own on the run's cluster, test/helpers/postgres.ts) instead of SQLite in their DATA_DIR.
 */
const onPostgres = process.env.TRELLIS_TEST_STORAGE === 'postgres';

/** One database per DATA_DIR, so a server restarted on its DATA_DIR finds its sessions again. */
const databases = new Map<string, Promise<TestDatabase>>();

/**
 * What a server on PostgreSQL adds to its deps. A DATA_DIR that already holds SQLite data (a
 * copy a test made, a generated organiser key) stays on SQLite: the test is about that data.
 */
async function storageDeps(config: Config): Promise<Partial<AppDeps>> {
  const sqliteData = ['trellis.sqlite', 'organiser-key.sha256'].some((f) =>
    fs.existsSync(path.join(config.dataDir, f)),
  );
  if (!onPostgres || sqliteData) return {};
  let db = databases.get(config.dataDir);
  if (!db) databases.set(config.dataDir, (db = createDatabase()));
  return openPostgresDeps((await db).url, config.organiserKey, () => undefined);
}

/**
 * A second storage on what a server on this DATA_DIR kept (SQLite's file, or the PostgreSQL
 * database the tests gave it), to read it after the server closed.
 */
export async function openStorageAt(dataDir: string): Promise<Storage> {
  const db = databases.get(dataDir);
  return db ? openPostgresStorage((await db).url) : openSqliteStorage(dataDir);
}

/** Everything a server on this DATA_DIR stored, as a backup would hold it: the SQLite file and
 * its WAL, or every row of the PostgreSQL database's tables. */
export async function storedBytes(dataDir: string): Promise<Buffer> {
  const db = databases.get(dataDir);
  if (db) return Buffer.concat([...(await tableBytes((await db).url)).values()]);
  const file = path.join(dataDir, 'trellis.sqlite');
  return Buffer.concat(
    [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
  );
}

/** The real server, in-process, on a free port of 127.0.0.1, with its own temp DATA_DIR. */
export async function startServer(
  overrides: Partial<Config> = {},
  deps: Omit<AppDeps, 'config'> = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDir();
  const config = testConfig({ ...overrides, dataDir });
  const shared = deps.storage ? {} : await storageDeps(config);
  const app = createApp({ ...shared, ...deps, config });
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
