import type Database from 'better-sqlite3';

/** The update log: `seq` counts each session's entries from 1, without gaps. */
export const LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS updates (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time INTEGER NOT NULL,
  member_id TEXT,
  data BLOB NOT NULL,
  PRIMARY KEY (session_id, seq)
);
CREATE TABLE IF NOT EXISTS checkpoints (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time INTEGER NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (session_id, seq)
);
`;

/** Entries of the checkpoint's or snapshot's session up to its old (global) seq. */
const renumbered = (table: string): string =>
  `(SELECT COUNT(*) FROM updates_global u WHERE u.session_id = ${table}.session_id AND u.seq <= ${table}.seq)`;

/**
 * Databases written before the log was numbered per session kept one AUTOINCREMENT seq for all
 * sessions: a session's entries were in order but with gaps wherever another session wrote.
 * Renumbers each session's log 1, 2, 3… and moves checkpoints and snapshots (pointers into the
 * log) to the same entries, in one transaction. Runs once; a numbered log is left alone.
 */
export function migrateLog(db: Database.Database): void {
  const cols = db.prepare<[], { name: string; pk: number }>('PRAGMA table_info(updates)').all();
  const global = cols.some((c) => c.name === 'seq' && c.pk === 1);
  if (cols.length === 0 || !global) {
    db.exec(LOG_SCHEMA);
    return;
  }
  const hasSnapshots =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'").get() !==
    undefined;
  db.transaction(() => {
    db.exec(`
      ALTER TABLE updates RENAME TO updates_global;
      ALTER TABLE checkpoints RENAME TO checkpoints_global;
      ${LOG_SCHEMA}
      INSERT INTO updates (session_id, seq, time, member_id, data)
        SELECT session_id, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY seq), time, member_id, data
        FROM updates_global;
      INSERT OR REPLACE INTO checkpoints (session_id, seq, time, state)
        SELECT session_id, ${renumbered('checkpoints_global')}, time, state
        FROM checkpoints_global ORDER BY seq;
      ${hasSnapshots ? `UPDATE snapshots SET seq = ${renumbered('snapshots')};` : ''}
      DROP TABLE updates_global;
      DROP TABLE checkpoints_global;
    `);
  })();
}
