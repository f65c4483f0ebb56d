import type { Presence } from '@trellis/shared';
import { CloseCode } from '@trellis/shared';
import { singleNode } from '../fleet/single';
import { Fenced, type Fleet } from '../fleet/types';
import type { Logger } from '../log';
import type { Storage } from '../storage/types';
import type { Peer } from './peer';
import { LogFlusher } from './flusher';
import { Room, type RoomHooks } from './room';

export interface RoomsOptions {
  graceMs: number;
  checkpointEvery: number;
  participantLogBytes: number;
  /** Which sessions this node may hold ([N1]); default: all of them (one process, SQLite). */
  fleet?: Fleet;
}

/**
 * Loads a session's room on its first connection and unloads it `graceMs` after the last one
 * leaves (a phone switching networks should not pay for a reload). A room being unloaded
 * finishes its final flush before the same session can be loaded again.
 */
export class Rooms {
  private readonly live = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Every room's tick of changes goes to the log in one transaction. */
  private readonly flusher: LogFlusher;
  private readonly hooks: RoomHooks;
  private readonly fleet: Fleet;

  /** `hooks` are called in order, like Hocuspocus' extensions; the last one with guards sets them. */
  constructor(
    private readonly storage: Storage,
    hooks: readonly RoomHooks[],
    private readonly options: RoomsOptions,
    private readonly log: Logger,
  ) {
    this.fleet = options.fleet ?? singleNode(storage);
    this.flusher = new LogFlusher(storage, log, this.fleet);
    this.hooks = combineHooks(hooks);
    this.fleet.onLost((sessionId) => void this.lost(sessionId));
  }

  /** A session taken by another node while loaded here: its clients go there ([N2]). */
  private async lost(sessionId: string): Promise<void> {
    const room = await this.live.get(sessionId)?.catch(() => undefined);
    if (!room) return;
    if (!room.broken) room.failed(new Fenced(sessionId));
    this.scheduleUnload(room);
  }

  async join(sessionId: string, peer: Peer): Promise<Room> {
    const room = await this.get(sessionId);
    clearTimeout(this.timers.get(sessionId));
    this.timers.delete(sessionId);
    room.addPeer(peer);
    return room;
  }

  /**
   * Runs `fn` on a session's room without joining it (a facilitator command may arrive while no
   * board connection is open); the room unloads after the grace period if nobody is connected.
   */
  async run<T>(sessionId: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.get(sessionId);
    clearTimeout(this.timers.get(sessionId));
    this.timers.delete(sessionId);
    try {
      return await fn(room);
    } finally {
      if (room.empty) this.scheduleUnload(room);
    }
  }

  /**
   * Runs `fn` with the session's room unloaded and new loads held back until it finishes: for
   * rewriting stored history (erasure) under no live document. Connected clients are closed with
   * 1012 (service restart) and reconnect to the rewritten board.
   */
  async exclusive<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const live = this.live.get(sessionId);
    if (live) {
      const room = await live;
      room.closeAll(CloseCode.ServiceRestart, 'the board is being updated; reconnecting');
      await this.unload(room, false);
    }
    await this.unloading.get(sessionId);
    // [N1] Held through the rewrite, so no other node loads the session halfway through it.
    const run = (async () => {
      await this.fleet.acquire(sessionId);
      try {
        return await fn();
      } finally {
        await this.fleet.release(sessionId).catch(() => undefined);
      }
    })();
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.unloading.set(sessionId, done);
    try {
      return await run;
    } finally {
      if (this.unloading.get(sessionId) === done) this.unloading.delete(sessionId);
    }
  }

  /** The loaded room of a session, if any (no load). */
  async loadedRoom(sessionId: string): Promise<Room | undefined> {
    return this.live.get(sessionId);
  }

  leave(room: Room, peer: Peer): void {
    room.removePeer(peer);
    this.scheduleUnload(room);
  }

  private scheduleUnload(room: Room): void {
    if (!room.empty && !room.broken) return;
    if (room.broken) {
      void this.unload(room);
      return;
    }
    clearTimeout(this.timers.get(room.sessionId));
    const timer = setTimeout(() => {
      this.timers.delete(room.sessionId);
      if (room.empty) void this.unload(room);
    }, this.options.graceMs);
    timer.unref();
    this.timers.set(room.sessionId, timer);
  }

  /** The live presence of a loaded session, or an empty one. */
  async presence(sessionId: string): Promise<Presence> {
    const room = this.live.get(sessionId);
    return room ? (await room).presence() : { members: [], participants: 0 };
  }

  loaded(): number {
    return this.live.size;
  }

  /** Flush and checkpoint every room; used on graceful shutdown. */
  async closeAll(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const rooms = await Promise.all(this.live.values());
    for (const room of rooms) room.closeAll(CloseCode.GoingAway, 'server shutting down');
    await Promise.all(rooms.map((room) => this.unload(room)));
    await Promise.all(this.unloading.values());
  }

  private get(sessionId: string): Promise<Room> {
    const existing = this.live.get(sessionId);
    if (existing) return existing;
    const loading = (async () => {
      await this.unloading.get(sessionId);
      // [N4] Taken before loading: whatever the last owner logged is in what load() reads.
      await this.fleet.acquire(sessionId);
      const { checkpointEvery, participantLogBytes } = this.options;
      const { flusher, fleet: checkpointStore } = this;
      const options = { checkpointEvery, participantLogBytes, flusher, checkpointStore };
      return Room.load(sessionId, this.storage, this.hooks, options, this.log).catch(
        async (err: unknown) => {
          await this.fleet.release(sessionId).catch(() => undefined);
          throw err;
        },
      );
    })();
    this.live.set(sessionId, loading);
    loading.catch(() => this.live.delete(sessionId));
    return loading;
  }

  /** `release`: give the lease back once flushed (not when the caller goes on holding it). */
  private async unload(room: Room, release = true): Promise<void> {
    const current = this.live.get(room.sessionId);
    if (current && (await current) === room) this.live.delete(room.sessionId);
    if (this.unloading.has(room.sessionId)) return this.unloading.get(room.sessionId);
    const done = room
      .shutdown()
      // [N3] Released once flushed and checkpointed, so another node may take it at once.
      .then(() => (release ? this.fleet.release(room.sessionId) : undefined))
      .catch((err: unknown) =>
        this.log.error('room unload failed', { session: room.sessionId, err: String(err) }),
      )
      .finally(() => this.unloading.delete(room.sessionId));
    this.unloading.set(room.sessionId, done);
    return done;
  }
}

function combineHooks(all: readonly RoomHooks[]): RoomHooks {
  const guards = all.findLast((h) => h.guards)?.guards;
  return {
    ...(guards && { guards }),
    onPersisted: (room, saved) => all.forEach((h) => h.onPersisted?.(room, saved)),
    onPresence: (room) => all.forEach((h) => h.onPresence?.(room)),
    onRejected: (room, peer, rejection) =>
      all.forEach((h) => h.onRejected?.(room, peer, rejection)),
    onDropped: (room, peer, reason) => all.forEach((h) => h.onDropped?.(room, peer, reason)),
  };
}
