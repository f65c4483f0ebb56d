import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { startCluster } from '../../scripts/pg.mjs';
import { DATABASE_PREFIX } from '../setup/postgres';

/** How long a file waits for another file's worker to start the run's cluster. */
const START_TIMEOUT_MS = 90_000;

let admin: Promise<string> | undefined;

/**
 * A superuser URL of the run's PostgreSQL: TEST_DATABASE_URL when set (a server of your own),
 * else a throwaway cluster (scripts/pg.mjs) that the first file to ask starts, every other file
 * of the run shares, and test/setup/postgres.ts stops after the run.
 */
export function adminUrl(): Promise<string> {
  admin ??= process.env.TEST_DATABASE_URL
    ? Promise.resolve(process.env.TEST_DATABASE_URL)
    : sharedCluster(inject('postgresState'));
  return admin;
}

async function sharedCluster(state: string | undefined): Promise<string> {
  if (!state)
    throw new Error('no postgresState: run through vitest.config.ts (test/setup/postgres.ts)');
  const url = path.join(state, 'url');
  const failed = path.join(state, 'error');
  let starter = true;
  try {
    fs.mkdirSync(path.join(state, 'starting'));
  } catch {
    starter = false;
  }
  if (starter) {
    // Writes go through a rename, so a file that exists is complete.
    const write = (file: string, text: string) => {
      fs.writeFileSync(`${file}.tmp`, text);
      fs.renameSync(`${file}.tmp`, file);
    };
    try {
      // Tests survive a killed Trellis without fsync; only a power cut would need it.
      const cluster = await startCluster({ durable: false });
      write(path.join(state, 'dir'), cluster.dir);
      write(url, cluster.url);
    } catch (err) {
      write(failed, err instanceof Error ? err.message : String(err));
    }
  }
  for (const deadline = Date.now() + START_TIMEOUT_MS; Date.now() < deadline;) {
    if (fs.existsSync(url)) return fs.readFileSync(url, 'utf8');
    if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the test PostgreSQL did not start within ${START_TIMEOUT_MS} ms`);
}

export interface TestDatabase {
  /** The database's URL, as DATABASE_URL would be. */
  url: string;
  /** Drops it (its connections closed first). */
  drop(): Promise<void>;
}

let counter = 0;

/** An empty database of its own on the run's PostgreSQL, as an operator would hand Trellis. */
export async function createDatabase(): Promise<TestDatabase> {
  const server = await adminUrl();
  const name = `${DATABASE_PREFIX}${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Every value of every row of every table of the database at `url`, per table, as bytes (text as
 * UTF-8, bytea as stored): what a dump of the database would hold.
 */
export async function tableBytes(url: string): Promise<Map<string, Buffer>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const out = new Map<string, Buffer>();
    for (const { name } of tables.rows) {
      const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM "${name}"`);
      const values = rows.flatMap((row) => Object.values(row));
      out.set(
        name,
        Buffer.concat(values.map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(`${String(v)}\n`)))),
      );
    }
    return out;
  } finally {
    await client.end();
  }
}
