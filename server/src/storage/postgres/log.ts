import type pg from 'pg';
import type { ClientBinding, LogEntry } from '../types';

/**
 * One statement appends a batch of log entries (any number of sessions) and its clientID
 * bindings. Each session's numbers come from its session_heads row ([D3]): the upsert locks the
 * rows in session order (so two batches never deadlock), adds the batch's count, and the entries
 * take the numbers just below the new last_seq, in batch order. A failing entry (NOT NULL data)
 * fails the statement, and nothing of it is written.
 */
/** The batch's entries ($1–$4), with their place in it (`ord`). */
export const BATCH = `batch AS (
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bytea[])
    WITH ORDINALITY AS b(session_id, time, member_id, data, ord)
)`;

/**
 * Numbers each session's entries just below the new last_seq its head returned (`heads`, after
 * adding `counts`), in batch order, and logs them.
 */
export const NUMBER_AND_LOG = `numbered AS (
  SELECT b.ord, b.session_id, b.time, b.member_id, b.data,
    h.last_seq - c.n + row_number() OVER (PARTITION BY b.session_id ORDER BY b.ord) AS seq
  FROM batch b JOIN heads h USING (session_id) JOIN counts c USING (session_id)
), logged AS (
  INSERT INTO updates (session_id, seq, time, member_id, data)
  SELECT session_id, seq, time, member_id, data FROM numbered
)`;

const APPEND = `
WITH ${BATCH}, counts AS (
  SELECT session_id, count(*) AS n FROM batch GROUP BY session_id
), heads AS (
  INSERT INTO session_heads AS h (session_id, last_seq)
  SELECT session_id, n FROM counts ORDER BY session_id
  ON CONFLICT (session_id) DO UPDATE SET last_seq = h.last_seq + excluded.last_seq
  RETURNING h.session_id, h.last_seq
), ${NUMBER_AND_LOG}, bound AS (
  INSERT INTO client_ids (session_id, client_id, member_id)
  SELECT * FROM unnest($5::text[], $6::bigint[], $7::text[])
  ON CONFLICT DO NOTHING
)
SELECT ord, seq FROM numbered ORDER BY ord`;

/** $1–$7 of an append: the entries' columns, then the bindings'. */
export const batchValues = (
  entries: readonly LogEntry[],
  bindings: readonly ClientBinding[],
): unknown[] => [
  entries.map((e) => e.sessionId),
  entries.map((e) => e.time),
  entries.map((e) => e.memberId),
  entries.map((e) => e.update),
  bindings.map((b) => b.sessionId),
  bindings.map((b) => b.clientId),
  bindings.map((b) => b.memberId),
];

/** Appends `entries` and `bindings` (first binding of a clientID wins) and returns each entry's seq. */
export async function appendLog(
  db: pg.Pool | pg.PoolClient,
  entries: readonly LogEntry[],
  bindings: readonly ClientBinding[],
): Promise<number[]> {
  const { rows } = await db.query<{ ord: number; seq: number }>({
    name: 'trellis-append',
    text: APPEND,
    values: batchValues(entries, bindings),
  });
  if (rows.length !== entries.length) {
    throw new Error(`append numbered ${rows.length} of ${entries.length} entries`);
  }
  return rows.map((r) => r.seq);
}
