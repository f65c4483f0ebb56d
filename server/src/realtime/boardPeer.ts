import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket, type RawData } from 'ws';
import { CloseCode, closeReason } from '@trellis/shared';
import { isLimited, type Limiters } from '../auth/limits';
import { oncePerCause, type CauseLog, type Logger } from '../log';
import { MessageType } from '../rooms/messages';
import type { Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import type { Rooms } from '../rooms/rooms';
import type { MemberRecord } from '../storage/types';
import type { MemberConnections } from './connections';
import { sendBinary } from './frames';

/** What every board connection of the endpoint shares: one object, not one per connection. */
export interface BoardDeps {
  rooms: Rooms;
  log: Logger;
  limiters: Pick<Limiters, 'limits' | 'boardMember' | 'boardSession'>;
  connections: MemberConnections<BoardPeer>;
}

/**
 * The board WebSocket, as `ws` builds it for us (its `WebSocket` option): room for the state the
 * server keeps per connection, so that every connection's listeners can be the same functions,
 * with the socket as `this`. A participant's two connections are what the server's memory per
 * participant is made of; closures and option objects per connection added up.
 */
export class BoardSocket extends WebSocket {
  /** Answered the last ping; the keep-alive sweep terminates one that did not. */
  alive = true;
  peer: BoardPeer | undefined;
  /** Messages that arrived while the token was checked and the room loaded, kept in order. */
  early: RawData[] | undefined = [];
}

/** The window of a connection's sync-request budget ([L1], `syncRequestsPerConnection`). */
const SYNC_WINDOW_MS = 60_000;

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
 * The room's view of one board WebSocket, and the pipeline of its messages.
 *
 * `closing` turns true the moment `close` is called ([R11]): `ws` keeps emitting the messages of
 * a client that never answers the close frame, and nothing it sends from then on may count. The
 * close handshake itself is bounded by the server's `closeTimeout`.
 */
export class BoardPeer implements Peer {
  readonly awarenessIds = new Set<number>();
  room: Room | undefined;
  private left = false;
  /**
   * This connection's sync-request budget, a fixed window counted here: a rate limiter's record
   * per connection (its key, a timer for its expiry) stayed for as long as the provider resyncs
   * (every 20 s), ~300 B of every participant's memory.
   */
  private syncWindowEnds = 0;
  private syncUsed = 0;
  /** Messages handled in the current event-loop turn ([L1]). */
  private turn = -1;
  private used = 0;
  /** Made on the first warning: most connections never have one. */
  private causes: CauseLog | undefined;

  constructor(
    private readonly ws: BoardSocket,
    readonly member: MemberRecord,
    readonly sessionId: string,
    private readonly deps: BoardDeps,
  ) {}

  get closing(): boolean {
    return this.ws.readyState !== WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    const { ws } = this;
    if (ws.readyState !== WebSocket.OPEN) return;
    // Counting the message itself: a board-sized sync reply to a client that does not read
    // would otherwise sit in memory whole, once per request ([4503], issue 10 item 9).
    if (ws.bufferedAmount + message.byteLength > this.deps.limiters.limits.sendBufferBytes) {
      this.close(CloseCode.SlowConsumer, 'client is not reading; reconnect to resync');
      return;
    }
    sendBinary(ws, message);
  }

  close(code: number, reason: string): void {
    const { ws } = this;
    if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CONNECTING) return;
    ws.close(code, closeReason(reason));
    this.deps.log.debug('closing board connection', {
      session: this.sessionId,
      member: this.member.id,
      code,
      reason,
    });
    // [R11] Leaving the room happens when the server decides to close, not when the client
    // finishes the handshake: a client that never answers gets nothing more from the room.
    this.leave();
  }

  /** Out of the room (once): on the server's decision to close, or when the socket closed. */
  leave(): void {
    if (this.left || !this.room) return;
    this.left = true;
    this.deps.rooms.leave(this.room, this);
  }

  /** The socket closed: forget it everywhere and write the counted repeats of its warnings. */
  closed(): void {
    this.deps.connections.remove(this.member.id, this);
    this.leave();
    this.causes?.done();
  }

  warn(msg: string, fields?: Record<string, unknown>): void {
    this.causes ??= oncePerCause(this.deps.log, {
      session: this.sessionId,
      member: this.member.id,
    });
    this.causes.warn(msg, fields);
  }

  /** One board message, with the budgets of [L1]. */
  receive(data: RawData): void {
    // [R11] Decided to close: not applied, not answered, not counted, not logged.
    if (this.closing || !this.room) return;
    const now = currentTurn();
    if (now !== this.turn) {
      this.turn = now;
      this.used = 0;
    }
    // Synchronous on purpose: the rate limiters answer through promises, which settle only after
    // `ws` has emitted every frame of the TCP read in hand.
    if (++this.used > this.deps.limiters.limits.messagesPerTick) {
      this.warn('rate limited', { cause: 'messages per turn' });
      this.close(CloseCode.RateLimited, '[L1] too many messages at once; reconnect in a moment');
      return;
    }
    // [L1] Budgets are checked alongside, not before, so honest traffic pays no extra latency;
    // the turn budget above bounds what gets through before a refusal lands.
    const { boardMember, boardSession } = this.deps.limiters;
    boardMember.consume(this.member.id).catch((err: unknown) => this.limited(err));
    boardSession.consume(this.sessionId).catch((err: unknown) => this.limited(err));
    this.onMessage(this.room, toBytes(data));
  }

  private limited(err: unknown): void {
    if (!isLimited(err)) return;
    this.warn('rate limited');
    this.close(CloseCode.RateLimited, '[L1] too many messages; reconnect in a moment');
  }

  /** Sync step 1 and awareness queries cost a reply the size of the room: budgeted apart. */
  private reply(build: () => Promise<Uint8Array | undefined>): void {
    const now = Date.now();
    if (now >= this.syncWindowEnds) {
      this.syncWindowEnds = now + SYNC_WINDOW_MS;
      this.syncUsed = 0;
    }
    if (++this.syncUsed > this.deps.limiters.limits.syncRequestsPerConnection) {
      this.warn('rate limited', { cause: 'sync requests' });
      this.close(CloseCode.RateLimited, '[L1] too many sync requests; reconnect in a moment');
      return;
    }
    Promise.resolve()
      .then(() => (this.closing ? undefined : build()))
      .then(
        (message) => {
          if (message && !this.closing) this.send(message);
        },
        () => this.close(CloseCode.BadMessage, '[R5] malformed state vector'),
      );
  }

  private onMessage(room: Room, data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.Sync: {
          const step = decoding.readVarUint(decoder);
          const payload = decoding.readVarUint8Array(decoder);
          switch (step) {
            case syncProtocol.messageYjsSyncStep1:
              this.reply(async () => {
                await room.settled();
                // Closed while the log caught up: no board-sized reply for a peer that is gone.
                return this.closing ? undefined : room.syncReply(payload);
              });
              return;
            case syncProtocol.messageYjsSyncStep2:
            case syncProtocol.messageYjsUpdate:
              room.receiveUpdate(this, payload);
              return;
            default:
              this.close(CloseCode.BadMessage, `[R5] unknown sync step ${step}`);
              return;
          }
        }
        case MessageType.Awareness:
          room.receiveAwareness(this, decoding.readVarUint8Array(decoder));
          return;
        case MessageType.QueryAwareness:
          this.reply(() => Promise.resolve(room.allAwareness()));
          return;
        default:
          this.close(CloseCode.BadMessage, `[R5] unknown message type ${type}`);
      }
    } catch {
      // lib0 throws on truncated varints and lengths past the end of the message.
      this.close(CloseCode.BadMessage, '[R5] malformed message');
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
