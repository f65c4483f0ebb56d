/**
 * Stock y-websocket providers (3.x) stop reconnecting on 4400–4499: those codes are terminal,
 * everything else is retried.
 *
 * WebSocket close codes Trellis uses on `/yjs/<sessionId>`. 4000–4999 is the range RFC 6455 leaves
 * to applications; we mirror HTTP statuses so a log line reads the same on both channels.
 */
export const CloseCode = {
  /** The peer sent bytes that are not a well-formed y-websocket message or Yjs update. */
  BadMessage: 4400,
  /** Missing, unknown or expired token. */
  Unauthorized: 4401,
  /** The token is valid but may not do this: another session, or a write it has no right to. */
  Forbidden: 4403,
  /**
   * The member opened more connections than it may hold at once ([L5]): the oldest is closed when
   * a new one arrives (usually a dead one the phone left behind). Terminal, so two tabs of one
   * member never take turns closing each other.
   */
  Replaced: 4409,
  /** The session in the URL does not exist. */
  UnknownSession: 4404,
  /** The session has ended; the board is history now. */
  SessionEnded: 4410,
  /** A single message above the configured size cap. */
  TooLarge: 4413,
  /** This connection fell too far behind (not reading); reconnect and resync. Not terminal. */
  SlowConsumer: 4503,
  /** Too many messages from this connection or session; reconnect after a pause. */
  RateLimited: 4529,
  /** The server is shutting down; clients should reconnect later. */
  GoingAway: 1001,
  /** The server could not keep what was sent (storage failed); reconnect and resend. */
  InternalError: 1011,
  /** The session's history was rewritten under it (erasure); reconnect to the new board. */
  ServiceRestart: 1012,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close reasons are at most 123 bytes (RFC 6455 §5.5); keep them short and stable for logs. */
export const closeReason = (reason: string): string => reason.slice(0, 120);
