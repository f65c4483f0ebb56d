import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStorage } from './sqlite';

/** The log as databases before per-session numbering kept it: one AUTOINCREMENT for all. */
const GLOBAL_LOG = `
CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, template TEXT NOT NULL,
  join_code TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, ended_at INTEGER);
CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,
  time INTEGER NOT NULL, member_id TEXT, data BLOB NOT NULL);
CREATE INDEX updates_session_seq ON updates(session_id, seq);
CREATE TABLE checkpoints (session_id TEXT NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL,
  state BLOB NOT NULL, PRIMARY KEY (session_id, seq));
CREATE TABLE snapshots (session_id TEXT NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL,
  label TEXT NOT NULL, kind TEXT NOT NULL);
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('SQLite log migration', () => {
  it('[D3] a log numbered across sessions is renumbered per session, and loads the same board from the same checkpoints', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-migrate-'));
    dirs.push(dir);
    const db = new Database(path.join(dir, 'trellis.sqlite'));
    db.exec(GLOBAL_LOG);
    for (const id of ['a', 'b']) {
      db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, 0, NULL)').run(
        id,
        id,
        'open',
        `code-${id}`,
      );
    }
    const doc = new Y.Doc();
    const append = db.prepare(
      'INSERT INTO updates (session_id, time, member_id, data) VALUES (?, ?, NULL, ?)',
    );
    const states: Uint8Array[] = [];
    // a: global 1, 3, 5, 6; b: global 2, 4.
    for (const [i, session] of ['a', 'b', 'a', 'b', 'a', 'a'].entries()) {
      if (session === 'b') {
        append.run('b', i, Buffer.from(`b${i}`));
        continue;
      }
      const before = Y.encodeStateVector(doc);
      doc.getMap('cards').set(`c${i}`, i);
      append.run('a', i, Y.encodeStateAsUpdate(doc, before));
      states.push(Y.encodeStateAsUpdate(doc));
    }
    db.prepare('INSERT INTO checkpoints VALUES (?, ?, 0, ?)').run('a', 5, states[2]);
    db.prepare('INSERT INTO checkpoints VALUES (?, ?, 0, ?)').run('b', 4, Buffer.from('b state'));
    const snapshot = db.prepare("INSERT INTO snapshots VALUES ('a', ?, 0, 'label', 'manual')");
    snapshot.run(5);
    snapshot.run(6);
    db.close();

    const storage = openSqliteStorage(dir);
    const a = await storage.loadState('a');
    expect(a.checkpoint?.seq).toBe(3);
    expect(a.tail.map((t) => t.seq)).toEqual([4]);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, a.checkpoint!.state);
    for (const t of a.tail) Y.applyUpdate(rebuilt, t.update);
    expect(rebuilt.getMap('cards').toJSON()).toEqual(doc.getMap('cards').toJSON());
    expect((await storage.snapshots('a')).map((s) => s.seq)).toEqual([3, 4]);
    expect(await storage.loadState('b')).toMatchObject({ checkpoint: { seq: 2 }, tail: [] });
    expect((await storage.updatesBetween('b', 0, 9)).map((u) => u.seq)).toEqual([1, 2]);
    expect(
      await storage.appendUpdates(
        [{ sessionId: 'a', time: 9, memberId: null, update: new Uint8Array([0, 0]) }],
        [],
      ),
    ).toEqual([5]);
    await storage.close();

    // Once numbered, a restart leaves the log as it is.
    const again = openSqliteStorage(dir);
    expect(await again.lastSeq('a')).toBe(5);
    expect((await again.updatesBetween('b', 0, 9)).map((u) => u.seq)).toEqual([1, 2]);
    await again.close();
  });
});
