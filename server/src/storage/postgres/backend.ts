import type pg from 'pg';
import { resolveSharedOrganiserKeyHash } from '../../auth/organiserKey';
import { openPostgresStorage, type PostgresStorage } from './index';

/** What a node keeps in PostgreSQL: the pieces createApp takes (AppDeps). */
export interface PostgresDeps {
  storage: PostgresStorage;
  /** Rate-limit counts every node shares ([L1]–[L3]). */
  sharedLimits: pg.Pool;
  organiserKeyHash: string;
}

/**
 * Everything several nodes must share, in the database at `url`: the storage (schema migrated
 * first), the rate limits and the organiser key's hash. The key comes from ORGANISER_KEY when
 * set; otherwise the first node to start makes one, keeps its hash and prints the key once.
 */
export async function openPostgresDeps(
  url: string,
  organiserKey: string | undefined,
  announce: (key: string) => void,
): Promise<PostgresDeps> {
  const storage = await openPostgresStorage(url, { application_name: 'trellis' });
  try {
    const organiserKeyHash = await resolveSharedOrganiserKeyHash(
      {
        async keepFirst(hash) {
          const inserted = await storage.pool.query<{ value: string }>(
            `INSERT INTO settings (name, value) VALUES ('organiser_key_sha256', $1)
             ON CONFLICT (name) DO NOTHING RETURNING value`,
            [hash],
          );
          const kept = await storage.pool.query<{ value: string }>(
            `SELECT value FROM settings WHERE name = 'organiser_key_sha256'`,
          );
          return inserted.rows[0]?.value ?? kept.rows[0]!.value;
        },
      },
      organiserKey,
      announce,
    );
    return { storage, sharedLimits: storage.pool, organiserKeyHash };
  } catch (err) {
    await storage.close();
    throw err;
  }
}
