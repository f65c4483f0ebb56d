import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '@trellis/server';
import { createDatabase, tableBytes, type TestDatabase } from '../helpers/postgres';
import { storageContract } from './contract';

let db: TestDatabase | undefined;
beforeAll(async () => {
  db = await createDatabase();
});
afterAll(() => db?.drop());

/** The tables of the database at `url` that still hold `needle` anywhere in a row. */
async function traces(url: string, needle: string): Promise<string[]> {
  const tables = await tableBytes(url);
  return [...tables].flatMap(([table, bytes]) => (bytes.includes(needle) ? [table] : []));
}

storageContract('PostgreSQL', async () => {
  if (!db) throw new Error('no test database');
  const { url } = db;
  const storage = await openPostgresStorage(url);
  return { storage, close: () => storage.close(), traces: (needle) => traces(url, needle) };
});

describe('PostgreSQL schema', () => {
  it('[D6] nodes starting at once on an empty database create and migrate its schema once; a restart migrates nothing', async () => {
    const fresh = await createDatabase();
    try {
      const storages = await Promise.all([1, 2, 3].map(() => openPostgresStorage(fresh.url)));
      const { rows } = await storages[0]!.pool.query<{ version: number }>(
        'SELECT version FROM trellis_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual([1, 2]);
      await Promise.all(storages.map((s) => s.close()));
      const again = await openPostgresStorage(fresh.url);
      expect((await again.pool.query('SELECT * FROM trellis_migrations')).rowCount).toBe(2);
      await again.close();
    } finally {
      await fresh.drop();
    }
  });
});
