import type Database from 'better-sqlite3';
import { CARD_KINDS, type CardKind } from '@trellis/shared';
import type { PrivateCard, WorkshopStorage } from './workshopTypes';
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

interface PrivateRow {
  session_id: string;
  card_id: string;
  member_id: string;
  kind: string;
  text: string;
  anonymous: number;
  created_at: number;
  revealed_at: number | null;
}

const toKind = (k: string): CardKind =>
  (CARD_KINDS as readonly string[]).includes(k) ? (k as CardKind) : 'note';

const toPrivate = (r: PrivateRow): PrivateCard => ({
  sessionId: r.session_id,
  cardId: r.card_id,
  memberId: r.member_id,
  kind: toKind(r.kind),
  text: r.text,
  anonymous: r.anonymous === 1,
  createdAt: r.created_at,
  revealedAt: r.revealed_at,
});

/** Adds a column to an existing database created before it existed. */
function ensureColumn(db: Database.Database, table: string, column: string, type: string): void {
  const cols = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all();
  if (!cols.some((c) => c.name === column))
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

export function sqliteWorkshop(db: Database.Database): WorkshopStorage {
  db.exec(WORKSHOP_SCHEMA);
  ensureColumn(db, 'members', 'removed_at', 'INTEGER');
  ensureColumn(db, 'sessions', 'retention_days', 'INTEGER');
  ensureColumn(db, 'sessions', 'follow_up_of', 'TEXT');
  ensureColumn(db, 'members', 'device_hash', 'TEXT');
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
         anonymous = excluded.anonymous
       WHERE private_cards.member_id = excluded.member_id AND private_cards.revealed_at IS NULL`,
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
    setVote: db.prepare(
      `INSERT INTO votes (session_id, member_id, card_id, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (session_id, member_id, card_id) DO UPDATE SET count = excluded.count`,
    ),
    deleteVote: db.prepare(
      'DELETE FROM votes WHERE session_id = ? AND member_id = ? AND card_id = ?',
    ),
    votesOf: db.prepare<[string, string], { card_id: string; count: number }>(
      'SELECT card_id, count FROM votes WHERE session_id = ? AND member_id = ?',
    ),
    totals: db.prepare<[string], { card_id: string; total: number }>(
      'SELECT card_id, SUM(count) AS total FROM votes WHERE session_id = ? GROUP BY card_id',
    ),
    addLink: db.prepare(
      'INSERT OR IGNORE INTO commitment_links (token_hash, session_id, card_id, member_id, created_at) VALUES (@tokenHash, @sessionId, @cardId, @memberId, @createdAt)',
    ),
    link: db.prepare<
      [string],
      {
        token_hash: string;
        session_id: string;
        card_id: string;
        member_id: string;
        created_at: number;
      }
    >('SELECT * FROM commitment_links WHERE token_hash = ?'),
    setFollowUp: db.prepare('UPDATE sessions SET follow_up_of = ? WHERE id = ?'),
    setRetention: db.prepare('UPDATE sessions SET retention_days = ? WHERE id = ?'),
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
  const votesOf = (sessionId: string, memberId: string) =>
    new Map(q.votesOf.all(sessionId, memberId).map((r) => [r.card_id, r.count]));
  const removeTx = db.transaction((memberId: string, time: number) => {
    q.remove.run(time, memberId);
    q.banDevice.run(memberId);
  });
  const isBanned = (sessionId: string, kind: string, value: string | undefined): boolean =>
    value !== undefined && (q.banned.get(sessionId, kind, value)?.n ?? 0) > 0;
  const revealTx = db.transaction((sessionId: string, ids: string[], time: number) => {
    for (const id of ids) q.reveal.run(time, sessionId, id);
  });

  return {
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
    async upsertPrivateCard(card) {
      q.upsertPrivate.run({ ...card, anonymous: card.anonymous ? 1 : 0 });
    },
    async deletePrivateCard(sessionId, cardId, memberId) {
      return q.deletePrivate.run(sessionId, cardId, memberId).changes > 0;
    },
    async privateCards(sessionId, memberId) {
      const rows =
        memberId === undefined ? q.privateAll.all(sessionId) : q.privateOf.all(sessionId, memberId);
      return rows.map(toPrivate);
    },
    async markRevealed(sessionId, cardIds, time) {
      revealTx(sessionId, cardIds, time);
    },
    async setVote(sessionId, memberId, cardId, count) {
      if (count <= 0) q.deleteVote.run(sessionId, memberId, cardId);
      else q.setVote.run(sessionId, memberId, cardId, count);
      return votesOf(sessionId, memberId);
    },
    async votesOf(sessionId, memberId) {
      return votesOf(sessionId, memberId);
    },
    async voteTotals(sessionId) {
      return new Map(q.totals.all(sessionId).map((r) => [r.card_id, r.total]));
    },
    async addCommitmentLink(link) {
      q.addLink.run(link);
    },
    async commitmentLink(tokenHash) {
      const r = q.link.get(tokenHash);
      return (
        r && {
          tokenHash: r.token_hash,
          sessionId: r.session_id,
          cardId: r.card_id,
          memberId: r.member_id,
          createdAt: r.created_at,
        }
      );
    },
    async setFollowUp(sessionId, previousId) {
      q.setFollowUp.run(previousId, sessionId);
    },
    async setRetention(sessionId, days) {
      q.setRetention.run(days, sessionId);
    },
    async followUpsOf(previousId) {
      return q.followUps.all(previousId);
    },
    async setCardOwner(sessionId, cardId, memberId) {
      q.setOwner.run(sessionId, cardId, memberId);
    },
    async cardOwners(sessionId) {
      return new Map(q.owners.all(sessionId).map((r) => [r.card_id, r.member_id]));
    },
  };
}
