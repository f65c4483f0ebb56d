import type { Protocol } from '../servers';

/**
 * What the harness tells a load process to do, and what it reports back over IPC. Samples are
 * flat number arrays (client, clock, time triples) because IPC serialises them as JSON.
 */
export type Role =
  /** types into its own card at `writeHz` (or as fast as allowed in blast mode) */
  | 'writer'
  /** applies every update to a Y.Doc and timestamps when each writer clock arrives */
  | 'probe'
  /** a phone that only reads: counts bytes, applies nothing */
  | 'sink'
  /** connects, syncs the whole board, reports time and bytes, disconnects */
  | 'joiner'
  /** pushes `seedState` once and stays connected (gives in-memory peers the test board) */
  | 'seeder';

export interface ConnSpec {
  url: string;
  docName: string;
  token: string;
  memberId: string;
  role: Role;
  /** Also open the participant's Socket.IO connection (Trellis only). */
  socketIo?: boolean;
  /** Where that Socket.IO connection goes when not the job's server (one of several nodes). */
  httpBase?: string;
}

export interface LoadJob {
  protocol: Protocol;
  httpBase: string;
  conns: ConnSpec[];
  /** Updates per second per writer in paced mode. */
  writeHz: number;
  connectConcurrency: number;
  /** Pause before each connection, so each joiner meets an unloaded room or a seeded one. */
  connectPauseMs?: number;
  /** GET this every 50 ms while running: a server's event-loop delay seen from outside. */
  healthUrl?: string;
  /**
   * Blast mode: writers send `perWriter` updates as fast as `window` unsaved ones and `maxHz`
   * allow (Trellis closes a connection over 120 messages/s, [L1]).
   */
  blast?: { perWriter: number; cardsPerWriter: number; window: number; maxHz: number };
  /** Base64 Yjs update a seeder pushes. */
  seedState?: string;
  /** A joiner returns the synced board (to seed the peers with the same one). */
  keepState?: boolean;
}

export interface LoadResult {
  /** writer transactions: clientId, clock after the transaction, time */
  tx: number[];
  /** per probe: clientId, clock reached, time */
  seen: number[][];
  /** Trellis `saved` events: clientId, clock, time */
  saved: number[];
  /** per connection: ms from socket creation to the sync reply (or open, for the relay) */
  syncMs: number[];
  /** per joiner: bytes received until synced */
  syncBytes: number[];
  /** per joiner: cards on the synced board */
  cards: number[];
  health: number[];
  bytesIn: number;
  messagesIn: number;
  closes: Record<string, number>;
  errors: string[];
  state?: string;
  /** blast mode: ms from go to the last writer's last saved update */
  blastMs?: number;
}

export type ToChild = { type: 'job'; job: LoadJob } | { type: 'go' } | { type: 'stop' };

export type FromChild =
  | { type: 'ready' }
  | { type: 'done' }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string };
