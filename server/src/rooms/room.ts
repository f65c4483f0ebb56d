import * as Y from 'yjs';
import { CloseCode, Limits, type Presence } from '@trellis/shared';
import { Fenced } from '../fleet/types';
import type { Logger } from '../log';
import type { ClientBinding, LogEntry, Storage, TableWrite } from '../storage/types';
import {
  decodeUpdate,
  defaultGuards,
  Locator,
  MalformedUpdate,
  newStructClients,
  type DecodedUpdate,
  type Guard,
} from './guards';
import { metaOf, readWorkshop, resultsOf, type WorkshopState } from '@trellis/shared';
import { AwarenessRelay } from './awarenessRelay';
import { fanOut, presenceOf, savedClocks, type Pending, type SavedClock } from './fanout';
import { Batch } from './batch';
import { Checkpoints } from './checkpoints';
import { LogFlusher, type FlushSource } from './flusher';
import { syncStep1Message, syncStep2Message } from './messages';
import { keepOwnersAcrossRewrites, Ownership, SERVER_MEMBER } from './ownership';
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
  /** Bytes one participant's changes may add to the log ([G12]); default `Limits`. */
  participantLogBytes?: number;
  /** Shared by every room of a process (one transaction per tick); a room alone gets its own. */
  flusher?: LogFlusher;
  /** Where checkpoints go: fenced like the log when several nodes share it ([N2]); else storage. */
  checkpointStore?: Pick<Storage, 'writeCheckpoint'>;
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

/** What a server-made change carries besides the document change itself. */
export interface ServerChange {
  /** Workshop-table writes committed in the same transaction as the change ([D5]). */
  writes?: TableWrite[];
  /** The member whose [G12] byte budget the change spends (anonymous cards: their author). */
  chargeTo?: string;
}

export class Room implements FlushSource {
  readonly doc = new Y.Doc({ gc: true });
  /** Only the room closes its connections (`closeMember`, `closeAll`): it knows when one leaves. */
  private readonly peers = new Set<Peer>();
  readonly ownership: Ownership;
  private readonly relay: AwarenessRelay;
  broken = false;

  private readonly batch: Batch;
  /** The batch handed to the flusher, until it is durable (or failed). */
  private inFlight: Pending[] = [];
  /** The workshop state the guards check against, re-read whenever `meta` or `results` change. */
  workshop: WorkshopState;
  private readonly flusher: LogFlusher;
  private readonly checkpoints: Checkpoints;
  /** Bytes one participant's changes may add to the log ([G12]). */
  private readonly budget: number;

  private constructor(
    readonly sessionId: string,
    storage: Storage,
    ownership: Ownership,
    spent: Map<string, number>,
    private readonly hooks: RoomHooks,
    options: RoomOptions,
    private readonly log: Logger,
    loaded: { lastSeq: number; tail: number },
  ) {
    this.flusher = options.flusher ?? new LogFlusher(storage, log);
    this.budget = options.participantLogBytes ?? Limits.logBytesPerParticipant;
    const store = options.checkpointStore ?? storage;
    this.checkpoints = new Checkpoints(sessionId, store, options.checkpointEvery, loaded);
    this.ownership = ownership;
    this.batch = new Batch(spent);
    this.relay = new AwarenessRelay(this.doc, this.peers, ownership);
    this.workshop = readWorkshop(this.doc);
  }

  static async load(
    sessionId: string,
    storage: Storage,
    hooks: RoomHooks,
    options: RoomOptions,
    log: Logger,
  ): Promise<Room> {
    const [state, bindings, owners, spent] = await Promise.all([
      storage.loadState(sessionId),
      storage.clientBindings(sessionId),
      storage.cardOwners(sessionId),
      storage.logBytesByMember(sessionId),
    ]);
    const ownership = new Ownership(bindings, owners);
    const loaded = {
      lastSeq: state.tail.at(-1)?.seq ?? state.checkpoint?.seq ?? 0,
      tail: state.tail.length,
    };
    const room = new Room(sessionId, storage, ownership, spent, hooks, options, log, loaded);
    room.doc.transact(() => {
      if (state.checkpoint) Y.applyUpdate(room.doc, state.checkpoint.state);
      for (const entry of state.tail) Y.applyUpdate(room.doc, entry.update);
    });
    // [P2] Seeds written before seeds were bound: only the server ever wrote unbound.
    for (const client of ownership.unbound(room.doc)) room.bind(client, SERVER_MEMBER);
    room.workshop = readWorkshop(room.doc);
    const refresh = (): void => void (room.workshop = readWorkshop(room.doc));
    metaOf(room.doc).observe(refresh);
    resultsOf(room.doc).observe(refresh);
    room.doc.on('update', (update: Uint8Array) => room.enqueue(update));
    keepOwnersAcrossRewrites(sessionId, room.doc, ownership, (writes) => room.record(writes));
    return room;
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    // The state vector we announce doubles as "the server has these" for clients ([S4]), so it
    // must not count updates still on their way to disk.
    void this.settled().then(() => {
      if (this.peers.has(peer)) peer.send(syncStep1Message(this.doc));
    });
    const states = this.relay.all();
    if (states) peer.send(states);
    this.hooks.onPresence?.(this);
  }

