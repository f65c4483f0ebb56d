import type { ClientBinding, LogEntry, TableWrite } from '../storage/types';
import type { Pending } from './fanout';

/** Who the change being applied right now comes from, for the log and the byte budget. */
export type Author = Omit<Pending, 'update'> & { chargeTo: string | null };
const NOBODY: Author = { origin: null, memberId: null, clients: [], chargeTo: null };

/**
 * What a room has applied since its last flush: the effective updates (with who made them), the
 * clientID bindings they introduced and the workshop-table writes that go with them. The flusher
 * takes all three at once, so they reach the log in one transaction ([D5]).
 */
export class Batch {
  private updates: Pending[] = [];
  private bindings: ClientBinding[] = [];
  private writes: TableWrite[] = [];
  private author: Author = NOBODY;

  /** Bytes each member's changes added to the log ([G12]), as loaded plus what arrives. */
  constructor(private readonly spent: Map<string, number>) {}

  /** Runs `apply` with the updates it causes attributed to `author`. */
  as(author: Author, apply: () => void): void {
    this.author = author;
    try {
      apply();
    } finally {
      this.author = NOBODY;
    }
  }

  /** An effective update Yjs reported (the doc's `update` event). */
  add(update: Uint8Array): void {
    const { chargeTo, ...who } = this.author;
    this.updates.push({ update, ...who });
    if (chargeTo !== null) {
      this.spent.set(chargeTo, (this.spent.get(chargeTo) ?? 0) + update.byteLength);
    }
  }

  bind(binding: ClientBinding): void {
    this.bindings.push(binding);
  }

  record(writes: readonly TableWrite[]): void {
    this.writes.push(...writes);
  }

  spentBy(memberId: string): number {
    return this.spent.get(memberId) ?? 0;
  }

  get empty(): boolean {
    return this.updates.length === 0 && this.bindings.length === 0 && this.writes.length === 0;
  }

  /** Hands everything over, as log entries stamped `time`, and starts a new batch. */
  take(
    sessionId: string,
    time: number,
  ): { taken: Pending[]; entries: LogEntry[]; bindings: ClientBinding[]; writes: TableWrite[] } {
    const { updates: taken, bindings, writes } = this;
    this.updates = [];
    this.bindings = [];
    this.writes = [];
    const entries = taken.map((p) => ({ sessionId, time, memberId: p.memberId, update: p.update }));
    return { taken, entries, bindings, writes };
  }
}
