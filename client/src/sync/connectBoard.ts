import * as decoding from 'lib0/decoding';
import { io } from 'socket.io-client';
import { IndexeddbPersistence } from 'y-indexeddb';
import { messageSync, WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, PROTOCOL_VERSION, Presence, Saved, SessionInfo } from '@trellis/shared';
import { touchLocalBoard } from '../lib/storage';
import { ACK_TIMEOUT_MS, type Control } from './request';

export type BoardStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * Why the board stopped for good; each maps to one message (`board.<reason>`). `removed`: the
 * facilitator removed this member ([J4]); `replaced`: the member opened the board once too often
 * and this, the oldest connection, was closed (4409, [L5]).
 */
export type CloseReason = 'badLink' | 'rejected' | 'ended' | 'removed' | 'replaced';

export interface BoardState {
  status: BoardStatus;
  /** The doc holds the server's state (at least once since this page loaded). */
  synced: boolean;
  /** Connected and synced on this connection: what is written now reaches the server at once. */
  live: boolean;
  everConnected: boolean;
  /** The browser says it has a network; a dead Wi-Fi often shows here before the socket notices. */
  online: boolean;
  session: SessionInfo | null;
  presence: Presence | null;
  /**
   * What the server holds durably, as a state vector (clientID → clock): its greeting on every
   * board connection, raised by `saved` events in between ([S4]).
   */
  saved: ReadonlyMap<number, number>;
  closeReason: CloseReason | null;
}

/** Before anything is known. */
export const IDLE_BOARD: BoardState = {
  status: 'connecting',
  synced: false,
  live: false,
  everConnected: false,
  online: true,
  session: null,
  presence: null,
  saved: new Map(),
  closeReason: null,
};

export interface BoardOptions {
  sessionId: string;
  token: string;
  /**
   * Keeps a copy of the board in IndexedDB under this name (phones): after a reload it shows at
   * once, before (or without) the server, and unsent changes are still there to sync back.
   */
  persistAs?: string;
}

const syncStep1 = 0;
/** RFC 6455 "message too big": resending the same update would only loop. */
const messageTooBig = 1009;
/**
 * A 4403 that says the facilitator removed this member: `[J4] …` when it happens, and the refusal
 * of the revoked token on a later connection.
 */
const REMOVED = /^\[J4\]|removed from this session/i;

/**
 * One live board: the Yjs doc over y-websocket plus the Socket.IO control channel. This is the
 * only module that opens sockets; screens read `getState()` and edit `doc` through shared's
 * accessors.
 */
export class BoardConnection {
  readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;
  private readonly local: IndexeddbPersistence | null;
  private readonly socket: Control;
  private readonly listeners = new Set<() => void>();
  private state: BoardState = { ...IDLE_BOARD, online: navigator.onLine };

  constructor({ sessionId, token, persistAs }: BoardOptions) {
    this.local = persistAs && 'indexedDB' in window ? this.openLocal(persistAs) : null;
    const wsOrigin = window.location.origin.replace(/^http/, 'ws');
    this.provider = new WebsocketProvider(`${wsOrigin}/yjs`, sessionId, this.doc, {
      params: { token },
      // Tabs of one browser may hold different roles for the same board (a facilitator testing
      // as a participant); sharing updates between them would make one send the other's writes.
      disableBc: true,
      // A periodic sync step 1 heals a missed update and keeps quiet boards from tripping
      // y-websocket's 30 s "no message received" watchdog.
      resyncInterval: 20_000,
    });
    this.peekGreeting();
    this.provider.on('status', ({ status }) => {
      this.set({
        status,
        everConnected: this.state.everConnected || status === 'connected',
        ...(status !== 'connected' && { live: false }),
      });
    });
    this.provider.on('sync', (synced) => {
      this.set({
        synced: this.state.synced || synced,
        live: synced && this.state.status === 'connected',
      });
    });
    this.provider.on('connection-close', (event) => {
      const reason = event ? this.reasonFor(event.code, event.reason) : null;
      // Deferred: the provider is still inside its close handler, and disconnect() re-enters it.
      if (reason) queueMicrotask(() => this.stop(reason));
    });

    // The token travels in the CONNECT packet's auth payload, never in a URL. WebSocket from the
    // start: the board needs one anyway, and HTTP long-polling first (then an upgrade) cost every
    // phone a handshake and the server a transport per connection.
    this.socket = io({
      auth: { token, version: PROTOCOL_VERSION },
      // PROTOCOL [N5]: lets a node that does not hold the session forward the connection.
      query: { session: sessionId },
      ackTimeout: ACK_TIMEOUT_MS,
      transports: ['websocket'],
    });
    this.socket.on('session', (raw) => {
      const parsed = SessionInfo.safeParse(raw);
      if (!parsed.success) return;
      this.set({ session: parsed.data });
      if (parsed.data.ended) this.stop('ended');
    });
    this.socket.on('connect_error', (error) => {
      // PROTOCOL [S1]: an ended session fails the handshake with `gone`; bad tokens also fail
      // the board socket with 4401, which explains them better. [J4]: a removed member's token
      // is `forbidden` from then on (a phone that was away when it happened learns it here).
      if (error.message === 'gone') this.stop('ended');
      if (error.message === 'forbidden') this.stop('removed');
    });
    this.socket.on('presence', (raw) => {
      const parsed = Presence.safeParse(raw);
      if (parsed.success) this.set({ presence: parsed.data });
    });
    this.socket.on('saved', (raw) => {
      const parsed = Saved.safeParse(raw);
      if (parsed.success) this.noteSaved(new Map([[parsed.data.clientId, parsed.data.clock]]));
    });

    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
  }

