import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, type Presence } from '@trellis/shared';
import type { Logger } from '../log';
import type { ClientBinding, LogEntry, Storage } from '../storage/types';
import {
  decodeUpdate,
  defaultGuards,
  Locator,
  MalformedUpdate,
  newStructClients,
  type DecodedUpdate,
  type Guard,
} from './guards';
import { metaOf, readWorkshop, type WorkshopState } from '@trellis/shared';
import { sanitiseAwareness } from './awareness';
import {
  fanOut,
  presenceOf,
  savedClocks,
  SERVER_MEMBER,
  type Pending,
  type SavedClock,
} from './fanout';
import { LogFlusher, type FlushSource } from './flusher';
import { awarenessMessage, syncStep1Message, syncStep2Message } from './messages';
import type { Peer } from './peer';

/** Seams for what happens around the pipeline; the room itself knows no transport but `Peer`. */
export interface RoomHooks {
  guards?: readonly Guard[];
  onPersisted?(room: Room, saved: SavedClock[]): void;
  onPresence?(room: Room): void;
  onRejected?(room: Room, peer: Peer, rejection: Rejection): void;
  onDropped?(room: Room, peer: Peer, reason: string): void;
}

export interface Rejection {
  rule: string;
  reason: string;
}

export interface RoomOptions {
  checkpointEvery: number;
  /** Shared by every room of a process (one transaction per tick); a room alone gets its own. */
  flusher?: LogFlusher;
}

/**
 * One live session: the authoritative Y.Doc and the update pipeline
 * (decode → guard → apply → durable append → broadcast, PROTOCOL.md [D1]).
 *
 * Updates are applied at once (so the next update in the same tick is checked against the state
 * it builds on) but nothing leaves the room before the batch holding it is on disk: the flusher
 * broadcasts after `appendUpdates` resolves, and sync replies wait for the pipeline to settle.
 */
export { SERVER_MEMBER, type SavedClock };

export class Room implements FlushSource {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<Peer>();
  broken = false;

  private batch: Pending[] = [];
  private newBindings: ClientBinding[] = [];
  /** The batch handed to the flusher, until it is durable (or failed). */
  private inFlight: Pending[] = [];
  private current: Omit<Pending, 'update'> = { origin: null, memberId: null, clients: [] };
  /** The workshop state the guards check against, re-read whenever `meta` changes. */
  workshop: WorkshopState;
  private readonly flusher: LogFlusher;
  /** Checkpoint writes, in order; `settled` waits for them too. */
  private checkpoints: Promise<void> = Promise.resolve();
  /** Sequence number of the newest durable log entry of this session. */
  lastSeq = 0;
  private sinceCheckpoint = 0;

  private constructor(
    readonly sessionId: string,
    private readonly storage: Storage,
    private readonly bindings: Map<number, string>,
    /** Owners of cards whose entry the server wrote (revealed private cards). */
    private readonly owners: Map<string, string>,
    private readonly hooks: RoomHooks,
    private readonly options: RoomOptions,
    private readonly log: Logger,
  ) {
    this.flusher = options.flusher ?? new LogFlusher(storage, log);
    // The server holds no presence of its own.
    this.awareness.setLocalState(null);
    this.workshop = readWorkshop(this.doc);
  }

  static async load(
    sessionId: string,
    storage: Storage,
    hooks: RoomHooks,
    options: RoomOptions,
    log: Logger,
  ): Promise<Room> {
    const [state, bindings, owners] = await Promise.all([
      storage.loadState(sessionId),
      storage.clientBindings(sessionId),
      storage.cardOwners(sessionId),
    ]);
    const room = new Room(sessionId, storage, bindings, owners, hooks, options, log);
    room.doc.transact(() => {
      if (state.checkpoint) Y.applyUpdate(room.doc, state.checkpoint.state);
      for (const entry of state.tail) Y.applyUpdate(room.doc, entry.update);
    });
    room.lastSeq = state.tail.at(-1)?.seq ?? state.checkpoint?.seq ?? 0;
    room.sinceCheckpoint = state.tail.length;
    room.workshop = readWorkshop(room.doc);
    metaOf(room.doc).observe(() => (room.workshop = readWorkshop(room.doc)));
    room.doc.on('update', (update: Uint8Array) => room.enqueue(update));
    room.awareness.on('update', room.onAwarenessUpdate);
    return room;
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    // The state vector we announce doubles as "the server has these" for clients ([S4]), so it
    // must not count updates still on their way to disk.
    void this.settled().then(() => {
      if (this.peers.has(peer)) peer.send(syncStep1Message(this.doc));
    });
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(awarenessMessage(this.awareness, states));
    this.hooks.onPresence?.(this);
  }

