import type pg from 'pg';
import type { HistoryStorage } from '../historyTypes';
import { LIST_SESSIONS, toSnapshot, toSummary, type SummaryRow } from '../rows';
import { bytes } from './pool';

/** Reads over the update log on PostgreSQL, as sqliteHistory does on SQLite. */
export function postgresHistory(pool: pg.Pool): HistoryStorage {
  const rows = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await pool.query<R>(text, values)).rows;
  return {
    async addSnapshot(s) {
      await pool.query(
        'INSERT INTO snapshots (session_id, seq, time, label, kind) VALUES ($1, $2, $3, $4, $5)',
        [s.sessionId, s.seq, s.time, s.label, s.kind],
      );
    },
    async snapshots(sessionId) {
      const found = await rows<{ seq: number; time: number; label: string; kind: string }>(
        'SELECT seq, time, label, kind FROM snapshots WHERE session_id = $1 ORDER BY time, seq, n',
        [sessionId],
      );
      return found.map((r) => toSnapshot(sessionId, r));
    },
    async listSessions() {
      return (await rows<SummaryRow>(LIST_SESSIONS)).map(toSummary);
    },
    async checkpointAtOrBefore(sessionId, seq) {
      const [r] = await rows<{ seq: number; state: Buffer }>(
        `SELECT seq, state FROM checkpoints WHERE session_id = $1 AND seq <= $2
         ORDER BY seq DESC LIMIT 1`,
        [sessionId, seq],
      );
      return r && { seq: r.seq, state: bytes(r.state) };
    },
    async seqAt(sessionId, time) {
      const [r] = await rows<{ seq: number | null }>(
        'SELECT MAX(seq) AS seq FROM updates WHERE session_id = $1 AND time <= $2',
        [sessionId, time],
      );
      return r?.seq ?? 0;
    },
    async updatesBetween(sessionId, afterSeq, toSeq) {
      const found = await rows<{
        seq: number;
        time: number;
        member_id: string | null;
        data: Buffer;
      }>(
        `SELECT seq, time, member_id, data FROM updates
         WHERE session_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
        [sessionId, afterSeq, toSeq],
      );
      return found.map((r) => ({
        seq: r.seq,
        time: r.time,
        memberId: r.member_id,
        update: bytes(r.data),
      }));
    },
    async activity(sessionId) {
      return rows<{ minute: number; updates: number; members: number }>(
        `SELECT (time / 60000) * 60000 AS minute, COUNT(*) AS updates,
           COUNT(DISTINCT member_id) AS members
         FROM updates WHERE session_id = $1 GROUP BY 1 ORDER BY 1`,
        [sessionId],
      );
    },
    async lastSeq(sessionId) {
      const [r] = await rows<{ seq: number | null }>(
        'SELECT MAX(seq) AS seq FROM updates WHERE session_id = $1',
        [sessionId],
      );
      return r?.seq ?? 0;
    },
    async membersOf(sessionId) {
      const found = await rows<{ id: string; role: string; name: string | null }>(
        'SELECT id, role, name FROM members WHERE session_id = $1 ORDER BY created_at, n',
        [sessionId],
      );
      return found.map((r) => ({ id: r.id, role: r.role, name: r.name ?? undefined }));
    },
  };
}
