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

export interface StoredState {
  checkpoint: { seq: number; state: Uint8Array } | undefined;
  /** Updates after the checkpoint, in log order. */
  tail: { seq: number; update: Uint8Array }[];
}

export interface Storage extends WorkshopStorage, HistoryStorage, ErasureStorage {
  createSession(session: SessionRecord, members: NewMember[], seed: LogEntry): Promise<void>;
  sessionById(id: string): Promise<SessionRecord | undefined>;
  sessionByJoinCode(code: string): Promise<SessionRecord | undefined>;
  endSession(id: string, time: number): Promise<void>;
  addMember(member: NewMember): Promise<void>;
  memberByTokenHash(hash: string): Promise<MemberRecord | undefined>;
  memberById(id: string): Promise<MemberRecord | undefined>;
  /**
   * Appends a batch in one transaction, with the clientID bindings it introduced, and returns the
   * sequence number of each entry, in order. Resolves only once the batch is durable. A batch may
   * hold several sessions' entries: every room's changes of one tick share the transaction.
   */
  appendUpdates(entries: LogEntry[], bindings: ClientBinding[]): Promise<number[]>;
  loadState(sessionId: string): Promise<StoredState>;
  writeCheckpoint(sessionId: string, seq: number, time: number, state: Uint8Array): Promise<void>;
  clientBindings(sessionId: string): Promise<Map<number, string>>;
  close(): Promise<void>;
}
