import type { Role } from '@trellis/shared';
import type { ErasureStorage } from './erasure';
import type { HistoryStorage } from './historyTypes';
import type { WorkshopStorage } from './workshopTypes';

/**
 * Everything Trellis keeps. Async so a PostgreSQL implementation fits behind the same seam; the
 * SQLite one answers synchronously inside resolved promises.
 */
export interface SessionRecord {
  id: string;
  title: string;
  template: string;
  joinCode: string;
  createdAt: number;
  endedAt: number | null;
}

export interface MemberRecord {
  id: string;
  sessionId: string;
  role: Role;
  name: string | undefined;
  createdAt: number;
}

export interface NewMember extends MemberRecord {
  tokenHash: string;
  /** SHA-256 of the device id the phone sent on join, to ban it on removal ([J13]). */
  deviceHash?: string | undefined;
}

/** One accepted Yjs update: what changed, when, and who sent it (null = the server itself). */
export interface LogEntry {
  sessionId: string;
  time: number;
  memberId: string | null;
  update: Uint8Array;
}

export interface ClientBinding {
  sessionId: string;
  clientId: number;
  memberId: string;
}

/**
 * A workshop-table change that belongs to a change of the board: written in the same transaction
 * as the log entries of its batch, so a crash keeps both or neither ([D5]). A reveal that marked
 * cards revealed without their insertion in the log would lose them for good.
 */
export type TableWrite =
  | { type: 'cardOwner'; sessionId: string; cardId: string; memberId: string }
  | { type: 'privateRevealed'; sessionId: string; cardIds: string[]; time: number }
  /** Private cards the reveal refused (their id was taken on the board meanwhile). */
  | { type: 'privateDropped'; sessionId: string; cardIds: string[] }
  | { type: 'vote'; sessionId: string; memberId: string; cardId: string; count: number }
  | { type: 'sessionEnded'; sessionId: string; time: number };

/** What a new session's row comes with, all in the transaction that creates it. */
export interface SessionExtras {
  followUpOf?: string | undefined;
  retentionDays?: number | undefined;
  /** The seed's clientIDs, bound to the server so no member can ever write under them ([P2]). */
  bindings?: ClientBinding[];
}

export interface StoredState {
  checkpoint: { seq: number; state: Uint8Array } | undefined;
  /** Updates after the checkpoint, in log order. */
  tail: { seq: number; update: Uint8Array }[];
}

export interface Storage extends WorkshopStorage, HistoryStorage, ErasureStorage {
  createSession(
    session: SessionRecord,
    members: NewMember[],
    seed: LogEntry,
    extras?: SessionExtras,
  ): Promise<void>;
  sessionById(id: string): Promise<SessionRecord | undefined>;
  sessionByJoinCode(code: string): Promise<SessionRecord | undefined>;
  addMember(member: NewMember): Promise<void>;
  memberByTokenHash(hash: string): Promise<MemberRecord | undefined>;
  memberById(id: string): Promise<MemberRecord | undefined>;
  /**
   * Appends a batch in one transaction, with the clientID bindings it introduced, and returns the
   * sequence number of each entry, in order. Resolves only once the batch is durable. A batch may
   * hold several sessions' entries: every room's changes of one tick share the transaction, and
   * so do the workshop-table writes that go with them.
   */
  appendUpdates(
    entries: LogEntry[],
    bindings: ClientBinding[],
    writes?: TableWrite[],
  ): Promise<number[]>;
  /** Bytes each member's entries take in a session's log (the [G12] byte budget). */
  logBytesByMember(sessionId: string): Promise<Map<string, number>>;
  loadState(sessionId: string): Promise<StoredState>;
  writeCheckpoint(sessionId: string, seq: number, time: number, state: Uint8Array): Promise<void>;
  clientBindings(sessionId: string): Promise<Map<number, string>>;
  /**
   * Runs `fn` unless another node sharing this storage is running `task` right now, in which
   * case it resolves undefined at once: the retention purge runs on one node at a time. With one
   * process per storage (SQLite) it just runs `fn`.
   */
  onOneNode<T>(task: string, fn: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}
