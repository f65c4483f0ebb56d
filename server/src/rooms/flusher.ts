import type { Logger } from '../log';
import { unfenced } from '../fleet/single';
import { Fenced, type Appender, type AppendResult } from '../fleet/types';
import type { ClientBinding, LogEntry, Storage, TableWrite } from '../storage/types';

/** A room as the flusher sees it: changes to take, and what to do once they are durable. */
export interface FlushSource {
  readonly sessionId: string;
  /** Hands over everything applied since the last take (any list may be empty). */
  takePending(): { entries: LogEntry[]; bindings: ClientBinding[]; writes: TableWrite[] };
  /** The taken changes are in the log, with these sequence numbers: broadcast them now. */
  durable(seqs: number[]): void;
  /** After every room of the flush has broadcast: `saved`, checkpoints, anything that can wait. */
  afterDurable(): void;
  /** The append failed, or was fenced (`Fenced`): nothing taken may ever be seen. */
  failed(err: unknown): void;
}

/**
 * One durable append per event-loop tick for every room with pending changes (PROTOCOL.md §3,
 * step 4). With a transaction per room, 100 small rooms paid 100 commits (and as many WAL frames
 * for the same few B-tree pages) per tick and each room re-armed its own setImmediate; one
 * shared transaction costs about as much as one room's.
 *
 * Order within a flush: commit, then every room's broadcast, then the non-urgent work, so no
 * room's `saved` emits or checkpoint delay another room's receivers.
 */
export class LogFlusher {
  private readonly waiting = new Set<FlushSource>();
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();

  /** `appender`: where the log goes when several nodes share it (fleet); else `storage`. */
  constructor(
    storage: Pick<Storage, 'appendUpdates'>,
    private readonly log: Logger,
    private readonly appender: Appender = unfenced(storage),
  ) {}

  /** Queues a room for this tick's flush; cheap to call once per update. */
  request(source: FlushSource): void {
    this.waiting.add(source);
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: every message that arrived in this tick's I/O lands in the
    // same transaction and broadcast.
    setImmediate(() => void this.flush());
  }

  /** Commits everything requested so far; resolves once it is durable and broadcast. */
  flush(): Promise<void> {
    // Flushes run one after another, so a room's batches reach the log and its peers in order.
    this.chain = this.chain.then(() => this.commit());
    return this.chain;
  }

  private async commit(): Promise<void> {
    this.scheduled = false;
    if (this.waiting.size === 0) return;
    const sources = [...this.waiting];
    this.waiting.clear();
    const taken = sources.map((source) => ({ source, ...source.takePending() }));
    let result: AppendResult;
    try {
      result = await this.appender.append(
        taken.flatMap((t) => t.entries),
        taken.flatMap((t) => t.bindings),
        taken.flatMap((t) => t.writes),
      );
    } catch (err) {
      // One transaction: when it fails, no room's part of it is on disk.
      for (const { source } of taken) this.guard(source, () => source.failed(err));
      return;
    }
    // A fenced room's part was not written ([N2]); its entries have no numbers in `seqs`.
    const written = taken.filter((t) => !result.fenced.has(t.source.sessionId));
    for (const { source } of taken) {
      if (result.fenced.has(source.sessionId)) {
        this.guard(source, () => source.failed(new Fenced(source.sessionId)));
      }
    }
    let at = 0;
    for (const t of written) {
      const mine = result.seqs.slice(at, (at += t.entries.length));
      this.guard(t.source, () => t.source.durable(mine));
    }
    for (const { source } of written) this.guard(source, () => source.afterDurable());
  }

  /** One room's bug must not keep the other rooms of the flush from their broadcast. */
  private guard(source: FlushSource, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error('flush step failed', { session: source.sessionId, err: String(err) });
    }
  }
}
