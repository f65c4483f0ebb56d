import type { SnapshotKind } from '@trellis/shared';

/** A named moment of a session: a pointer into the log, never a separate copy that can drift. */
export interface Snapshot {
  sessionId: string;
  /** The last log entry included. */
  seq: number;
  time: number;
  label: string;
  kind: SnapshotKind;
}

export interface LoggedUpdate {
  seq: number;
  time: number;
  memberId: string | null;
  update: Uint8Array;
}

export interface SessionSummaryRow {
  id: string;
  title: string;
  template: string;
  createdAt: number;
  endedAt: number | null;
  participants: number;
  lastActivity: number | null;
  updates: number;
}

/** Reads over the update log for replay, timelines and exports. */
export interface HistoryStorage {
  addSnapshot(snapshot: Snapshot): Promise<void>;
  snapshots(sessionId: string): Promise<Snapshot[]>;
  listSessions(): Promise<SessionSummaryRow[]>;
  /** The newest checkpoint whose entries are all at or before `seq`. */
  checkpointAtOrBefore(
    sessionId: string,
    seq: number,
  ): Promise<{ seq: number; state: Uint8Array } | undefined>;
  /** The last log entry at or before `time` (0 when none). */
  seqAt(sessionId: string, time: number): Promise<number>;
  /** Log entries with afterSeq < seq ≤ toSeq, in order. */
  updatesBetween(sessionId: string, afterSeq: number, toSeq: number): Promise<LoggedUpdate[]>;
  /** Log entries per minute: [minute start ms, entries, distinct members]. */
  activity(sessionId: string): Promise<{ minute: number; updates: number; members: number }[]>;
  lastSeq(sessionId: string): Promise<number>;
  /** Everyone who joined, with role and (optional) name, for attribution in exports. */
  membersOf(sessionId: string): Promise<{ id: string; role: string; name: string | undefined }[]>;
}
