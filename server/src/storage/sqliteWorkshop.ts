import type Database from 'better-sqlite3';
import type { TableWrite } from './types';
import type {
  NewPrivateCard,
  PrivatePutRefusal,
  PrivateScreening,
  ScreenRefusal,
  WorkshopStorage,
} from './workshopTypes';
import { toLink, toPrivate, type LinkRow, type PrivateRow } from './rows';
import { normaliseName } from '../workshop/names';

export const WORKSHOP_SCHEMA = `
CREATE TABLE IF NOT EXISTS private_cards (
  session_id TEXT NOT NULL,
  card_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  anonymous INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  revealed_at INTEGER,
  PRIMARY KEY (session_id, card_id)
);
CREATE TABLE IF NOT EXISTS votes (
  session_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  card_id TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (session_id, member_id, card_id)
);
CREATE TABLE IF NOT EXISTS commitment_links (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  card_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS bans (
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (session_id, kind, value)
);
CREATE TABLE IF NOT EXISTS card_owners (
  session_id TEXT NOT NULL,
  card_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  PRIMARY KEY (session_id, card_id)
);
`;

/** Adds a column to an existing database created before it existed. */
function ensureColumn(db: Database.Database, table: string, column: string, type: string): void {
  const cols = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all();
  if (!cols.some((c) => c.name === column))
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

/** The workshop tables: their storage methods, and the writes that ride in the log's transaction. */
export function sqliteWorkshop(db: Database.Database): {
  storage: WorkshopStorage;
  applyWrite: (write: TableWrite) => void;
} {
  db.exec(WORKSHOP_SCHEMA);
  ensureColumn(db, 'members', 'removed_at', 'INTEGER');
  ensureColumn(db, 'sessions', 'retention_days', 'INTEGER');
  ensureColumn(db, 'sessions', 'follow_up_of', 'TEXT');
  ensureColumn(db, 'members', 'device_hash', 'TEXT');
  ensureColumn(db, 'private_cards', 'hidden', 'INTEGER NOT NULL DEFAULT 0');
  ensureColumn(db, 'private_cards', 'merged_into', 'TEXT');
  const q = {
    remove: db.prepare('UPDATE members SET removed_at = ? WHERE id = ? AND removed_at IS NULL'),
    banDevice: db.prepare(
      `INSERT OR IGNORE INTO bans (session_id, kind, value)
       SELECT session_id, 'device', device_hash FROM members WHERE id = ? AND device_hash IS NOT NULL`,
    ),
    ban: db.prepare('INSERT OR IGNORE INTO bans (session_id, kind, value) VALUES (?, ?, ?)'),
    banned: db.prepare<[string, string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM bans WHERE session_id = ? AND kind = ? AND value = ?',
    ),
    removed: db.prepare<[string], { removed_at: number | null }>(
      'SELECT removed_at FROM members WHERE id = ?',
    ),
    upsertPrivate: db.prepare(
      `INSERT INTO private_cards (session_id, card_id, member_id, kind, text, anonymous, created_at, revealed_at)
       VALUES (@sessionId, @cardId, @memberId, @kind, @text, @anonymous, @createdAt, NULL)
       ON CONFLICT (session_id, card_id) DO UPDATE SET text = excluded.text, kind = excluded.kind,
         anonymous = excluded.anonymous`,
    ),
    privateRow: db.prepare<
      [string, string],
      { member_id: string; revealed_at: number | null; hidden: number }
    >(
      'SELECT member_id, revealed_at, hidden FROM private_cards WHERE session_id = ? AND card_id = ?',
    ),
    screen: db.prepare(
      `UPDATE private_cards SET hidden = @hidden, merged_into = @mergedInto
       WHERE session_id = @sessionId AND card_id = @cardId AND revealed_at IS NULL`,
    ),
    followMerge: db.prepare(
      `UPDATE private_cards SET merged_into = @mergedInto
       WHERE session_id = @sessionId AND merged_into = @cardId AND revealed_at IS NULL`,
    ),
    waitingOf: db.prepare<[string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM private_cards
       WHERE session_id = ? AND member_id = ? AND revealed_at IS NULL`,
    ),
    deletePrivate: db.prepare(
      'DELETE FROM private_cards WHERE session_id = ? AND card_id = ? AND member_id = ? AND revealed_at IS NULL',
    ),
    privateAll: db.prepare<[string], PrivateRow>(
      'SELECT * FROM private_cards WHERE session_id = ? ORDER BY created_at, card_id',
    ),
    privateOf: db.prepare<[string, string], PrivateRow>(
      'SELECT * FROM private_cards WHERE session_id = ? AND member_id = ? ORDER BY created_at, card_id',
    ),
    reveal: db.prepare(
      'UPDATE private_cards SET revealed_at = ? WHERE session_id = ? AND card_id = ?',
    ),
    dropPrivate: db.prepare('DELETE FROM private_cards WHERE session_id = ? AND card_id = ?'),
    waiting: db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM private_cards WHERE session_id = ? AND revealed_at IS NULL',
    ),
    endSession: db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL'),
    setVote: db.prepare(
      `INSERT INTO votes (session_id, member_id, card_id, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (session_id, member_id, card_id) DO UPDATE SET count = excluded.count`,
    ),
    deleteVote: db.prepare(
      'DELETE FROM votes WHERE session_id = ? AND member_id = ? AND card_id = ?',
    ),
    votesOfSession: db.prepare<[string], { member_id: string; card_id: string; count: number }>(
      'SELECT member_id, card_id, count FROM votes WHERE session_id = ?',
    ),
    addLink: db.prepare(
      'INSERT OR IGNORE INTO commitment_links (token_hash, session_id, card_id, member_id, created_at) VALUES (@tokenHash, @sessionId, @cardId, @memberId, @createdAt)',
    ),
    link: db.prepare<[string], LinkRow>('SELECT * FROM commitment_links WHERE token_hash = ?'),
    followUps: db.prepare<[string], { id: string; title: string }>(
      'SELECT id, title FROM sessions WHERE follow_up_of = ? ORDER BY created_at',
    ),
    setOwner: db.prepare(
      'INSERT OR REPLACE INTO card_owners (session_id, card_id, member_id) VALUES (?, ?, ?)',
    ),
    owners: db.prepare<[string], { card_id: string; member_id: string }>(
      'SELECT card_id, member_id FROM card_owners WHERE session_id = ?',
    ),
  };
  const removeTx = db.transaction((memberId: string, time: number) => {
    q.remove.run(time, memberId);
    q.banDevice.run(memberId);
  });
  const putPrivateTx = db.transaction(
    (card: NewPrivateCard, max: number): PrivatePutRefusal | undefined => {
      const row = q.privateRow.get(card.sessionId, card.cardId);
      if (row && row.member_id !== card.memberId) return 'taken';
      if (row && row.revealed_at !== null) return 'revealed';
      if (!row && (q.waitingOf.get(card.sessionId, card.memberId)?.n ?? 0) >= max) return 'overCap';
      q.upsertPrivate.run({ ...card, anonymous: card.anonymous ? 1 : 0 });
      return undefined;
    },
  );
  const screenTx = db.transaction(
    (sessionId: string, cardId: string, to: PrivateScreening): ScreenRefusal | undefined => {
      const { mergedInto } = to;
      if (mergedInto !== null) {
        const target = q.privateRow.get(sessionId, mergedInto);
        if (!target || target.revealed_at !== null || target.hidden || mergedInto === cardId)
          return 'badTarget';
      }
      const params = { sessionId, cardId, hidden: to.hidden ? 1 : 0, mergedInto };
      if (q.screen.run(params).changes === 0) return 'notWaiting';
      if (mergedInto !== null) q.followMerge.run(params);
      return undefined;
    },
  );
  const isBanned = (sessionId: string, kind: string, value: string | undefined): boolean =>
    value !== undefined && (q.banned.get(sessionId, kind, value)?.n ?? 0) > 0;
  const applyWrite = (w: TableWrite): void => {
    switch (w.type) {
      case 'cardOwner':
        q.setOwner.run(w.sessionId, w.cardId, w.memberId);
        return;
      case 'privateRevealed':
        for (const id of w.cardIds) q.reveal.run(w.time, w.sessionId, id);
        return;
      case 'privateDropped':
        for (const id of w.cardIds) q.dropPrivate.run(w.sessionId, id);
        return;
      case 'vote':
        if (w.count <= 0) q.deleteVote.run(w.sessionId, w.memberId, w.cardId);
        else q.setVote.run(w.sessionId, w.memberId, w.cardId, w.count);
        return;
      case 'sessionEnded':
        q.endSession.run(w.time, w.sessionId);
        return;
      default: {
        const never: never = w;
        throw new Error(`unknown table write ${JSON.stringify(never)}`);
      }
    }
  };

  const storage: WorkshopStorage = {
    async removeMember(memberId, time) {
      removeTx(memberId, time);
    },
    async blockName(sessionId, name) {
      q.ban.run(sessionId, 'name', normaliseName(name));
    },
    async isBanned(sessionId, deviceHash, name) {
      return (
        isBanned(sessionId, 'device', deviceHash) ||
        isBanned(sessionId, 'name', name === undefined ? undefined : normaliseName(name))
      );
    },
    async isRemoved(memberId) {
      return (q.removed.get(memberId)?.removed_at ?? null) !== null;
    },
    async putPrivateCard(card, { max }) {
      return putPrivateTx(card, max);
    },
    async screenPrivateCard(sessionId, cardId, screening) {
      return screenTx(sessionId, cardId, screening);
    },
    async deletePrivateCard(sessionId, cardId, memberId) {
      return q.deletePrivate.run(sessionId, cardId, memberId).changes > 0;
    },
    async privateCards(sessionId, memberId) {
      const rows =
        memberId === undefined ? q.privateAll.all(sessionId) : q.privateOf.all(sessionId, memberId);
      return rows.map(toPrivate);
    },
    async privateCardOwner(sessionId, cardId) {
      return q.privateRow.get(sessionId, cardId)?.member_id;
    },
    async waitingPrivateCount(sessionId) {
      return q.waiting.get(sessionId)?.n ?? 0;
    },
    async votesOfSession(sessionId) {
      const out = new Map<string, Map<string, number>>();
      for (const r of q.votesOfSession.all(sessionId)) {
        let mine = out.get(r.member_id);
        if (!mine) out.set(r.member_id, (mine = new Map()));
        mine.set(r.card_id, r.count);
      }
      return out;
    },
    async addCommitmentLink(link) {
      q.addLink.run(link);
    },
    async commitmentLink(tokenHash) {
      const r = q.link.get(tokenHash);
      return r && toLink(r);
    },
    async followUpsOf(previousId) {
      return q.followUps.all(previousId);
    },
    async cardOwners(sessionId) {
      return new Map(q.owners.all(sessionId).map((r) => [r.card_id, r.member_id]));
    },
  };
  return { storage, applyWrite };
}
