import type pg from 'pg';
import type { TableWrite } from '../types';
import type {
  NewPrivateCard,
  PrivatePutRefusal,
  PrivateScreening,
  ScreenRefusal,
  WorkshopStorage,
} from '../workshopTypes';
import { normaliseName } from '../../workshop/names';
import { toLink, toPrivate, type LinkRow, type PrivateRow } from '../rows';
import { transaction } from './pool';

/** A workshop-table write that rides in the log's transaction ([D5]). */
export async function applyWrite(db: pg.ClientBase, w: TableWrite): Promise<void> {
  switch (w.type) {
    case 'cardOwner':
      await db.query(
        `INSERT INTO card_owners (session_id, card_id, member_id) VALUES ($1, $2, $3)
         ON CONFLICT (session_id, card_id) DO UPDATE SET member_id = excluded.member_id`,
        [w.sessionId, w.cardId, w.memberId],
      );
      return;
    case 'privateRevealed':
      await db.query(
        'UPDATE private_cards SET revealed_at = $1 WHERE session_id = $2 AND card_id = ANY($3)',
        [w.time, w.sessionId, w.cardIds],
      );
      return;
    case 'privateDropped':
      await db.query('DELETE FROM private_cards WHERE session_id = $1 AND card_id = ANY($2)', [
        w.sessionId,
        w.cardIds,
      ]);
      return;
    case 'vote':
      if (w.count <= 0) {
        await db.query(
          'DELETE FROM votes WHERE session_id = $1 AND member_id = $2 AND card_id = $3',
          [w.sessionId, w.memberId, w.cardId],
        );
      } else {
        await db.query(
          `INSERT INTO votes (session_id, member_id, card_id, count) VALUES ($1, $2, $3, $4)
           ON CONFLICT (session_id, member_id, card_id) DO UPDATE SET count = excluded.count`,
          [w.sessionId, w.memberId, w.cardId, w.count],
        );
      }
      return;
    case 'sessionEnded':
      await db.query('UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL', [
        w.time,
        w.sessionId,
      ]);
      return;
    default: {
      const never: never = w;
      throw new Error(`unknown table write ${JSON.stringify(never)}`);
    }
  }
}

/**
 * [J6] One member's puts take turns (a transaction-scoped advisory lock on session and member),
 * so concurrent puts cannot pass the cap together; two members' puts of one id meet at the
 * primary key, where the upsert changes only the putter's own waiting card.
 */
async function putPrivate(
  db: pg.ClientBase,
  card: NewPrivateCard,
  max: number,
): Promise<PrivatePutRefusal | undefined> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text, 0))`, [
    card.sessionId,
    card.memberId,
  ]);
  const refusal = async (): Promise<PrivatePutRefusal | undefined> => {
    const row = (
      await db.query<{ member_id: string; revealed_at: number | null }>(
        'SELECT member_id, revealed_at FROM private_cards WHERE session_id = $1 AND card_id = $2',
        [card.sessionId, card.cardId],
      )
    ).rows[0];
    if (row && row.member_id !== card.memberId) return 'taken';
    if (row && row.revealed_at !== null) return 'revealed';
    if (row) return undefined;
    const { rows } = await db.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM private_cards
       WHERE session_id = $1 AND member_id = $2 AND revealed_at IS NULL`,
      [card.sessionId, card.memberId],
    );
    return (rows[0]?.n ?? 0) >= max ? 'overCap' : undefined;
  };
  const before = await refusal();
  if (before) return before;
  const written = await db.query(
    `INSERT INTO private_cards (session_id, card_id, member_id, kind, text, anonymous, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (session_id, card_id) DO UPDATE
       SET text = excluded.text, kind = excluded.kind, anonymous = excluded.anonymous
       WHERE private_cards.member_id = excluded.member_id AND private_cards.revealed_at IS NULL`,
    [
      card.sessionId,
      card.cardId,
      card.memberId,
      card.kind,
      card.text,
      card.anonymous,
      card.createdAt,
    ],
  );
  // Another member's put of this id, or a reveal, committed between the check and the write.
  return written.rowCount === 1 ? undefined : ((await refusal()) ?? 'taken');
}

/** [J16] The target is checked and the rows written in one transaction, the target's row locked. */
async function screenPrivate(
  db: pg.ClientBase,
  sessionId: string,
  cardId: string,
  { hidden, mergedInto }: PrivateScreening,
): Promise<ScreenRefusal | undefined> {
  if (mergedInto !== null) {
    const { rows } = await db.query<{ hidden: boolean; revealed_at: number | null }>(
      `SELECT hidden, revealed_at FROM private_cards
       WHERE session_id = $1 AND card_id = $2 FOR UPDATE`,
      [sessionId, mergedInto],
    );
    const target = rows[0];
    if (!target || target.revealed_at !== null || target.hidden || mergedInto === cardId)
      return 'badTarget';
  }
  const { rowCount } = await db.query(
    `UPDATE private_cards SET hidden = $3, merged_into = $4
     WHERE session_id = $1 AND card_id = $2 AND revealed_at IS NULL`,
    [sessionId, cardId, hidden, mergedInto],
  );
  if (rowCount === 0) return 'notWaiting';
  if (mergedInto !== null) {
    await db.query(
      `UPDATE private_cards SET merged_into = $3
       WHERE session_id = $1 AND merged_into = $2 AND revealed_at IS NULL`,
      [sessionId, cardId, mergedInto],
    );
  }
  return undefined;
}

