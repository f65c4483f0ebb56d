import type pg from 'pg';
import type { ClientBinding, LogEntry } from '../types';
import { BATCH, batchValues, NUMBER_AND_LOG } from './log';

/**
 * Who owns each session, in its session_heads row ([N1]): `owner` (a node id), `owner_url` (where
 * other nodes reach it), `epoch` (bumped on every take) and `lease_until` (ms, the database's
 * clock, so nodes with skewed clocks agree on when a lease has run out).
 */
const NOW_MS = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

/** A free, expired or own lease is taken with a new epoch; anyone else's live lease is left be. */
const TAKE = `
INSERT INTO session_heads AS h (session_id, owner, owner_url, epoch, lease_until)
VALUES ($1, $2, $3, 1, ${NOW_MS} + $4)
ON CONFLICT (session_id) DO UPDATE SET
  owner = excluded.owner, owner_url = excluded.owner_url, epoch = h.epoch + 1,
  lease_until = excluded.lease_until
WHERE h.owner IS NULL OR h.owner = excluded.owner OR h.lease_until IS NULL
  OR h.lease_until < ${NOW_MS}
RETURNING h.epoch`;

/**
 * Renews every lease a node still holds, in one statement. Rows are locked in session order, as
 * the fenced append locks them, so a renewal and an append of the same node never deadlock.
 */
const RENEW = `
UPDATE session_heads h SET lease_until = ${NOW_MS} + $2
FROM (
  SELECT s.session_id FROM session_heads s
  JOIN unnest($3::text[], $4::bigint[]) AS f(session_id, epoch) USING (session_id)
  WHERE s.owner = $1 AND s.epoch = f.epoch
  ORDER BY s.session_id FOR UPDATE OF s
) held
WHERE h.session_id = held.session_id
RETURNING h.session_id`;

/** Gives a lease back so the next node takes it at once (its epoch stays: the next take bumps it). */
const RELEASE = `
UPDATE session_heads SET owner = NULL, owner_url = NULL, lease_until = NULL
WHERE owner = $1 AND session_id = ANY($2::text[])`;

/**
 * A checkpoint written only while the head names `owner` at `epoch` ([N2]), the head share-locked
 * until it commits, so a takeover's load comes after it or the write finds the session taken.
 */
const FENCED_CHECKPOINT = `
WITH held AS (
  SELECT session_id FROM session_heads WHERE session_id = $1 AND owner = $5 AND epoch = $6
  FOR SHARE
)
INSERT INTO checkpoints (session_id, seq, time, state)
SELECT session_id, $2, $3, $4 FROM held
ON CONFLICT (session_id, seq) DO UPDATE SET time = excluded.time, state = excluded.state
RETURNING seq`;

/** Writes the checkpoint if `owner` still holds the session at `epoch`; false when fenced. */
export async function checkpointFenced(
  db: pg.Pool,
  owner: string,
  epoch: number,
  checkpoint: { sessionId: string; seq: number; time: number; state: Uint8Array },
): Promise<boolean> {
  const { sessionId, seq, time, state } = checkpoint;
  const { rowCount } = await db.query(FENCED_CHECKPOINT, [
    sessionId,
    seq,
    time,
    state,
    owner,
    epoch,
  ]);
  return rowCount === 1;
}

export interface Holder {
  owner: string | null;
  ownerUrl: string | null;
}

/** Takes `sessionId` for `node`: its new epoch, or undefined while another node's lease runs. */
export async function takeLease(
  db: pg.Pool,
  sessionId: string,
  node: { id: string; url: string },
  leaseMs: number,
): Promise<number | undefined> {
  const { rows } = await db.query<{ epoch: number }>({
    name: 'trellis-take',
    text: TAKE,
    values: [sessionId, node.id, node.url, leaseMs],
  });
  return rows[0]?.epoch;
}

/** The node holding a session's lease now, if any. */
export async function leaseHolder(db: pg.Pool, sessionId: string): Promise<Holder> {
  const { rows } = await db.query<{ owner: string | null; owner_url: string | null }>(
    `SELECT owner, owner_url FROM session_heads WHERE session_id = $1 AND lease_until >= ${NOW_MS}`,
    [sessionId],
  );
  return { owner: rows[0]?.owner ?? null, ownerUrl: rows[0]?.owner_url ?? null };
}

