import * as Y from 'yjs';
import type { LoggedUpdate } from '../storage/historyTypes';
import type { Storage } from '../storage/types';

/**
 * The board as it was at `time`: the newest checkpoint at or before that moment plus the log
 * entries after it (DESIGN.md §2). Never `Y.mergeUpdates` over long logs: it is super-linear.
 * The caller owns the document; reads that only look at it go through readBoardAt.
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
  const { checkpoint, tail } = await sourcesAt(storage, sessionId, seq);
  return build(checkpoint, tail);
}

type Checkpoint = { seq: number; state: Uint8Array } | undefined;

async function sourcesAt(storage: Storage, sessionId: string, seq: number) {
  const checkpoint = await storage.checkpointAtOrBefore(sessionId, seq);
  const tail = await storage.updatesBetween(sessionId, checkpoint?.seq ?? 0, seq);
  return { checkpoint, tail };
}

function build(checkpoint: Checkpoint, tail: readonly LoggedUpdate[]): Y.Doc {
  const doc = new Y.Doc();
  apply(doc, checkpoint, tail);
  return doc;
}

/** One transaction for the lot: observers and merging run once, not once per entry. */
function apply(doc: Y.Doc, checkpoint: Checkpoint, tail: readonly LoggedUpdate[]): void {
  doc.transact(() => {
    if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
    for (const entry of tail) Y.applyUpdate(doc, entry.update);
  });
}

/**
 * A rebuilt board kept for the next read of its session. Rebuilding is decoding the checkpoint:
 * every item the board ever held (109,000 for the bench's 100,000-entry session: ~100 ms, half
 * of it garbage collection, 26 MB), however few entries follow it. The history page reads one
 * moment several times (the detail's card count, then each export), so the last board of a
 * session is kept and reused while it is exactly what a rebuild would give.
 */
interface Kept {
  checkpoint: Checkpoint;
  /** The entries after the checkpoint it holds, in order. */
  applied: readonly LoggedUpdate[];
  doc: Y.Doc;
  timer: ReturnType<typeof setTimeout>;
}

/** A kept board goes this long after its last read, */
export const KEEP_BOARD_MS = 60_000;
/** and when more sessions than this are read, the least recently read goes first. */
export const KEEP_BOARDS = 2;

const keptBy = new WeakMap<Storage, Map<string, Kept>>();

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;

/**
 * The kept board can serve when it was built from the checkpoint the storage holds now and
 * from entries the log still begins its tail with, byte for byte: a rewrite of either (an
 * erasure, [Y7], on this node or another) or a purge makes it a rebuild, so no cache can
 * outlive what the storage says.
 */
function reusable(kept: Kept, checkpoint: Checkpoint, tail: readonly LoggedUpdate[]): boolean {
  if (kept.checkpoint?.seq !== checkpoint?.seq) return false;
  if (!sameBytes(kept.checkpoint?.state, checkpoint?.state)) return false;
  if (kept.applied.length > tail.length) return false;
  return kept.applied.every(
    (entry, i) => entry.seq === tail[i]!.seq && sameBytes(entry.update, tail[i]!.update),
  );
}

function forget(boards: Map<string, Kept>, sessionId: string, kept: Kept): void {
  clearTimeout(kept.timer);
  if (boards.get(sessionId) === kept) boards.delete(sessionId);
  kept.doc.destroy();
}

/** What a read may return: anything but a promise, since the board serves other reads after. */
type Now<T> = T extends PromiseLike<unknown> ? never : T;

/**
 * Runs `read` on the board at `seq` and returns what it returns. `read` is synchronous and must
 * not change the board nor keep it: the same document serves the next read (a read that writes
 * makes the board forgotten).
 * A later position after the same checkpoint applies only the entries in between.
 */
export async function readBoardAtSeq<T>(
  storage: Storage,
  sessionId: string,
  seq: number,
  read: (doc: Y.Doc) => Now<T>,
): Promise<T> {
  const { checkpoint, tail } = await sourcesAt(storage, sessionId, seq);
  // From here on, synchronous: no other read can move this board under us.
  const boards = keptBy.get(storage) ?? new Map<string, Kept>();
  keptBy.set(storage, boards);
  const before = boards.get(sessionId);
  let doc: Y.Doc;
  if (before && reusable(before, checkpoint, tail)) {
    clearTimeout(before.timer);
    boards.delete(sessionId);
    doc = before.doc;
    apply(doc, undefined, tail.slice(before.applied.length));
  } else {
    if (before) forget(boards, sessionId, before);
    doc = build(checkpoint, tail);
  }
  const board: Kept = {
    checkpoint,
    applied: tail,
    doc,
    timer: setTimeout(() => forget(boards, sessionId, board), KEEP_BOARD_MS).unref(),
  };
  boards.set(sessionId, board);
  for (const [id, other] of boards) {
    if (boards.size <= KEEP_BOARDS) break;
    forget(boards, id, other);
  }
  let wrote = false;
  const onWrite = (): void => {
    wrote = true;
  };
  board.doc.on('beforeTransaction', onWrite);
  try {
    return read(board.doc);
  } finally {
    board.doc.off('beforeTransaction', onWrite);
    if (wrote) forget(boards, sessionId, board);
  }
}

/** readBoardAtSeq at the last log entry at or before `time`; `read` also gets that entry. */
export async function readBoardAt<T>(
  storage: Storage,
  sessionId: string,
  time: number,
  read: (doc: Y.Doc, seq: number) => Now<T>,
): Promise<T> {
  const seq = await storage.seqAt(sessionId, time);
  return readBoardAtSeq<T>(storage, sessionId, seq, (doc) => read(doc, seq));
}