/** The workshop tables on PostgreSQL. */
export function postgresWorkshop(pool: pg.Pool): WorkshopStorage {
  const rows = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    (await pool.query<R>(text, values)).rows;
  const banned = async (sessionId: string, kind: string, value: string | undefined) =>
    value !== undefined &&
    (await rows('SELECT 1 FROM bans WHERE session_id = $1 AND kind = $2 AND value = $3', [
      sessionId,
      kind,
      value,
    ]).then((r) => r.length > 0));

  return {
    async removeMember(memberId, time) {
      await transaction(pool, async (db) => {
        await db.query('UPDATE members SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL', [
          time,
          memberId,
        ]);
        await db.query(
          `INSERT INTO bans (session_id, kind, value)
           SELECT session_id, 'device', device_hash FROM members
           WHERE id = $1 AND device_hash IS NOT NULL
           ON CONFLICT DO NOTHING`,
          [memberId],
        );
      });
    },
    async isRemoved(memberId) {
      const [row] = await rows<{ removed_at: number | null }>(
        'SELECT removed_at FROM members WHERE id = $1',
        [memberId],
      );
      return (row?.removed_at ?? null) !== null;
    },
    async blockName(sessionId, name) {
      await pool.query(
        `INSERT INTO bans (session_id, kind, value) VALUES ($1, 'name', $2) ON CONFLICT DO NOTHING`,
        [sessionId, normaliseName(name)],
      );
    },
    async isBanned(sessionId, deviceHash, name) {
      return (
        (await banned(sessionId, 'device', deviceHash)) ||
        (await banned(sessionId, 'name', name === undefined ? undefined : normaliseName(name)))
      );
    },
    async putPrivateCard(card, { max }) {
      return transaction(pool, (db) => putPrivate(db, card, max));
    },
    async screenPrivateCard(sessionId, cardId, screening) {
      return transaction(pool, (db) => screenPrivate(db, sessionId, cardId, screening));
    },
    async deletePrivateCard(sessionId, cardId, memberId) {
      const { rowCount } = await pool.query(
        `DELETE FROM private_cards
         WHERE session_id = $1 AND card_id = $2 AND member_id = $3 AND revealed_at IS NULL`,
        [sessionId, cardId, memberId],
      );
      return (rowCount ?? 0) > 0;
    },
    async privateCards(sessionId, memberId) {
      const found =
        memberId === undefined
          ? await rows<PrivateRow>(
              'SELECT * FROM private_cards WHERE session_id = $1 ORDER BY created_at, card_id',
              [sessionId],
            )
          : await rows<PrivateRow>(
              `SELECT * FROM private_cards WHERE session_id = $1 AND member_id = $2
               ORDER BY created_at, card_id`,
              [sessionId, memberId],
            );
      return found.map(toPrivate);
    },
    async privateCardOwner(sessionId, cardId) {
      const [row] = await rows<{ member_id: string }>(
        'SELECT member_id FROM private_cards WHERE session_id = $1 AND card_id = $2',
        [sessionId, cardId],
      );
      return row?.member_id;
    },
    async waitingPrivateCount(sessionId) {
      const [row] = await rows<{ n: number }>(
        'SELECT COUNT(*) AS n FROM private_cards WHERE session_id = $1 AND revealed_at IS NULL',
        [sessionId],
      );
      return row?.n ?? 0;
    },
    async votesOfSession(sessionId) {
      const out = new Map<string, Map<string, number>>();
      for (const r of await rows<{ member_id: string; card_id: string; count: number }>(
        'SELECT member_id, card_id, count FROM votes WHERE session_id = $1',
        [sessionId],
      )) {
        let mine = out.get(r.member_id);
        if (!mine) out.set(r.member_id, (mine = new Map()));
        mine.set(r.card_id, r.count);
      }
      return out;
    },
    async addCommitmentLink(link) {
      await pool.query(
        `INSERT INTO commitment_links (token_hash, session_id, card_id, member_id, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [link.tokenHash, link.sessionId, link.cardId, link.memberId, link.createdAt],
      );
    },
    async commitmentLink(tokenHash) {
      const [r] = await rows<LinkRow>('SELECT * FROM commitment_links WHERE token_hash = $1', [
        tokenHash,
      ]);
      return r && toLink(r);
    },
    async followUpsOf(previousId) {
      return rows<{ id: string; title: string }>(
        'SELECT id, title FROM sessions WHERE follow_up_of = $1 ORDER BY created_at',
        [previousId],
      );
    },
    async cardOwners(sessionId) {
      const found = await rows<{ card_id: string; member_id: string }>(
        'SELECT card_id, member_id FROM card_owners WHERE session_id = $1',
        [sessionId],
      );
      return new Map(found.map((r) => [r.card_id, r.member_id]));
    },
  };
}
