import type Database from 'better-sqlite3';

export interface ErasureStorage {
  /**
   * Erases a member's name and attribution from everything stored: the member row, the log and
   * checkpoints (each rewritten by `scrub`), clientID bindings, card ownership and private cards.
   * Then compacts the file so no free page keeps the old bytes.
   */
  eraseMember(
    sessionId: string,
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
    setUpdate: db.prepare('UPDATE updates SET data = ? WHERE seq = ?'),
    checkpoints: db.prepare<[string], { seq: number; state: Buffer }>(
      'SELECT seq, state FROM checkpoints WHERE session_id = ?',
    ),
    setCheckpoint: db.prepare('UPDATE checkpoints SET state = ? WHERE session_id = ? AND seq = ?'),
    unattribute: db.prepare(
      'UPDATE updates SET member_id = NULL WHERE session_id = ? AND member_id = ?',
    ),
    member: db.prepare('DELETE FROM members WHERE id = ? AND session_id = ?'),
    votes: db.prepare('DELETE FROM votes WHERE session_id = ? AND member_id = ?'),
    bindings: db.prepare('DELETE FROM client_ids WHERE session_id = ? AND member_id = ?'),
    owners: db.prepare('DELETE FROM card_owners WHERE session_id = ? AND member_id = ?'),
    privates: db.prepare('DELETE FROM private_cards WHERE session_id = ? AND member_id = ?'),
    links: db.prepare('DELETE FROM commitment_links WHERE session_id = ? AND member_id = ?'),
  };
  const expired = db.prepare<[number, number], { id: string }>(
    `SELECT s.id FROM sessions s
     WHERE COALESCE(s.ended_at, (SELECT MAX(time) FROM updates u WHERE u.session_id = s.id), s.created_at)
           + COALESCE(s.retention_days, ?) * 86400000 < ?`,
  );
  const purgeTables = [
    'commitment_links',
    'updates',
    'checkpoints',
    'client_ids',
    'private_cards',
    'votes',
    'card_owners',
    'snapshots',
    'members',
  ];

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
    async eraseMember(sessionId, memberId, scrub) {
      let rewritten = 0;
      db.transaction(() => {
        for (const row of q.updates.all(sessionId)) {
          const next = scrub(bytes(row.data));
          if (next) {
            q.setUpdate.run(next, row.seq);
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
        // The member row goes too (its token stops working); published vote totals stay in meta.
        q.member.run(memberId, sessionId);
        q.votes.run(sessionId, memberId);
        q.bindings.run(sessionId, memberId);
        q.owners.run(sessionId, memberId);
        q.privates.run(sessionId, memberId);
        q.links.run(sessionId, memberId);
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
          for (const table of purgeTables)
            db.prepare(`DELETE FROM ${table} WHERE session_id = ?`).run(id);
          db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
        }
      })();
      compact();
    },
  };
}
