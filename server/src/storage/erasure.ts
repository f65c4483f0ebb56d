import type Database from 'better-sqlite3';
import { normaliseName } from '../workshop/names';

/**
 * The member an erased member's clientIDs and cards are bound to afterwards ([Y7], [P2]): they
 * stay bound, so nobody can write under them and "own" what she wrote, and no id of hers is kept.
 */
import { ERASED_MEMBER } from './pseudoMembers';
import { SESSION_TABLES } from './tables';

export interface ErasureStorage {
  /**
   * Erases a member's name and attribution from everything stored in `sessionIds` (her session
   * first, then the follow-ups that copied her commitments): the member row, the log and
   * checkpoints (each rewritten by `scrub`), votes, waiting private cards, commitment links and
   * the bans her device or name caused. Her clientID bindings, card ownership and revealed private
   * card ids are rebound to ERASED_MEMBER. Then compacts the file so no free page keeps old bytes.
   * Returns how many log entries and checkpoints were rewritten.
   */
  eraseMember(
    sessionIds: readonly string[],
    memberId: string,
    scrub: (bytes: Uint8Array) => Uint8Array | undefined,
  ): Promise<number>;
  /** Sessions whose retention (per session, else `defaultDays`) ended before `now`. */
  expiredSessions(now: number, defaultDays: number): Promise<string[]>;
  /** Deletes every trace of these sessions. */
  purgeSessions(ids: string[]): Promise<void>;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function sqliteErasure(db: Database.Database): ErasureStorage {
  const q = {
    updates: db.prepare<[string], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE session_id = ?',
    ),
    setUpdate: db.prepare('UPDATE updates SET data = ? WHERE session_id = ? AND seq = ?'),
    checkpoints: db.prepare<[string], { seq: number; state: Buffer }>(
      'SELECT seq, state FROM checkpoints WHERE session_id = ?',
    ),
    setCheckpoint: db.prepare('UPDATE checkpoints SET state = ? WHERE session_id = ? AND seq = ?'),
    unattribute: db.prepare(
      'UPDATE updates SET member_id = NULL WHERE session_id = ? AND member_id = ?',
    ),
    member: db.prepare<[string], { name: string | null; device_hash: string | null }>(
      'SELECT name, device_hash FROM members WHERE id = ?',
    ),
    deleteMember: db.prepare('DELETE FROM members WHERE id = ?'),
    votes: db.prepare('DELETE FROM votes WHERE session_id = ? AND member_id = ?'),
    bindings: db.prepare(
      'UPDATE client_ids SET member_id = @erased WHERE session_id = @session AND member_id = @member',
    ),
    owners: db.prepare(
      'UPDATE card_owners SET member_id = @erased WHERE session_id = @session AND member_id = @member',
    ),
    waiting: db.prepare(
      'DELETE FROM private_cards WHERE session_id = ? AND member_id = ? AND revealed_at IS NULL',
    ),
    // A revealed card's id stays taken (nobody may claim it later); its text is on the board.
    revealed: db.prepare(
      `UPDATE private_cards SET member_id = @erased, text = ''
       WHERE session_id = @session AND member_id = @member`,
    ),
    links: db.prepare('DELETE FROM commitment_links WHERE session_id = ? AND member_id = ?'),
    ban: db.prepare('DELETE FROM bans WHERE session_id = ? AND kind = ? AND value = ?'),
  };
  const expired = db.prepare<[number, number], { id: string }>(
    `SELECT s.id FROM sessions s
     WHERE COALESCE(s.ended_at, (SELECT MAX(time) FROM updates u WHERE u.session_id = s.id), s.created_at)
           + COALESCE(s.retention_days, ?) * 86400000 < ?`,
  );
  // VACUUM rebuilds the file without free pages; in WAL mode it writes through the WAL, so
  // checkpoint afterwards too, leaving no old page in either file.
  const compact = (): void => {
    truncateWal();
    db.exec('VACUUM');
    truncateWal();
  };
  // The checkpoint worker (walCheckpointer.ts) may hold the checkpoint lock at this very moment,
  // and SQLite then answers busy without waiting: retry until the WAL is really empty. Erasure is
  // a rare organiser action and VACUUM blocks far longer than these waits.
  const truncateWal = (): void => {
    for (let attempt = 0; ; attempt++) {
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (r?.busy === 0) return;
      if (attempt >= 100) throw new Error('could not truncate the WAL: checkpoint busy');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  };

  return {
    async eraseMember(sessionIds, memberId, scrub) {
      let rewritten = 0;
      db.transaction(() => {
        const member = q.member.get(memberId);
        for (const sessionId of sessionIds) {
          for (const row of q.updates.all(sessionId)) {
            const next = scrub(bytes(row.data));
            if (next) {
              q.setUpdate.run(next, sessionId, row.seq);
              rewritten++;
            }
          }
          for (const row of q.checkpoints.all(sessionId)) {
            const next = scrub(bytes(row.state));
            if (next) {
              q.setCheckpoint.run(next, sessionId, row.seq);
              rewritten++;
            }
          }
          q.unattribute.run(sessionId, memberId);
          // Published vote totals stay in meta; the ballots that named her go.
          q.votes.run(sessionId, memberId);
          const rebind = { erased: ERASED_MEMBER, session: sessionId, member: memberId };
          q.bindings.run(rebind);
          q.owners.run(rebind);
          q.waiting.run(sessionId, memberId);
          q.revealed.run(rebind);
          q.links.run(sessionId, memberId);
          // A ban keeps her device hash or her name: erasing her lifts it.
          if (member?.device_hash) q.ban.run(sessionId, 'device', member.device_hash);
          if (member?.name) q.ban.run(sessionId, 'name', normaliseName(member.name));
        }
        // The member row goes last (its token stops working).
        q.deleteMember.run(memberId);
      })();
      compact();
      return rewritten;
    },
    async expiredSessions(now, defaultDays) {
      return expired.all(defaultDays, now).map((r) => r.id);
    },
    async purgeSessions(ids) {
      if (ids.length === 0) return;
      db.transaction(() => {
        for (const id of ids) {
          for (const table of SESSION_TABLES)
            db.prepare(`DELETE FROM ${table} WHERE session_id = ?`).run(id);
          db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
        }
      })();
      compact();
    },
  };
}
