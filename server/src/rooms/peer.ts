import type { MemberRecord } from '../storage/types';

/**
 * A connection as the room sees it: who is behind it and how to reach it. Transport-agnostic, so
 * the room never imports `ws` and a test can drive it with plain objects.
 */
export interface Peer {
  readonly member: MemberRecord;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /**
   * True from the moment the server decided to close this connection ([R11]): nothing it sends
   * afterwards is applied, logged or relayed, even if the client never answers the close frame.
   */
  readonly closing: boolean;
  /** Awareness clientIDs this connection introduced, removed when it leaves. */
  readonly awarenessIds: Set<number>;
}
