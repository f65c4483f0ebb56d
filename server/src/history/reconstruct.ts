import * as Y from 'yjs';
import type { Storage } from '../storage/types';

/**
 * The board as it was at `time`: the newest checkpoint at or before that moment plus the log
 * entries after it (DESIGN.md §2). Never `Y.mergeUpdates` over long logs: it is super-linear.
 */
export async function docAt(
  storage: Storage,
  sessionId: string,
  time: number,
): Promise<{ doc: Y.Doc; seq: number }> {
  const seq = await storage.seqAt(sessionId, time);
  return { doc: await docAtSeq(storage, sessionId, seq), seq };
}

export async function docAtSeq(storage: Storage, sessionId: string, seq: number): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const checkpoint = await storage.checkpointAtOrBefore(sessionId, seq);
  const tail = await storage.updatesBetween(sessionId, checkpoint?.seq ?? 0, seq);
  doc.transact(() => {
    if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
    for (const entry of tail) Y.applyUpdate(doc, entry.update);
  });
  return doc;
}