  removePeer(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.relay.forget(peer);
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
      ownership: this.ownership,
      workshop: this.workshop,
      budget: { spent: this.batch.spentBy(peer.member.id), limit: this.budget },
    };
    for (const guard of this.hooks.guards ?? defaultGuards) {
      const verdict = guard(ctx);
      if (verdict?.kind === 'reject') {
        return this.reject(peer, verdict, verdict.code ?? CloseCode.Forbidden);
      }
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
    const memberId = peer.member.id;
    try {
      this.batch.as({ origin: peer, memberId, clients, chargeTo: memberId }, () =>
        Y.applyUpdate(this.doc, update, peer),
      );
    } catch {
      return this.reject(
        peer,
        { rule: 'R5', reason: 'update failed to apply' },
        CloseCode.BadMessage,
      );
    }
    for (const clientId of clients) this.bind(clientId, memberId);
    return true;
  }

  private bind(clientId: number, memberId: string): void {
    const binding = this.ownership.bind(this.sessionId, clientId, memberId);
    if (!binding) return;
    this.batch.bind(binding);
    this.flusher.request(this);
  }

  /**
   * A change the server makes itself (a facilitator command, a reveal), attributed in the log to
   * `memberId`. It goes through the same log → broadcast pipeline as any peer's update.
   */
  transactAsServer(
    memberId: string | null,
    change: (doc: Y.Doc) => void,
    { writes = [], chargeTo }: ServerChange = {},
  ): void {
    const owner = this.ownership.bindingOf(this.doc.clientID);
    if (owner !== undefined && owner !== SERVER_MEMBER) {
      // A member already writes with this clientID (a one-in-2^32 clash, or a forger's guess).
      this.doc.clientID = Math.floor(Math.random() * 2 ** 31);
    }
    // Bound before anything is applied, so no member can claim the clientID in between.
    this.bind(this.doc.clientID, SERVER_MEMBER);
    const author = { origin: null, memberId, clients: [], chargeTo: chargeTo ?? memberId };
    this.batch.as(author, () => this.doc.transact(() => change(this.doc), SERVER_MEMBER));
    this.record(writes);
  }

  /** Workshop-table writes for the next durable batch, with no document change of their own. */
  record(writes: TableWrite[]): void {
    if (writes.length === 0) return;
    this.batch.record(writes);
    this.flusher.request(this);
  }

  /** The member who owns a live card: recorded owner, else the member bound to its creator. */
  ownerOfCard(cardId: string): string | undefined {
    return this.ownership.ownerOfCard(this.doc, cardId);
  }

  receiveAwareness(peer: Peer, update: Uint8Array): boolean {
    if (peer.closing) return false;
    try {
      this.relay.receive(peer, update);
      return true;
    } catch {
      return this.reject(peer, { rule: 'R8', reason: 'malformed awareness' }, CloseCode.BadMessage);
    }
  }

  /**
   * The reply to a peer's sync step 1, built only once everything applied so far is durable. A
   * newcomer (empty state vector) gets the whole board: built once per state of the board and
   * shared, so a room of 300 joining at once, or 20 connections that never read, hold one copy
   * of it, not one each ([L6]).
   */
  async syncReply(stateVector: Uint8Array): Promise<Uint8Array> {
    await this.settled();
    const newcomer = stateVector.length === 1 && stateVector[0] === 0;
    if (!newcomer) return syncStep2Message(this.doc, stateVector);
    this.wholeBoard ??= syncStep2Message(this.doc, stateVector);
    return this.wholeBoard;
  }