  removePeer(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
    }
    this.hooks.onPresence?.(this);
  }

  /** A sync step 2 or update from a peer. Returns false when the peer was closed for it. */
  receiveUpdate(peer: Peer, update: Uint8Array): boolean {
    if (peer.closing) return false;
    let decoded: DecodedUpdate;
    try {
      decoded = decodeUpdate(update);
    } catch (err) {
      const reason = err instanceof MalformedUpdate ? err.message : 'malformed update';
      return this.reject(peer, { rule: 'R5', reason }, CloseCode.BadMessage);
    }
    const ctx = {
      doc: this.doc,
      peer,
      update: decoded,
      locator: new Locator(this.doc, decoded),
      bindings: this.bindings,
      owners: this.owners,
      workshop: this.workshop,
    };
    for (const guard of this.hooks.guards ?? defaultGuards) {
      const verdict = guard(ctx);
      if (verdict?.kind === 'reject') return this.reject(peer, verdict, CloseCode.Forbidden);
      if (verdict?.kind === 'drop') {
        this.log.debug('update dropped', {
          session: this.sessionId,
          member: peer.member.id,
          reason: verdict.reason,
        });
        this.hooks.onDropped?.(this, peer, verdict.reason);
        return true;
      }
    }
    const clients = newStructClients(ctx);
    this.current = { origin: peer, memberId: peer.member.id, clients };
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch {
      return this.reject(
        peer,
        { rule: 'R5', reason: 'update failed to apply' },
        CloseCode.BadMessage,
      );
    } finally {
      this.current = { origin: null, memberId: null, clients: [] };
    }
    for (const clientId of clients) {
      if (this.bindings.has(clientId)) continue;
      this.bindings.set(clientId, peer.member.id);
      this.newBindings.push({ sessionId: this.sessionId, clientId, memberId: peer.member.id });
    }
    if (this.newBindings.length > 0) this.flusher.request(this);
    return true;
  }

  /**
   * A change the server makes itself (a facilitator command, a reveal), attributed in the log to
   * `memberId`. It goes through the same log → broadcast pipeline as any peer's update.
   */
  transactAsServer(memberId: string | null, change: (doc: Y.Doc) => void): void {
    const owner = this.bindings.get(this.doc.clientID);
    if (owner !== undefined && owner !== SERVER_MEMBER) {
      // A member already writes with this clientID (a one-in-2^32 clash, or a forger's guess).
      this.doc.clientID = Math.floor(Math.random() * 2 ** 31);
    }
    this.current = { origin: null, memberId, clients: [] };
    try {
      this.doc.transact(() => change(this.doc), SERVER_MEMBER);
    } finally {
      this.current = { origin: null, memberId: null, clients: [] };
    }
    if (!this.bindings.has(this.doc.clientID)) {
      this.bindings.set(this.doc.clientID, SERVER_MEMBER);
      this.newBindings.push({
        sessionId: this.sessionId,
        clientId: this.doc.clientID,
        memberId: SERVER_MEMBER,
      });
      this.flusher.request(this);
    }
  }

  /** The member who owns a card: recorded owner, else the member bound to its creator. */
  ownerOfCard(cardId: string): string | undefined {
    const entry = this.doc.getMap('cards')._map.get(cardId);
    if (!entry || entry.deleted) return undefined;
    return this.owners.get(cardId) ?? this.bindings.get(entry.id.client);
  }

  /** Records who may edit a card the server wrote; the caller persists it first. */
  setOwner(cardId: string, memberId: string): void {
    this.owners.set(cardId, memberId);
  }

  receiveAwareness(peer: Peer, update: Uint8Array): boolean {
    if (peer.closing) return false;
    try {
      const clean = sanitiseAwareness(update, peer, (clientId) =>
        this.mayUseAwareness(peer, clientId),
      );
      if (clean) awarenessProtocol.applyAwarenessUpdate(this.awareness, clean, peer);
      return true;
    } catch {
      return this.reject(peer, { rule: 'R8', reason: 'malformed awareness' }, CloseCode.BadMessage);
    }
  }

  /** A clientID is this connection's if no other open connection announced it and the doc does
   * not bind it to another member ([A2]). */
  private mayUseAwareness(peer: Peer, clientId: number): boolean {
    const bound = this.bindings.get(clientId);
    if (bound !== undefined && bound !== peer.member.id) return false;
    for (const other of this.peers) {
      if (other !== peer && other.awarenessIds.has(clientId)) return false;
    }
    return true;
  }

  /** The reply to a peer's sync step 1, built only once everything applied so far is durable. */
  async syncReply(stateVector: Uint8Array): Promise<Uint8Array> {
    await this.settled();
    return syncStep2Message(this.doc, stateVector);
  }

  allAwareness(): Uint8Array {
    return awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]);
  }

  presence(): Presence {
    return presenceOf(this.peers);
  }

  /** Resolves when every applied update has been written and broadcast. */
  async settled(): Promise<void> {
    // Flush now rather than wait for the tick's flush (a sync reply should not wait a tick), and
    // at least once: a flush already taken from this room may still be on its way to disk.
    // Every pass takes this room's batch, so the loop cannot spin on an unchanged state.
    do {
      if (this.batch.length > 0 || this.newBindings.length > 0) this.flusher.request(this);
      await this.flusher.flush();
    } while (this.batch.length > 0 || this.newBindings.length > 0);
    await this.checkpoints;
  }

  /** Flushes, writes a final checkpoint when the log moved, and frees the document. */
  async shutdown(): Promise<void> {
    await this.settled();
    if (this.sinceCheckpoint > 0 && !this.broken) await this.checkpoint();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private enqueue(update: Uint8Array): void {
    this.batch.push({ update, ...this.current });
    this.flusher.request(this);
  }

  takePending(): { entries: LogEntry[]; bindings: ClientBinding[] } {
    const time = Date.now();
    this.inFlight = this.batch;
    const bindings = this.newBindings;
    this.batch = [];
    this.newBindings = [];
    const entries = this.inFlight.map((p) => ({
      sessionId: this.sessionId,
      time,
      memberId: p.memberId,
      update: p.update,
    }));
    return { entries, bindings };
  }

  durable(seqs: number[]): void {
    if (seqs.length > 0) this.lastSeq = seqs.at(-1)!;
    this.sinceCheckpoint += seqs.length;
    if (this.inFlight.length > 0) fanOut(this.peers, this.inFlight);
  }

  afterDurable(): void {
    const batch = this.inFlight;
    this.inFlight = [];
    if (this.hooks.onPersisted && batch.length > 0) {
      const saved = savedClocks(this.doc, batch);
      if (saved.length > 0) this.hooks.onPersisted(this, saved);
    }
    if (this.sinceCheckpoint >= this.options.checkpointEvery) {
      // The log has every entry; a failed checkpoint only makes the next load replay more.
      this.checkpoint().catch((err: unknown) =>
        this.log.error('checkpoint failed', { session: this.sessionId, err: String(err) }),
      );
    }
  }

  failed(err: unknown): void {
    this.inFlight = [];
    // What is not on disk must not be seen. Drop every connection: clients keep their edits and
    // resend them to a freshly loaded room when they reconnect.
    this.broken = true;
    this.log.error('durable append failed; closing room', {
      session: this.sessionId,
      err: String(err),
    });
    for (const peer of this.peers) peer.close(1011, 'storage unavailable');
  }

  /**
   * Flushes and writes a checkpoint at the newest log entry; returns its sequence number. A
   * snapshot is this checkpoint plus a label, so seeking to it applies nothing.
   */
  async checkpointNow(): Promise<number> {
    await this.settled();
    if (this.sinceCheckpoint > 0) await this.checkpoint();
    return this.lastSeq;
  }

  /** Captures the state now (it matches `lastSeq` only before the next update is applied). */
  private checkpoint(): Promise<void> {
    const seq = this.lastSeq;
    const counted = this.sinceCheckpoint;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.sinceCheckpoint = 0;
    const write = this.checkpoints.then(() =>
      this.storage.writeCheckpoint(this.sessionId, seq, Date.now(), state).catch((err: unknown) => {
        this.sinceCheckpoint += counted;
        throw err;
      }),
    );
    this.checkpoints = write.catch(() => undefined);
    return write;
  }

  private reject(peer: Peer, rejection: Rejection, code: number): false {
    this.log.warn('update rejected', {
      session: this.sessionId,
      member: peer.member.id,
      rule: rejection.rule,
      reason: rejection.reason,
    });
    this.hooks.onRejected?.(this, peer, rejection);
    peer.close(code, `[${rejection.rule}] ${rejection.reason}`);
    return false;
  }

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer =
      origin && typeof origin === 'object' && this.peers.has(origin as Peer)
        ? (origin as Peer)
        : undefined;
    if (peer) {
      for (const id of change.added) peer.awarenessIds.add(id);
      for (const id of change.removed) peer.awarenessIds.delete(id);
    }
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const message = awarenessMessage(this.awareness, changed);
    for (const p of this.peers) p.send(message);
  };
}
