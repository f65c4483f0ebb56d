import pg from 'pg';

/** pg's OID of int8 (bigint): COUNT(*), MAX(seq) and every time column. */
const INT8 = 20;

/**
 * A pooled connection to DATABASE_URL. bigint columns come back as numbers, not pg's default
 * strings: they hold times in ms, sequence numbers and counts, all far below 2^53.
 */
export function createPool(url: string, options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...options,
  });
  // An idle connection the server dropped (restart, failover) must not crash the process: the
  // pool discards it and the next query opens another.
  pool.on('error', () => undefined);
  return pool;
}

/** A bytea value as the Uint8Array the Storage interface hands out. */
export const bytes = (b: Buffer): Uint8Array =>
  new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Runs `fn` in one transaction on one connection; rolls back if it throws. */
export async function transaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
