import type pg from 'pg';
import type { ErasureStorage } from '../erasure';
import { ERASED_MEMBER } from '../pseudoMembers';
import { SESSION_TABLES } from '../tables';
import { normaliseName } from '../../workshop/names';
import { bytes, transaction } from './pool';

/** Every table with a session_id; the heads row goes with the log. */
const PURGED = [...SESSION_TABLES, 'session_heads'];

/**
 * VACUUM (outside any transaction) makes the deleted and rewritten rows' space free at once
 * instead of whenever autovacuum comes by. A freed page can keep old bytes until PostgreSQL
 * reuses it, and WAL, replicas and backups keep them until they rotate (SECURITY.md).
 */
async function vacuum(pool: pg.Pool, tables: readonly string[]): Promise<void> {
  await pool.query(`VACUUM ${tables.join(', ')}`);
}

/** Erasure and retention on PostgreSQL ([Y7], [Y6]), as sqliteErasure does on SQLite. */
export function postgresErasure(pool: pg.Pool): ErasureStorage {
  return {
    async eraseMember(sessionIds, memberId, scrub) {
      const rewritten = await transaction(pool, async (db) => {
        let count = 0;
        const rewrite = async (table: 'updates' | 'checkpoints', column: 'data' | 'state') => {
          for (const sessionId of sessionIds) {
            const { rows } = await db.query<{ seq: number; value: Buffer }>(
              `SELECT seq, ${column} AS value FROM ${table} WHERE session_id = $1 FOR UPDATE`,
              [sessionId],
            );
            for (const row of rows) {
              const next = scrub(bytes(row.value));
              if (!next) continue;
              await db.query(
                `UPDATE ${table} SET ${column} = $1 WHERE session_id = $2 AND seq = $3`,
                [next, sessionId, row.seq],
              );
              count++;
            }
          }
        };
        const member = (
          await db.query<{ name: string | null; device_hash: string | null }>(
            'SELECT name, device_hash FROM members WHERE id = $1',
            [memberId],
          )
        ).rows[0];
        await rewrite('updates', 'data');
        await rewrite('checkpoints', 'state');
        const inSeries = [sessionIds, memberId] as const;
        const run = (text: string, values: readonly unknown[] = inSeries) =>
          db.query(text, [...values]);
        await run(
          'UPDATE updates SET member_id = NULL WHERE session_id = ANY($1) AND member_id = $2',
        );
        // Published vote totals stay in meta; the ballots that named her go.
        await run('DELETE FROM votes WHERE session_id = ANY($1) AND member_id = $2');
        const rebind = [sessionIds, memberId, ERASED_MEMBER];
        await run(
          'UPDATE client_ids SET member_id = $3 WHERE session_id = ANY($1) AND member_id = $2',
          rebind,
        );
        await run(
          'UPDATE card_owners SET member_id = $3 WHERE session_id = ANY($1) AND member_id = $2',
          rebind,
        );
        await run(
          `DELETE FROM private_cards
           WHERE session_id = ANY($1) AND member_id = $2 AND revealed_at IS NULL`,
        );
        // A revealed card's id stays taken (nobody may claim it later); its text is on the board.
        await run(
          `UPDATE private_cards SET member_id = $3, text = ''
           WHERE session_id = ANY($1) AND member_id = $2`,
          rebind,
        );
        await run('DELETE FROM commitment_links WHERE session_id = ANY($1) AND member_id = $2');
        // A ban keeps her device hash or her name: erasing her lifts it.
        const bans = [
          ...(member?.device_hash ? [['device', member.device_hash]] : []),
          ...(member?.name ? [['name', normaliseName(member.name)]] : []),
        ];
        for (const [kind, value] of bans) {
          await run('DELETE FROM bans WHERE session_id = ANY($1) AND kind = $2 AND value = $3', [
            sessionIds,
            kind,
            value,
          ]);
        }
        // The member row goes last (its token stops working).
        await run('DELETE FROM members WHERE id = $1', [memberId]);
        return count;
      });
      await vacuum(pool, [
        'updates',
        'checkpoints',
        'members',
        'votes',
        'client_ids',
        'card_owners',
        'private_cards',
        'commitment_links',
        'bans',
      ]);
      return rewritten;
    },
    async expiredSessions(now, defaultDays) {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT s.id FROM sessions s
         WHERE COALESCE(s.ended_at, (SELECT MAX(time) FROM updates u WHERE u.session_id = s.id), s.created_at)
               + COALESCE(s.retention_days, $1) * 86400000::bigint < $2`,
        [defaultDays, now],
      );
      return rows.map((r) => r.id);
    },
    async purgeSessions(ids) {
      if (ids.length === 0) return;
      await transaction(pool, async (db) => {
        for (const table of PURGED) {
          await db.query(`DELETE FROM ${table} WHERE session_id = ANY($1)`, [ids]);
        }
        await db.query('DELETE FROM sessions WHERE id = ANY($1)', [ids]);
      });
      await vacuum(pool, [...PURGED, 'sessions']);
    },
  };
}
