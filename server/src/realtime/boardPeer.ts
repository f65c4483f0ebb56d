import { WebSocket } from 'ws';
import { CloseCode, closeReason } from '@trellis/shared';
import type { Peer } from '../rooms/peer';
import type { MemberRecord } from '../storage/types';
import { sendBinary } from './frames';

export interface BoardPeerOptions {
  /** Bytes that may wait unsent before the connection is closed with 4503. */
  sendBufferBytes: number;
  /** The server decided to close this connection (called once, at that moment). */
  onClosing(code: number, reason: string): void;
}

/**
 * The room's view of one board WebSocket.
 *
 * `closing` turns true the moment `close` is called ([R11]): `ws` keeps emitting the messages of
 * a client that never answers the close frame, and nothing it sends from then on may count. The
 * close handshake itself is bounded by the server's `closeTimeout`.
 */
export function boardPeer(ws: WebSocket, member: MemberRecord, options: BoardPeerOptions): Peer {
  const peer: Peer = {
    member,
    awarenessIds: new Set(),
    get closing() {
      return ws.readyState !== WebSocket.OPEN;
    },
    send(message) {
      if (ws.readyState !== WebSocket.OPEN) return;
      // Counting the message itself: a board-sized sync reply to a client that does not read
      // would otherwise sit in memory whole, once per request ([4503], issue 10 item 9).
      if (ws.bufferedAmount + message.byteLength > options.sendBufferBytes) {
        peer.close(CloseCode.SlowConsumer, 'client is not reading; reconnect to resync');
        return;
      }
      sendBinary(ws, message);
    },
    close(code, reason) {
      if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CONNECTING) return;
      ws.close(code, closeReason(reason));
      options.onClosing(code, reason);
    },
  };
  return peer;
}

let turn = 0;
let turnEnding = false;

/** A number that changes once per event-loop turn (at its check phase). */
function currentTurn(): number {
  if (!turnEnding) {
    turnEnding = true;
    setImmediate(() => {
      turn++;
      turnEnding = false;
    });
  }
  return turn;
}

/**
 * Messages of one connection handled within one event-loop turn ([L1]). Synchronous on purpose:
 * the rate limiters answer through promises, which settle only after `ws` has emitted every frame
 * of the TCP read in hand.
 */
export class TurnBudget {
  private turn = -1;
  private used = 0;

  constructor(private readonly max: number) {}

  /** False once this turn's budget is spent. */
  take(): boolean {
    const now = currentTurn();
    if (now !== this.turn) {
      this.turn = now;
      this.used = 0;
    }
    return ++this.used <= this.max;
  }
}
