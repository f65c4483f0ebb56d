import type { ErrorCode } from '@trellis/shared';

/** A refused request; the Socket.IO layer turns it into an error ack. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** PROTOCOL.md rule id, for the log. */
    readonly rule?: string,
  ) {
    super(message);
  }
}
