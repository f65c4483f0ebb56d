import pg from 'pg';
import { expect } from 'vitest';
import type * as Y from 'yjs';
import { listCards } from '@trellis/shared';
import type { RawClient } from '../helpers/clients';
import { createDatabase } from '../helpers/postgres';
import { killHard, spawnServer, stopGracefully, type ServerProcess } from '../helpers/process';
import { tempDir } from '../helpers/server';
import type { Cleanups } from '../helpers/suite';

/** Short leases, so a dead node's sessions move within a test's patience. */
export const LEASE_MS = 2000;

export interface Fleet {
  nodes: ServerProcess[];
  databaseUrl: string;
  /** One query on the shared database. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** The node whose NODE_URL the session's head names as its owner, if its lease runs. */
  owner(sessionId: string): Promise<ServerProcess | undefined>;
  /** SIGTERM node `i`, then start it again on the same port (its clients reconnect there). */
  restart(i: number): Promise<ServerProcess>;
  /** The session's log as stored: sequence numbers in order, and each entry's bytes. */
  log(sessionId: string): Promise<{ seq: number; data: Buffer }[]>;
}

/** `count` Trellis processes (`npm start`'s main.ts) on one fresh PostgreSQL database. */
export async function startFleet(
  cleanups: Cleanups,
  { count = 3, env = {} }: { count?: number; env?: Record<string, string> } = {},
): Promise<Fleet> {
  const db = await createDatabase();
  const client = new pg.Client({ connectionString: db.url });
  cleanups.push(
    () => db.drop(),
    () => client.end(),
  );
  const settings = { DATABASE_URL: db.url, LEASE_MS: String(LEASE_MS), ...env };
  // One at a time: nodes migrate in turn anyway, and 2 cores start them no faster together.
  const nodes: ServerProcess[] = [];
  for (let i = 0; i < count; i++) {
    const node = await spawnServer(tempDir(), settings);
    cleanups.push(() => killHard(node));
    nodes.push(node);
  }
  await client.connect();
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await client.query<R>(text, values)).rows;
  return {
    nodes,
    async restart(i) {
      const old = nodes[i]!;
      expect(await stopGracefully(old)).toBe(0);
      const node = await spawnServer(tempDir(), { ...settings, PORT: new URL(old.url).port });
      cleanups.push(() => killHard(node));
      nodes[i] = node;
      return node;
    },
    databaseUrl: db.url,
    query,
    async owner(sessionId) {
      const [head] = await query<{ owner_url: string | null }>(
        `SELECT owner_url FROM session_heads WHERE session_id = $1
         AND lease_until > (extract(epoch FROM clock_timestamp()) * 1000)::bigint`,
        [sessionId],
      );
      return nodes.find((n) => n.url === head?.owner_url);
    },
    log: (sessionId) =>
      query<{ seq: number; data: Buffer }>(
        'SELECT seq::int AS seq, data FROM updates WHERE session_id = $1 ORDER BY seq',
        [sessionId],
      ),
  };
}

export type Node = ServerProcess;

/** The ids of a board's cards, sorted. */
export const cardIds = (doc: Y.Doc): string[] =>
  listCards(doc)
    .map((c) => c.id)
    .sort();

/** Seqs 1..n, each once: the log has no gap and no duplicate. */
export function expectGapless(log: { seq: number }[]): void {
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
}

/** What became of a raw board connection: refused (its close code) or served (a sync came). */
export function outcome(raw: RawClient): Promise<'served' | number> {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (raw.messages.length === 0) return;
      clearInterval(check);
      resolve('served');
    }, 20);
    void raw.closed.then(({ code }) => {
      clearInterval(check);
      resolve(raw.messages.length > 0 ? 'served' : code);
    });
  });
}
