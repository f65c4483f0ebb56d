import type { ClientBinding, LogEntry, Storage, TableWrite } from '../storage/types';

/** What a tick's append wrote: every entry not of a fenced session, numbered in batch order. */
export interface AppendResult {
  seqs: number[];
  /** Sessions this node no longer owns: none of their entries, bindings or writes were written. */
  fenced: ReadonlySet<string>;
}

/** The log as the flusher writes it: storage's append, fenced when several nodes share it. */
export interface Appender {
  append(
    entries: LogEntry[],
    bindings: ClientBinding[],
    writes: TableWrite[],
  ): Promise<AppendResult>;
}

/**
 * Which node holds which session ([N1]). A room is loaded only after `acquire`, unloaded before
 * `release`, and everything it logs goes through `append`. With SQLite there is one process and
 * it owns everything; on PostgreSQL ownership is a lease with fencing (leases.ts).
 */
export interface Fleet extends Appender, Pick<Storage, 'writeCheckpoint'> {
  /** Several nodes share the storage (forwarding applies); false for SQLite's one process. */
  readonly shared: boolean;
  // writeCheckpoint: like the log, written only under this node's lease ([N2]).
  /** Takes the session for this node, or throws NotOwner while another node holds it. */
  acquire(sessionId: string): Promise<void>;
  /** Gives the session back (its room is unloaded and its last changes are durable). */
  release(sessionId: string): Promise<void>;
  /**
   * Where the node holding the session's live lease is reached, when that is not this node
   * (undefined: this node holds it, or nobody does and this node may take it).
   */
  ownerElsewhere(sessionId: string): Promise<string | undefined>;
  /**
   * Called with each session this node lost (fenced on append, found taken on renewal) or found
   * held elsewhere when it wanted it: its connections here for that session must go there.
   */
  onLost(listener: (sessionId: string, why: Lost) => void): void;
  /** Where other nodes reach this one, once it listens. */
  advertise(url: string): void;
  /** Stops renewing and releases whatever is still held. */
  close(): Promise<void>;
}

/** `lost`: this node held the session and no longer does; `elsewhere`: it never got it. */
export type Lost = 'lost' | 'elsewhere';

/** Another node holds the session's lease; `ownerUrl` is where it said it can be reached. */
export class NotOwner extends Error {
  constructor(
    readonly sessionId: string,
    readonly ownerUrl: string | null,
  ) {
    super(`session ${sessionId} is held by ${ownerUrl ?? 'another node'}`);
  }
}

/** This node's lease on the session ended: what it applied since must never be seen ([N2]). */
export class Fenced extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} moved to another node`);
  }
}
