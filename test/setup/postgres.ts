/**
 * The test run's PostgreSQL, shared by every test file that needs one (test/helpers/postgres.ts)
 * and started by the first of them, so a run without PostgreSQL tests starts none. This global
 * setup gives the files a folder to agree on who starts it, and stops it after the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { stopCluster } from '../../scripts/pg.mjs';

/** Every test database's name starts so; the run's teardown drops what is left of them. */
export const DATABASE_PREFIX = 'trellis_test_';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test/helpers/postgres.ts records the run's cluster (files `dir` and `url`). */
    postgresState: string;
  }
}

/**
 * On a server of one's own (TEST_DATABASE_URL), the databases the files made and left: servers
 * restarted on a DATA_DIR keep theirs until the end of the run.
 */
async function dropLeftovers(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)`,
      [DATABASE_PREFIX],
    );
    for (const { name } of rows) await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-pg-state-'));
  project.provide('postgresState', state);
  return async () => {
    if (process.env.TEST_DATABASE_URL) await dropLeftovers(process.env.TEST_DATABASE_URL);
    const file = path.join(state, 'dir');
    try {
      if (fs.existsSync(file)) stopCluster(fs.readFileSync(file, 'utf8'));
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
    }
  };
}