/** Renews `held` (session → epoch) for `owner`; returns the sessions still held. */
export async function renewLeases(
  db: pg.Pool,
  owner: string,
  held: ReadonlyMap<string, number>,
  leaseMs: number,
): Promise<Set<string>> {
  const { rows } = await db.query<{ session_id: string }>({
    name: 'trellis-renew',
    text: RENEW,
    values: [owner, leaseMs, [...held.keys()], [...held.values()]],
  });
  return new Set(rows.map((r) => r.session_id));
}

export async function releaseLeases(
  db: pg.Pool,
  owner: string,
  sessionIds: readonly string[],
): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.query(RELEASE, [owner, sessionIds]);
}

/**
 * The append of log.ts, fenced ([N2]): a session's entries and bindings are written only while
 * its head still names this owner at this epoch, checked in the same statement as the write. Every
 * session of the fence is locked in session order and advanced by its count (0 for one with only
 * bindings or table writes, so those are fenced too); the rest of the batch is written as usual.
 */
const FENCED_APPEND = `
WITH ${BATCH}, fence AS (
  SELECT * FROM unnest($8::text[], $9::bigint[]) AS f(session_id, epoch)
), locked AS MATERIALIZED (
  SELECT h.session_id FROM session_heads h JOIN fence f USING (session_id)
  WHERE h.owner = $10 AND h.epoch = f.epoch
  ORDER BY h.session_id FOR UPDATE OF h
), counts AS (
  SELECT f.session_id, count(b.ord) AS n FROM fence f LEFT JOIN batch b USING (session_id)
  GROUP BY f.session_id
), heads AS (
  UPDATE session_heads h SET last_seq = h.last_seq + c.n
  FROM counts c JOIN fence f USING (session_id)
  WHERE h.session_id = c.session_id AND h.session_id IN (SELECT session_id FROM locked)
    AND h.owner = $10 AND h.epoch = f.epoch
  RETURNING h.session_id, h.last_seq
), ${NUMBER_AND_LOG}, bound AS (
  INSERT INTO client_ids (session_id, client_id, member_id)
  SELECT * FROM unnest($5::text[], $6::bigint[], $7::text[]) AS x(session_id, client_id, member_id)
  WHERE x.session_id IN (SELECT session_id FROM heads)
  ON CONFLICT DO NOTHING
)
SELECT ord, seq, NULL::text AS fenced FROM numbered
UNION ALL
SELECT NULL, NULL, f.session_id FROM fence f
WHERE f.session_id NOT IN (SELECT session_id FROM heads)
ORDER BY ord`;

export interface FencedAppend {
  /** Sequence numbers of the written entries, in batch order (fenced sessions' entries left out). */
  seqs: number[];
  /** Sessions whose head no longer names this owner at the epoch given: nothing of theirs written. */
  fenced: Set<string>;
}

export async function appendFenced(
  db: pg.Pool | pg.PoolClient,
  owner: string,
  epochs: ReadonlyMap<string, number>,
  entries: readonly LogEntry[],
  bindings: readonly ClientBinding[],
): Promise<FencedAppend> {
  const { rows } = await db.query<{
    ord: number | null;
    seq: number | null;
    fenced: string | null;
  }>({
    name: 'trellis-append-fenced',
    text: FENCED_APPEND,
    values: [...batchValues(entries, bindings), [...epochs.keys()], [...epochs.values()], owner],
  });
  const seqs: number[] = [];
  const fenced = new Set<string>();
  for (const r of rows) {
    if (r.fenced !== null) fenced.add(r.fenced);
    else seqs.push(r.seq!);
  }
  const expected = entries.filter((e) => !fenced.has(e.sessionId)).length;
  if (seqs.length !== expected) {
    throw new Error(`fenced append numbered ${seqs.length} of ${expected} entries`);
  }
  return { seqs, fenced };
}
