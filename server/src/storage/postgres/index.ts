import type pg from 'pg';
import type { ClientBinding, LogEntry, NewMember, Storage, TableWrite } from '../types';
import { toMember, toSession, type MemberRow, type SessionRow } from '../rows';
import { postgresErasure } from './erasure';
import { postgresHistory } from './history';
import { appendFenced, type FencedAppend } from './heads';
import { appendLog } from './log';
import { migrate } from './migrate';
import { bytes, createPool, transaction } from './pool';
import { applyWrite, postgresWorkshop } from './workshop';

const insertMember = (db: pg.ClientBase | pg.Pool, m: NewMember) =>
  db.query(
    `INSERT INTO members (id, session_id, role, name, token_hash, created_at, device_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m.id, m.sessionId, m.role, m.name ?? null, m.tokenHash, m.createdAt, m.deviceHash ?? null],
  );

/** PostgreSQL storage, with the pool it runs on (the rate limits and settings share it). */
export interface PostgresStorage extends Storage {
  readonly pool: pg.Pool;
  /**
   * appendUpdates for a node that owns sessions ([N2]): each session's entries, bindings and
   * table writes land only while its head names `owner` at the epoch in `epochs`.
   */
  appendFenced(
    owner: string,
    epochs: ReadonlyMap<string, number>,
    entries: LogEntry[],
    bindings: ClientBinding[],
    writes: TableWrite[],
  ): Promise<FencedAppend>;
}

/**
 * Trellis' storage in the PostgreSQL database at `url`, its schema created or migrated first.
 * Same tables and meaning as the SQLite file; several nodes may share the database.
 */
export async function openPostgresStorage(
  url: string,
  options: pg.PoolConfig = {},
): Promise<PostgresStorage> {
  const pool = createPool(url, options);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    (await pool.query<R>(text, values)).rows[0];
  const session = async (column: 'id' | 'join_code', value: string) => {
    const row = await one<SessionRow>(
      `SELECT id, title, template, join_code, created_at, ended_at FROM sessions WHERE ${column} = $1`,
      [value],
    );
    return row && toSession(row);
  };
  const member = async (column: 'id' | 'token_hash', value: string) => {
    const row = await one<MemberRow>(
      `SELECT id, session_id, role, name, created_at FROM members WHERE ${column} = $1`,
      [value],
    );
    return row && toMember(row);
  };

  return {
    pool,
    ...postgresWorkshop(pool),
    ...postgresHistory(pool),
    ...postgresErasure(pool),
    async createSession(s, members, seed, extras = {}) {
      await transaction(pool, async (db) => {
        await db.query(
          `INSERT INTO sessions (id, title, template, join_code, created_at, ended_at, follow_up_of, retention_days)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            s.id,
            s.title,
            s.template,
            s.joinCode,
            s.createdAt,
            s.endedAt,
            extras.followUpOf ?? null,
            extras.retentionDays ?? null,
          ],
        );
        for (const m of members) await insertMember(db, m);
        await appendLog(db, [seed], extras.bindings ?? []);
      });
    },
    sessionById: (id) => session('id', id),
    sessionByJoinCode: (code) => session('join_code', code),
    async addMember(m) {
      await insertMember(pool, m);
    },
    memberByTokenHash: (hash) => member('token_hash', hash),
    memberById: (id) => member('id', id),
    async appendUpdates(entries, bindings, writes = []) {
      if (entries.length === 0 && bindings.length === 0 && writes.length === 0) return [];
      // The common tick, entries and bindings only, is one statement and one commit.
      if (writes.length === 0) return appendLog(pool, entries, bindings);
      return transaction(pool, async (db) => {
        const seqs = await appendLog(db, entries, bindings);
        for (const w of writes) await applyWrite(db, w);
        return seqs;
      });
    },
    async appendFenced(owner, epochs, entries, bindings, writes) {
      if (writes.length === 0) return appendFenced(pool, owner, epochs, entries, bindings);
      return transaction(pool, async (db) => {
        // The append locks the heads it writes under until COMMIT, so no takeover comes between
        // it and the table writes of the sessions it did not fence.
        const result = await appendFenced(db, owner, epochs, entries, bindings);
        for (const w of writes) if (!result.fenced.has(w.sessionId)) await applyWrite(db, w);
        return result;
      });
    },
    async logBytesByMember(sessionId) {
      const { rows } = await pool.query<{ member_id: string; bytes: number }>(
        `SELECT member_id, SUM(octet_length(data)) AS bytes FROM updates
         WHERE session_id = $1 AND member_id IS NOT NULL GROUP BY member_id`,
        [sessionId],
      );
      return new Map(rows.map((r) => [r.member_id, r.bytes]));
    },
    async loadState(sessionId) {
      const cp = await one<{ seq: number; state: Buffer }>(
        'SELECT seq, state FROM checkpoints WHERE session_id = $1 ORDER BY seq DESC LIMIT 1',
        [sessionId],
      );
      const tail = await pool.query<{ seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE session_id = $1 AND seq > $2 ORDER BY seq',
        [sessionId, cp?.seq ?? 0],
      );
      return {
        checkpoint: cp && { seq: cp.seq, state: bytes(cp.state) },
        tail: tail.rows.map((r) => ({ seq: r.seq, update: bytes(r.data) })),
      };
    },
    async writeCheckpoint(sessionId, seq, time, state) {
      await pool.query(
        `INSERT INTO checkpoints (session_id, seq, time, state) VALUES ($1, $2, $3, $4)
         ON CONFLICT (session_id, seq) DO UPDATE SET time = excluded.time, state = excluded.state`,
        [sessionId, seq, time, state],
      );
    },
    async clientBindings(sessionId) {
      const { rows } = await pool.query<{ client_id: number; member_id: string }>(
        'SELECT client_id, member_id FROM client_ids WHERE session_id = $1',
        [sessionId],
      );
      return new Map(rows.map((r) => [r.client_id, r.member_id]));
    },
    async onOneNode(task, fn) {
      const db = await pool.connect();
      try {
        const { rows } = await db.query<{ locked: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext('trellis:' || $1)) AS locked",
          [task],
        );
        if (!rows[0]?.locked) return undefined;
        try {
          return await fn();
        } finally {
          await db.query("SELECT pg_advisory_unlock(hashtext('trellis:' || $1))", [task]);
        }
      } finally {
        db.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
