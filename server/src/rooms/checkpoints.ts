import * as Y from 'yjs';
import type { Storage } from '../storage/types';

/**
 * A room's checkpoints ([D3]): where its log stands, how far the last checkpoint is behind, and
 * the checkpoint writes in order. A checkpoint is `Y.encodeStateAsUpdate` of the live doc at the
 * newest durable entry; a failed one only makes the next load replay more of the log.
 */
export class Checkpoints {
  /** Sequence number of the newest durable log entry of this session. */
  lastSeq: number;
  private since: number;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly sessionId: string,
    private readonly storage: Pick<Storage, 'writeCheckpoint'>,
    private readonly every: number,
    loaded: { lastSeq: number; tail: number },
  ) {
    this.lastSeq = loaded.lastSeq;
    this.since = loaded.tail;
  }

  /** These entries are in the log now. */
  logged(seqs: readonly number[]): void {
    if (seqs.length > 0) this.lastSeq = seqs.at(-1)!;
    this.since += seqs.length;
  }

  get due(): boolean {
    return this.since >= this.every;
  }

  get behind(): boolean {
    return this.since > 0;
  }

  /** Captures `doc` now: it matches `lastSeq` only before the next update is applied. */
  write(doc: Y.Doc): Promise<void> {
    const seq = this.lastSeq;
    const counted = this.since;
    const state = Y.encodeStateAsUpdate(doc);
    this.since = 0;
    const write = this.writes.then(() =>
      this.storage.writeCheckpoint(this.sessionId, seq, Date.now(), state).catch((err: unknown) => {
        this.since += counted;
        throw err;
      }),
    );
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Resolves when every checkpoint asked for so far is written (or has failed). */
  settled(): Promise<void> {
    return this.writes;
  }
}
