/**
 * What the workshop scenario asks a phone process to do, and what each answers. Times are
 * monotonic milliseconds (util/clock.ts), comparable across the bench's processes.
 */
export interface PhoneSetup {
  httpBase: string;
  sessionId: string;
  joinCode: string;
  /** Names of this process's phones; also their order in the room. */
  names: string[];
  /** Every phone's join starts at `startAt` + its offset (ms). */
  startAt: number;
  offsets: number[];
  /** The venue's one public address, as a reverse proxy would name it (X-Forwarded-For). */
  address: string;
}

export interface JoinTimes {
  /** ms from the join request to both channels synced, per phone */
  syncedMs: number[];
  /** when each phone was synced (monotonic) */
  syncedAt: number[];
  /** 429s the join API answered before a phone got in ([L2]) */
  refused: number;
}

/** Acks of a burst of requests: latencies of the accepted ones, codes of the refused ones. */
export interface Acks {
  ms: number[];
  refused: Record<string, number>;
}

export interface Arrivals {
  /** per phone: arrival of the frame that completed the expected count */
  at: number[];
  /** phones that never got there within the wait */
  missing: number;
}

export interface Written {
  /** commitment card id → when its phone wrote it */
  at: Record<string, number>;
}

export interface BoardCheck {
  statements: number[];
  commitments: number[];
  /** each phone's votes as the server last answered them */
  votesUsed: number[];
}

export type Command =
  | { type: 'join'; setup: PhoneSetup }
  | { type: 'signal'; windowMs: number }
  | { type: 'write'; cardsEach: number; windowMs: number }
  | { type: 'arrivals'; statements: number; timeoutMs: number }
  | { type: 'vote'; votesEach: number; windowMs: number }
  | { type: 'commit'; windowMs: number }
  | { type: 'check' }
  | { type: 'counts' };

export interface Replies {
  join: JoinTimes;
  signal: Acks;
  write: Acks;
  arrivals: Arrivals;
  vote: Acks;
  commit: Written;
  check: BoardCheck;
  counts: { boardFrames: number; boardBytes: number; ioPackets: number };
}

export type Request = { id: number; command: Command };
export type Reply = { id: number; result?: unknown; error?: string };
