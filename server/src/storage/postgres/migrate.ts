import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Any number; every node uses it to take turns migrating. */
const MIGRATION_LOCK = 0x7472_6c73; // "trls"

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** migrations/NNN_name.sql, in version order. */
function migrations(): Migration[] {
  return fs
    .readdirSync(DIR)
    .flatMap((file) => {
      const match = /^(\d+)_(.+)\.sql$/.exec(file);
      if (!match) return [];
      const sql = fs.readFileSync(path.join(DIR, file), 'utf8');
      return [{ version: Number(match[1]), name: match[2]!, sql }];
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Brings the schema up to date: each migration not yet recorded in trellis_migrations runs in a
 * transaction of its own, with its record. Nodes starting together take turns through an
 * advisory lock, so none runs a migration twice or races another's CREATE TABLE.
 */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS trellis_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM trellis_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of migrations()) {
      if (done.has(m.version)) continue;
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query('INSERT INTO trellis_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${m.version}_${m.name} failed: ${String(err)}`, { cause: err });
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
