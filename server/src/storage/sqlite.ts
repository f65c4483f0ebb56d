import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  ClientBinding,
  LogEntry,
  NewMember,
  SessionExtras,
  SessionRecord,
  Storage,
  StoredState,
  TableWrite,
} from './types';
import { sqliteErasure } from './erasure';
import { toMember, toSession, type MemberRow, type SessionRow } from './rows';
import { sqliteHistory } from './sqliteHistory';
import { migrateLog } from './sqliteMigrate';
import { sqliteWorkshop } from './sqliteWorkshop';
import { startWalCheckpointer } from './walCheckpointer';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  template TEXT NOT NULL,
  join_code TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE TABLE IF NOT EXISTS members (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  role TEXT NOT NULL,
  name TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS members_session ON members(session_id);
CREATE TABLE IF NOT EXISTS client_ids (
  session_id TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  member_id TEXT NOT NULL,
  PRIMARY KEY (session_id, client_id)
);
`;

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function openSqliteStorage(dataDir: string, sync: 'NORMAL' | 'FULL' = 'NORMAL'): Storage {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'trellis.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  migrateLog(db);
  // Before the statements below: it adds columns older databases lack (members.device_hash).
  const workshop = sqliteWorkshop(db);
  const checkpointer = startWalCheckpointer(db, file, sync);

  const q = {
    insertSession: db.prepare(
      'INSERT INTO sessions (id, title, template, join_code, created_at, ended_at) VALUES (@id, @title, @template, @joinCode, @createdAt, @endedAt)',
    ),
    sessionById: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    sessionByCode: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE join_code = ?'),
    insertMember: db.prepare(
      'INSERT INTO members (id, session_id, role, name, token_hash, created_at, device_hash) VALUES (@id, @sessionId, @role, @name, @tokenHash, @createdAt, @deviceHash)',
    ),
    memberByToken: db.prepare<[string], MemberRow>(
      'SELECT id, session_id, role, name, created_at FROM members WHERE token_hash = ?',
    ),
    memberById: db.prepare<[string], MemberRow>(
      'SELECT id, session_id, role, name, created_at FROM members WHERE id = ?',
    ),
    // The next number of this session's log ([D3]): the primary key makes it a lookup.
    insertUpdate: db
      .prepare<[{ sessionId: string; time: number; memberId: string | null; update: Uint8Array }]>(
        `INSERT INTO updates (session_id, seq, time, member_id, data)
         SELECT @sessionId, COALESCE(MAX(seq), 0) + 1, @time, @memberId, @update
         FROM updates WHERE session_id = @sessionId
         RETURNING seq`,
      )
      .pluck(),
    insertBinding: db.prepare(
      'INSERT OR IGNORE INTO client_ids (session_id, client_id, member_id) VALUES (?, ?, ?)',
    ),
    bindings: db.prepare<[string], { client_id: number; member_id: string }>(
      'SELECT client_id, member_id FROM client_ids WHERE session_id = ?',
    ),
    latestCheckpoint: db.prepare<[string], { seq: number; state: Buffer }>(
      'SELECT seq, state FROM checkpoints WHERE session_id = ? ORDER BY seq DESC LIMIT 1',
    ),
    tail: db.prepare<[string, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE session_id = ? AND seq > ? ORDER BY seq',
    ),
    setFollowUp: db.prepare('UPDATE sessions SET follow_up_of = ? WHERE id = ?'),
    setRetention: db.prepare('UPDATE sessions SET retention_days = ? WHERE id = ?'),
    logBytes: db.prepare<[string], { member_id: string; bytes: number }>(
      `SELECT member_id, SUM(LENGTH(data)) AS bytes FROM updates
       WHERE session_id = ? AND member_id IS NOT NULL GROUP BY member_id`,
    ),
    insertCheckpoint: db.prepare(
      'INSERT OR REPLACE INTO checkpoints (session_id, seq, time, state) VALUES (?, ?, ?, ?)',
    ),
  };

  const memberParams = (m: NewMember) => ({
    ...m,
    name: m.name ?? null,
    deviceHash: m.deviceHash ?? null,
  });

  const appendTx = db.transaction(
    (entries: LogEntry[], bindings: ClientBinding[], writes: TableWrite[]): number[] => {
      const seqs = entries.map((e) => q.insertUpdate.get(e) as number);
      for (const b of bindings) q.insertBinding.run(b.sessionId, b.clientId, b.memberId);
      for (const w of writes) workshop.applyWrite(w);
      return seqs;
    },
  );

  const createTx = db.transaction(
    (s: SessionRecord, members: NewMember[], seed: LogEntry, extras: SessionExtras) => {
      q.insertSession.run(s);
      for (const m of members) q.insertMember.run(memberParams(m));
      q.insertUpdate.get(seed);
      for (const b of extras.bindings ?? []) {
        q.insertBinding.run(b.sessionId, b.clientId, b.memberId);
      }
      if (extras.followUpOf !== undefined) q.setFollowUp.run(extras.followUpOf, s.id);
      if (extras.retentionDays !== undefined) q.setRetention.run(extras.retentionDays, s.id);
    },
  );

  return {
    ...workshop.storage,
    ...sqliteHistory(db),
    ...sqliteErasure(db),
    async createSession(session, members, seed, extras = {}) {
      createTx(session, members, seed, extras);
    },
    async sessionById(id) {
      const row = q.sessionById.get(id);
      return row && toSession(row);
    },
    async sessionByJoinCode(code) {
      const row = q.sessionByCode.get(code);
      return row && toSession(row);
    },
    async addMember(member) {
      q.insertMember.run(memberParams(member));
    },
    async memberByTokenHash(hash) {
      const row = q.memberByToken.get(hash);
      return row && toMember(row);
    },
    async memberById(id) {
      const row = q.memberById.get(id);
      return row && toMember(row);
    },
    async appendUpdates(entries, bindings, writes = []) {
      return appendTx(entries, bindings, writes);
    },
    async logBytesByMember(sessionId) {
      return new Map(q.logBytes.all(sessionId).map((r) => [r.member_id, r.bytes]));
    },
    async loadState(sessionId): Promise<StoredState> {
      const cp = q.latestCheckpoint.get(sessionId);
      const tail = q.tail.all(sessionId, cp?.seq ?? 0).map((r) => ({
        seq: r.seq,
        update: bytes(r.data),
      }));
      return { checkpoint: cp && { seq: cp.seq, state: bytes(cp.state) }, tail };
    },
    async writeCheckpoint(sessionId, seq, time, state) {
      q.insertCheckpoint.run(sessionId, seq, time, state);
    },
    async clientBindings(sessionId) {
      return new Map(q.bindings.all(sessionId).map((r) => [r.client_id, r.member_id]));
    },
    // One process owns the file: no other node to take turns with.
    onOneNode: (_task, fn) => fn(),
    async close() {
      // The worker's connection first: the last one to close folds the WAL into the database.
      await checkpointer.close();
      db.close();
    },
  };
}
