import type Database from 'better-sqlite3';
import type { HistoryStorage } from './historyTypes';
import { LIST_SESSIONS, toSnapshot, toSummary, type SummaryRow } from './rows';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time INTEGER NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_session ON snapshots(session_id, time);
CREATE INDEX IF NOT EXISTS updates_session_time ON updates(session_id, time);
`;

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function sqliteHistory(db: Database.Database): HistoryStorage {
  db.exec(SCHEMA);
  const q = {
    addSnapshot: db.prepare(
      'INSERT INTO snapshots (session_id, seq, time, label, kind) VALUES (?, ?, ?, ?, ?)',
    ),
    snapshots: db.prepare<[string], { seq: number; time: number; label: string; kind: string }>(
      'SELECT seq, time, label, kind FROM snapshots WHERE session_id = ? ORDER BY time, seq',
    ),
    sessions: db.prepare<[], SummaryRow>(LIST_SESSIONS),
    checkpointBefore: db.prepare<[string, number], { seq: number; state: Buffer }>(
      'SELECT seq, state FROM checkpoints WHERE session_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
    ),
    seqAt: db.prepare<[string, number], { seq: number | null }>(
      'SELECT MAX(seq) AS seq FROM updates WHERE session_id = ? AND time <= ?',
    ),
    between: db.prepare<
      [string, number, number],
      { seq: number; time: number; member_id: string | null; data: Buffer }
    >(
      'SELECT seq, time, member_id, data FROM updates WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
    ),
    activity: db.prepare<[string], { minute: number; updates: number; members: number }>(
      `SELECT (time / 60000) * 60000 AS minute, COUNT(*) AS updates, COUNT(DISTINCT member_id) AS members
       FROM updates WHERE session_id = ? GROUP BY minute ORDER BY minute`,
    ),
    lastSeq: db.prepare<[string], { seq: number | null }>(
      'SELECT MAX(seq) AS seq FROM updates WHERE session_id = ?',
    ),
    members: db.prepare<[string], { id: string; role: string; name: string | null }>(
      'SELECT id, role, name FROM members WHERE session_id = ? ORDER BY created_at',
    ),
  };
  return {
    async addSnapshot(s) {
      q.addSnapshot.run(s.sessionId, s.seq, s.time, s.label, s.kind);
    },
    async snapshots(sessionId) {
      return q.snapshots.all(sessionId).map((r) => toSnapshot(sessionId, r));
    },
    async listSessions() {
      return q.sessions.all().map(toSummary);
    },
    async checkpointAtOrBefore(sessionId, seq) {
      const r = q.checkpointBefore.get(sessionId, seq);
      return r && { seq: r.seq, state: bytes(r.state) };
    },
    async seqAt(sessionId, time) {
      return q.seqAt.get(sessionId, time)?.seq ?? 0;
    },
    async updatesBetween(sessionId, afterSeq, toSeq) {
      return q.between.all(sessionId, afterSeq, toSeq).map((r) => ({
        seq: r.seq,
        time: r.time,
        memberId: r.member_id,
        update: bytes(r.data),
      }));
    },
    async activity(sessionId) {
      return q.activity.all(sessionId);
    },
    async membersOf(sessionId) {
      return q.members
        .all(sessionId)
        .map((r) => ({ id: r.id, role: r.role, name: r.name ?? undefined }));
    },
    async lastSeq(sessionId) {
      return q.lastSeq.get(sessionId)?.seq ?? 0;
    },
  };
}
