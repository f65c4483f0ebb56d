import type { Logger } from '../log';
import type { PostgresStorage } from '../storage/postgres/index';
import {
  checkpointFenced,
  leaseHolder,
  releaseLeases,
  renewLeases,
  takeLease,
} from '../storage/postgres/heads';
import type { ClientBinding, LogEntry, TableWrite } from '../storage/types';
import { NotOwner, type AppendResult, type Fleet, type Lost } from './types';

export interface LeaseOptions {
  /** This process' id in session_heads.owner: unique per start, so a restart holds nothing. */
  nodeId: string;
  /** How long a lease lasts unrenewed: how long a dead node's sessions wait for a new owner. */
  leaseMs: number;
}

/**
 * Session ownership on PostgreSQL ([N1]–[N4]): a lease per session in session_heads, taken with a
 * new epoch, renewed for every held session in one statement every third of the lease, and
 * checked by every append in the statement that writes (so a node that was paused past its lease
 * writes nothing once another node has taken the session, whatever its own clock says).
 */
export class LeaseFleet implements Fleet {
  readonly shared = true;
  /** Held sessions and the epoch this node took each at. */
  private readonly held = new Map<string, number>();
  private readonly listeners: ((sessionId: string, why: Lost) => void)[] = [];
  private readonly timer: NodeJS.Timeout;
  private url = '';
  private renewing = false;

  constructor(
    private readonly storage: PostgresStorage,
    private readonly options: LeaseOptions,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(1, Math.floor(options.leaseMs / 3)));
    this.timer.unref();
  }

  advertise(url: string): void {
    this.url = url;
  }

  async acquire(sessionId: string): Promise<void> {
    const node = { id: this.options.nodeId, url: this.url };
    const epoch = await takeLease(this.storage.pool, sessionId, node, this.options.leaseMs);
    if (epoch === undefined) {
      const holder = await leaseHolder(this.storage.pool, sessionId);
      // Connections here that expected to find the session here (Socket.IO opened while nobody
      // held it) go where it is now.
      for (const listener of this.listeners) listener(sessionId, 'elsewhere');
      throw new NotOwner(sessionId, holder.ownerUrl);
    }
    this.held.set(sessionId, epoch);
    this.log.debug('lease taken', { session: sessionId, epoch });
  }

  async release(sessionId: string): Promise<void> {
    if (!this.held.delete(sessionId)) return;
    await releaseLeases(this.storage.pool, this.options.nodeId, [sessionId]);
  }

  async ownerElsewhere(sessionId: string): Promise<string | undefined> {
    // The owner answers its own sessions without a query.
    if (this.held.has(sessionId)) return undefined;
    const holder = await leaseHolder(this.storage.pool, sessionId);
    if (holder.owner === null || holder.owner === this.options.nodeId) return undefined;
    return holder.ownerUrl ?? undefined;
  }

  onLost(listener: (sessionId: string, why: Lost) => void): void {
    this.listeners.push(listener);
  }

  async append(
    entries: LogEntry[],
    bindings: ClientBinding[],
    writes: TableWrite[],
  ): Promise<AppendResult> {
    // A session this node does not hold (lost meanwhile) goes in with an epoch no head has.
    const epochs = new Map<string, number>();
    for (const { sessionId } of [...entries, ...bindings, ...writes]) {
      if (!epochs.has(sessionId)) epochs.set(sessionId, this.held.get(sessionId) ?? -1);
    }
    const result = await this.storage.appendFenced(
      this.options.nodeId,
      epochs,
      entries,
      bindings,
      writes,
    );
    for (const sessionId of result.fenced) this.lose(sessionId, epochs.get(sessionId)!, 'fenced');
    return result;
  }

  async writeCheckpoint(
    sessionId: string,
    seq: number,
    time: number,
    state: Uint8Array,
  ): Promise<void> {
    const epoch = this.held.get(sessionId) ?? -1;
    const checkpoint = { sessionId, seq, time, state };
    const written = await checkpointFenced(
      this.storage.pool,
      this.options.nodeId,
      epoch,
      checkpoint,
    );
    // A late checkpoint of a session taken meanwhile could hold changes the log never got.
    if (!written) this.log.info('checkpoint fenced', { session: sessionId, seq });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const ids = [...this.held.keys()];
    this.held.clear();
    await releaseLeases(this.storage.pool, this.options.nodeId, ids);
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0 || this.renewing) return;
    this.renewing = true;
    const asked = new Map(this.held);
    try {
      const kept = await renewLeases(
        this.storage.pool,
        this.options.nodeId,
        asked,
        this.options.leaseMs,
      );
      for (const [sessionId, epoch] of asked) {
        if (!kept.has(sessionId)) this.lose(sessionId, epoch, 'taken');
      }
    } catch (err) {
      // Appends check the lease themselves; a missed renewal only shortens what is left of it.
      this.log.warn('lease renewal failed', { err: String(err) });
    } finally {
      this.renewing = false;
    }
  }

  /** Forgets a session lost at `epoch` (not one released, or taken again since). */
  private lose(sessionId: string, epoch: number, why: string): void {
    if (this.held.get(sessionId) !== epoch) return;
    this.held.delete(sessionId);
    this.log.warn('lease lost', { session: sessionId, epoch, why });
    for (const listener of this.listeners) listener(sessionId, 'lost');
  }
}
