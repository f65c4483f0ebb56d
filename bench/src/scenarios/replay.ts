import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { addCard, cardsOf, seedBoard, setCardText } from '@trellis/shared';
import { openSqliteStorage } from '@trellis/server';
// Internals on purpose: this scenario times history reconstruction and export, not a server.
import { docAt, readBoardAt } from '../../../server/src/history/reconstruct';
import { storyMarkdown } from '../../../server/src/history/story';
import type { LogEntry } from '../../../server/src/storage/types';
import { dist, type Dist } from '../util/stats';

export interface ReplayResult {
  updates: number;
  cards: number;
  /** ms to rebuild the board at a random moment (nearest checkpoint + tail). */
  seek: Dist;
  /**
   * ms to read the final board and render the Markdown story, as the export route does: the
   * first export rebuilds the board (exportColdMs), the next ones find it kept.
   */
  exportMs: Dist;
  exportColdMs: number;
}

const CHECKPOINT_EVERY = 1000;
const BATCH = 100;
const STEP_MS = 20;

/**
 * A recorded session of `updates` log entries on a `cards`-card board, written the way a room
 * writes it (batched appends, a checkpoint every 1,000 entries), then seeks to random moments and
 * exports the story, as the history API does.
 */
export async function replayBench(scale: {
  updates: number;
  cards: number;
  seeks: number;
}): Promise<ReplayResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-replay-'));
  const storage = openSqliteStorage(dir);
  const sessionId = 'replay';
  const start = Date.now() - scale.updates * STEP_MS;
  try {
    const doc = new Y.Doc();
    seedBoard(doc, 'Replay bench', 'trust', start);
    await storage.createSession(
      {
        id: sessionId,
        title: 'Replay bench',
        template: 'trust',
        joinCode: 'RPLYBNC',
        createdAt: start,
        endedAt: null,
      },
      [],
      { sessionId, time: start, memberId: null, update: Y.encodeStateAsUpdate(doc) },
    );
    let pending: LogEntry[] = [];
    let captured: Uint8Array | undefined;
    doc.on('update', (u: Uint8Array) => (captured = u));
    let sinceCheckpoint = 0;
    for (let i = 0; i < scale.updates; i++) {
      if (i < scale.cards) {
        addCard(doc, {
          id: `c${i}`,
          kind: 'statement',
          text: 'trust',
          zone: 'statements',
          createdAt: start + i,
        });
      } else {
        const id = `c${i % scale.cards}`;
        const text = cardsOf(doc).get(id)?.get('text');
        const current = text instanceof Y.Text ? text.toString() : '';
        setCardText(doc, id, current.length > 120 ? 'trust' : `${current}!`);
      }
      pending.push({ sessionId, time: start + i * STEP_MS, memberId: null, update: captured! });
      if (pending.length === BATCH) {
        const seq = (await storage.appendUpdates(pending, [])).at(-1)!;
        sinceCheckpoint += pending.length;
        pending = [];
        if (sinceCheckpoint >= CHECKPOINT_EVERY) {
          await storage.writeCheckpoint(
            sessionId,
            seq,
            start + i * STEP_MS,
            Y.encodeStateAsUpdate(doc),
          );
          sinceCheckpoint = 0;
        }
      }
    }
    if (pending.length > 0) await storage.appendUpdates(pending, []);

    const seek: number[] = [];
    for (let i = 0; i < scale.seeks; i++) {
      const t = start + Math.floor(Math.random() * scale.updates) * STEP_MS;
      const t0 = performance.now();
      const { doc: at } = await docAt(storage, sessionId, t);
      seek.push(performance.now() - t0);
      at.destroy();
    }
    const exportMs: number[] = [];
    for (let i = 0; i < Math.max(3, Math.floor(scale.seeks / 4)); i++) {
      const t0 = performance.now();
      const end = start + scale.updates * STEP_MS;
      const md = await readBoardAt(storage, sessionId, end, (final) =>
        storyMarkdown({
          doc: final,
          createdAt: start,
          at: end,
          snapshots: [],
          names: new Map(),
          people: { participants: 0, named: [] },
        }),
      );
      exportMs.push(performance.now() - t0);
      if (!md.includes('Replay bench')) throw new Error('export lost the title');
    }
    return {
      updates: scale.updates,
      cards: scale.cards,
      seek: dist(seek),
      exportMs: dist(exportMs),
      exportColdMs: exportMs[0]!,
    };
  } finally {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