  /** The whole board as a sync reply, until the board changes. */
  private wholeBoard: Uint8Array | undefined;

  /** Every known awareness state, for a query (an empty awareness message when none). */
  allAwareness(): Uint8Array {
    return this.relay.all() ?? this.emptyAwareness();
  }

  private emptyAwareness(): Uint8Array {
    return Uint8Array.of(1, 1, 0);
  }

  presence(): Presence {
    return presenceOf(this.peers);
  }

  /** No board connection is open (the room may unload). */
  get empty(): boolean {
    return this.peers.size === 0;
  }

  /** Closes every board connection of one member (removal, [J4]). */
  closeMember(memberId: string, code: CloseCode, reason: string): void {
    for (const peer of this.peers) if (peer.member.id === memberId) peer.close(code, reason);
  }

  /** Closes every board connection (shutdown, session end, a rewrite of its history). */
  closeAll(code: CloseCode, reason: string): void {
    for (const peer of this.peers) peer.close(code, reason);
  }

  /** Resolves when every applied update has been written and broadcast. */
  async settled(): Promise<void> {
    // Flush now rather than wait for the tick's flush (a sync reply should not wait a tick), and
    // at least once: a flush already taken from this room may still be on its way to disk.
    // Every pass takes this room's batch, so the loop cannot spin on an unchanged state.
    do {
      if (!this.batch.empty) this.flusher.request(this);
      await this.flusher.flush();
    } while (!this.batch.empty);
    await this.checkpoints.settled();
  }

  /** Flushes, writes a final checkpoint when the log moved, and frees the document. */
  async shutdown(): Promise<void> {
    // Rooms may ask twice (a grace timer firing after an exclusive unload): the first one counts.
    this.shutting ??= this.close();
    return this.shutting;
  }

  private shutting: Promise<void> | undefined;

  private async close(): Promise<void> {
    await this.settled();
    if (this.checkpoints.behind && !this.broken) await this.checkpoints.write(this.doc);
    this.relay.destroy();
    this.doc.destroy();
  }

  private enqueue(update: Uint8Array): void {
    this.wholeBoard = undefined;
    this.batch.add(update);
    this.flusher.request(this);
  }

  takePending(): { entries: LogEntry[]; bindings: ClientBinding[]; writes: TableWrite[] } {
    const { taken, ...rest } = this.batch.take(this.sessionId, Date.now());
    this.inFlight = taken;
    return rest;
  }

  durable(seqs: number[]): void {
    this.checkpoints.logged(seqs);
    if (this.inFlight.length > 0) fanOut(this.peers, this.inFlight);
  }

  afterDurable(): void {
    const batch = this.inFlight;
    this.inFlight = [];
    if (this.hooks.onPersisted && batch.length > 0) {
      const saved = savedClocks(this.doc, batch);
      if (saved.length > 0) this.hooks.onPersisted(this, saved);
    }
    if (this.checkpoints.due) {
      // The log has every entry; a failed checkpoint only makes the next load replay more.
      this.checkpoints
        .write(this.doc)
        .catch((err: unknown) =>
          this.log.error('checkpoint failed', { session: this.sessionId, err: String(err) }),
        );
    }
  }

  failed(err: unknown): void {
    this.inFlight = [];
    // What is not on disk must not be seen. Drop every connection: clients keep their edits and
    // resend them to a freshly loaded room when they reconnect.
    this.broken = true;
    // [N2] Fenced: another node holds the session now, and the clients reconnect to it.
    const fenced = err instanceof Fenced;
    const session = this.sessionId;
    this.log[fenced ? 'warn' : 'error']('append failed; closing room', {
      session,
      err: String(err),
    });
    if (fenced) this.closeAll(CloseCode.ServiceRestart, 'the session moved; reconnecting');
    else this.closeAll(CloseCode.InternalError, 'storage unavailable');
  }

  /**
   * Flushes and writes a checkpoint at the newest log entry; returns its sequence number. A
   * snapshot is this checkpoint plus a label, so seeking to it applies nothing.
   */
  async checkpointNow(): Promise<number> {
    await this.settled();
    if (this.checkpoints.behind) await this.checkpoints.write(this.doc);
    return this.checkpoints.lastSeq;
  }

  /** Sequence number of the newest durable log entry of this session. */
  get lastSeq(): number {
    return this.checkpoints.lastSeq;
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
}