  /** Who else is on the board and what they are doing now (a facilitator's drag), not logged. */
  get awareness(): WebsocketProvider['awareness'] {
    return this.provider.awareness;
  }

  /** The control channel, for the workshop features (sync/workshop.ts). */
  get control(): Control {
    return this.socket;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): BoardState => this.state;

  /** The server's durable clock for a Yjs clientID, as this page last heard it. */
  savedClock(client: number): number {
    return this.state.saved.get(client) ?? 0;
  }

  /**
   * Reopens the board connection while it looks healthy: the server greets every connection with
   * what it holds and asks for what it lacks, so this both says which changes are stored (when
   * `saved` events were lost with the control channel) and resends what a dying socket swallowed.
   */
  refresh(): void {
    if (this.state.closeReason || this.state.status !== 'connected') return;
    this.provider.disconnect();
    this.provider.connect();
  }

  destroy(): void {
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
    this.provider.destroy();
    this.socket.disconnect();
    void this.local?.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private reasonFor(code: number, reason: string): CloseReason | null {
    switch (code) {
      case CloseCode.Unauthorized:
      case CloseCode.UnknownSession:
        return 'badLink';
      case CloseCode.Forbidden:
        if (REMOVED.test(reason)) return 'removed';
        // Refused before the first sync: the token belongs elsewhere. After: a write was refused.
        return this.state.synced ? 'rejected' : 'badLink';
      case CloseCode.Replaced:
        return 'replaced';
      case CloseCode.SessionEnded:
        return 'ended';
      case CloseCode.BadMessage:
      case CloseCode.TooLarge:
      case messageTooBig:
        return 'rejected';
      default:
        return null;
    }
  }

  /** Reconnecting cannot fix these, and retrying a refused write would only be refused again. */
  private stop(reason: CloseReason): void {
    this.provider.disconnect();
    this.socket.disconnect();
    // A copy the server refuses (a removed member, a write it will never take) would be refused
    // again after every reload; an ended board is still worth reading offline, and a board
    // replaced by another tab shares this copy with that tab.
    if (reason !== 'ended' && reason !== 'replaced') void this.local?.clearData();
    if (this.state.closeReason === null) this.set({ closeReason: reason });
  }

  private openLocal(name: string): IndexeddbPersistence | null {
    try {
      for (const stale of touchLocalBoard(name)) {
        // Best effort: a delete blocked by another open tab simply waits for the next visit.
        window.indexedDB.deleteDatabase(stale);
      }
      const local = new IndexeddbPersistence(name, this.doc);
      // Private mode or a full disk: the board still works, it just is not kept.
      local.whenSynced.catch(() => undefined);
      return local;
    } catch {
      return null;
    }
  }

  private onNetwork = (): void => {
    this.set({ online: navigator.onLine });
  };

  /**
   * Clocks only rise: a greeting may arrive after a `saved` event that was sent later, on the
   * other channel.
   */
  private noteSaved(vector: ReadonlyMap<number, number>): void {
    let saved: Map<number, number> | undefined;
    for (const [client, clock] of vector) {
      if (clock <= this.savedClock(client)) continue;
      saved ??= new Map(this.state.saved);
      saved.set(client, clock);
    }
    if (saved) this.set({ saved });
  }

  /**
   * The server answers every (re)connection with sync step 1, carrying its state vector. Its doc
   * only holds what is already on disk (PROTOCOL "update pipeline"), so that vector is what it
   * has saved, whatever `saved` events were lost meanwhile (Socket.IO down, page reloaded).
   */
  private peekGreeting(): void {
    const handlers = this.provider.messageHandlers;
    const original = handlers[messageSync];
    if (!original) return;
    handlers[messageSync] = (encoder, decoder, provider, emitSynced, messageType) => {
      try {
        const peek = decoding.clone(decoder);
        if (decoding.readVarUint(peek) === syncStep1) {
          this.noteSaved(Y.decodeStateVector(decoding.readVarUint8Array(peek)));
        }
      } catch {
        // A malformed message is the real handler's to reject; peeking must never break sync.
      }
      // The server's changes are applied with the provider as origin, which its own 'update'
      // handler skips: detached meanwhile, it does not make Yjs encode each of them again for
      // nobody (views listen with onDocChange; a phone's IndexedDB copy still gets them).
      this.doc.off('update', this.provider._updateHandler);
      try {
        original(encoder, decoder, provider, emitSynced, messageType);
      } finally {
        this.doc.on('update', this.provider._updateHandler);
      }
    };
  }

  private set(patch: Partial<BoardState>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((listener) => listener());
  }
}

export function connectBoard(options: BoardOptions): BoardConnection {
  return new BoardConnection(options);
}
