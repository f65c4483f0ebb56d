import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, listCards, seedBoard, setCardText } from '@trellis/shared';
import { openSqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';
import { scrubUpdate } from './anonymise';
import { docAtSeq, KEEP_BOARDS, readBoardAtSeq } from './reconstruct';

const opened: { storage: Storage; dir: string }[] = [];
afterEach(async () => {
  for (const { storage, dir } of opened.splice(0)) {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A session of `entries` log entries after its seed (seq 1): card c0 by `amira` with text `a`,
 * then one more `a` each, so the text at seq n is n - 1 letters long.
 */
async function recorded(sessionId: string, entries: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-reconstruct-'));
  const storage = openSqliteStorage(dir);
  opened.push({ storage, dir });
  const doc = new Y.Doc();
  seedBoard(doc, 'Kept', 'trust', 1000);
  await storage.createSession(session(sessionId), [], {
    sessionId,
    time: 1000,
    memberId: null,
    update: Y.encodeStateAsUpdate(doc),
  });
  let update: Uint8Array | undefined;
  doc.on('update', (u: Uint8Array) => (update = u));
  addCard(doc, { id: 'c0', kind: 'statement', text: 'a', zone: 'statements', authorId: 'amira' });
  await storage.appendUpdates([{ sessionId, time: 1001, memberId: null, update: update! }], []);
  for (let i = 2; i <= entries; i++) {
    setCardText(doc, 'c0', 'a'.repeat(i));
    await storage.appendUpdates(
      [{ sessionId, time: 1000 + i, memberId: null, update: update! }],
      [],
    );
  }
  return storage;
}

const session = (id: string) => ({
  id,
  title: id,
  template: 'trust',
  joinCode: `J${id}`,
  createdAt: 1000,
  endedAt: null,
});

const textOf = (doc: Y.Doc): string => listCards(doc).find((c) => c.id === 'c0')?.text ?? '';

describe('reading the board at a position', () => {
  it('reads the same board as a rebuild, and moves a kept board forward instead of rebuilding it', async () => {
    const storage = await recorded('s', 30);
    const seen: Y.Doc[] = [];
    for (const seq of [10, 10, 12, 25]) {
      const text = await readBoardAtSeq(storage, 's', seq, (doc) => {
        seen.push(doc);
        return textOf(doc);
      });
      expect(text).toBe(textOf(await docAtSeq(storage, 's', seq)));
    }
    // One document all along: the checkpoint was decoded once, then only new entries applied.
    expect(new Set(seen).size).toBe(1);
  });

  it('rebuilds a moment before the kept one, and after a checkpoint the kept board does not hold', async () => {
    const storage = await recorded('s', 30);
    const at20 = await readBoardAtSeq(storage, 's', 20, textOf);
    expect(await readBoardAtSeq(storage, 's', 5, textOf)).toBe('aaaa');
    expect(at20).toBe('a'.repeat(19));
    await storage.writeCheckpoint(
      's',
      25,
      2000,
      Y.encodeStateAsUpdate(await docAtSeq(storage, 's', 25)),
    );
    let first: Y.Doc | undefined;
    await readBoardAtSeq(storage, 's', 6, (doc) => (first = doc));
    let second: Y.Doc | undefined;
    expect(await readBoardAtSeq(storage, 's', 27, (doc) => ((second = doc), textOf(doc)))).toBe(
      'a'.repeat(26),
    );
    expect(second).not.toBe(first);
  });

  it('never serves a board the log no longer holds: an erasure rewriting the log is read at once', async () => {
    const storage = await recorded('s', 12);
    const authorOf = (doc: Y.Doc) => listCards(doc).find((c) => c.id === 'c0')?.authorId;
    expect(await readBoardAtSeq(storage, 's', 12, authorOf)).toBe('amira');
    await storage.eraseMember(['s'], 'amira', (bytes) => scrubUpdate(bytes, 'amira'));
    expect(await readBoardAtSeq(storage, 's', 12, authorOf)).toBeUndefined();
  });

  it('forgets a board a read wrote to, and keeps only the last boards read', async () => {
    const storage = await recorded('s', 8);
    await readBoardAtSeq(storage, 's', 8, (doc) => setCardText(doc, 'c0', 'changed'));
    expect(await readBoardAtSeq(storage, 's', 8, textOf)).toBe('a'.repeat(7));
    const docs: Y.Doc[] = [];
    for (let i = 1; i <= KEEP_BOARDS; i++) {
      const other = `o${i}`;
      // Another session of the same storage, read once: it takes a place among the kept.
      await storage.createSession(session(other), [], {
        sessionId: other,
        time: 1000,
        memberId: null,
        update: Y.encodeStateAsUpdate(new Y.Doc()),
      });
      await readBoardAtSeq(storage, other, 1, (doc) => docs.push(doc));
    }
    let again: Y.Doc | undefined;
    await readBoardAtSeq(storage, 's', 8, (doc) => (again = doc));
    expect(again!.isDestroyed).toBe(false);
    expect(docs[0]!.isDestroyed).toBe(true);
  });
});
