import WebSocket from 'ws';
import * as Y from 'yjs';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import {
  PROTOCOL_VERSION,
  cardsOf,
  type Ack,
  type ClientToServer,
  type ServerToClient,
} from '@trellis/shared';
import { nowMs } from '../util/clock';

/**
 * The control channel's options as the web client opens it (client/src/sync/connectBoard.ts):
 * keep the two in step, so the bench measures what phones do. `ackTimeout` is the client's
 * ACK_TIMEOUT_MS.
 */
export const WEB_CLIENT_IO: Partial<ManagerOptions & SocketOptions> = {
  ackTimeout: 8000,
  transports: ['websocket'],
};

/** What every screen of one load process received, both channels together. */
export interface Received {
  boardFrames: number;
  boardBytes: number;
  /** Engine.IO packets (events, acks, pings), each a WebSocket frame or part of a poll. */
  ioPackets: number;
}

// y-websocket's resync reads the global WebSocket (Node 22 has one, Node 20 does not), and each
// provider adds a process 'exit' listener: hundreds of phones in one process are expected here.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
process.setMaxListeners(0);

export const received: Received = { boardFrames: 0, boardBytes: 0, ioPackets: 0 };

/**
 * A `ws` client that counts what it receives and remembers when the last frame arrived. The
 * provider is handed this class as its WebSocket, as a browser's would be.
 */
function countingSocket(screen: { lastFrameAt: number }) {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { perMessageDeflate: false });
      // Registered before the provider's onmessage: the arrival time, not the time applied.
      this.on('message', (data: Buffer) => {
        screen.lastFrameAt = nowMs();
        received.boardFrames++;
        received.boardBytes += data.byteLength;
      });
    }
  };
}

export type Control = Socket<ServerToClient, ClientToServer>;

const NO_ANSWER = {
  ok: false,
  error: { code: 'no_answer', message: 'no answer within the ack timeout' },
} as const;

/** The server's answer, or none in time. */
export type Answer<T> = Ack<T> | typeof NO_ANSWER;

/**
 * One screen as the web client opens it: a stock y-websocket provider for the board (the
 * client's options: no BroadcastChannel, a resync every 20 s) and the Socket.IO control channel.
 * Counts the statement and commitment cards on its board as they arrive.
 */
export class Screen {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly socket: Control;
  /** When this screen's last board frame arrived (monotonic ms, see nowMs). */
  lastFrameAt = 0;
  statements = 0;
  /** Arrival of the frame that brought the latest statement. */
  lastStatementAt = 0;
  /** Commitment card id → arrival of the frame that brought it. */
  readonly commitmentsAt = new Map<string, number>();
  readonly ready: Promise<void>;

  constructor(httpBase: string, sessionId: string, token: string) {
    const wsBase = httpBase.replace(/^http/, 'ws');
    this.provider = new WebsocketProvider(`${wsBase}/yjs`, sessionId, this.doc, {
      params: { token },
      WebSocketPolyfill: countingSocket(this) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      resyncInterval: 20_000,
    });
    this.socket = io(httpBase, {
      ...WEB_CLIENT_IO,
      auth: { token, version: PROTOCOL_VERSION },
      forceNew: true,
    });
    this.socket.io.on('open', () =>
      this.socket.io.engine.on('packet', () => void received.ioPackets++),
    );
    cardsOf(this.doc).observe((event) => {
      for (const [id, change] of event.changes.keys) {
        if (change.action !== 'add') continue;
        const kind = cardsOf(this.doc).get(id)?.get('kind');
        if (kind === 'statement') {
          this.statements++;
          this.lastStatementAt = this.lastFrameAt;
        } else if (kind === 'commitment') this.commitmentsAt.set(id, this.lastFrameAt);
      }
    });
    const synced = new Promise<void>((resolve) => {
      if (this.provider.synced) resolve();
      else this.provider.once('sync', () => resolve());
    });
    const session = new Promise<void>((resolve, reject) => {
      this.socket.once('session', () => resolve());
      this.socket.once('connect_error', (err) => reject(err));
    });
    this.ready = Promise.all([synced, session]).then(() => undefined);
  }

  /**
   * A request with its ack, as the web client's `request()`: no answer within the ack timeout is
   * an answer too (`no_answer`), never a throw.
   */
  async request<T>(event: keyof ClientToServer, payload?: unknown): Promise<Answer<T>> {
    const emit = this.socket.emitWithAck as unknown as (...a: unknown[]) => Promise<Ack<T>>;
    const args: unknown[] = payload === undefined ? [event] : [event, payload];
    return emit.apply(this.socket, args).catch(() => NO_ANSWER);
  }

  close(): void {
    this.provider.destroy();
    this.socket.disconnect();
    this.doc.destroy();
  }
}
