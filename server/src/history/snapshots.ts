import type { Logger } from '../log';
import type { Room } from '../rooms/room';
import type { Snapshot } from '../storage/historyTypes';
import type { Storage } from '../storage/types';

/** While a session is active, an automatic snapshot at most this often. */
export const AUTO_SNAPSHOT_MS = 5 * 60_000;

/**
 * Named moments of a session ([Y1]): on every phase change, every few minutes while people are
 * writing, at the end, and when a facilitator asks. Each is a checkpoint in the log plus a label.
 */
export class Snapshots {
  private readonly lastAuto = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
  ) {}

  async take(room: Room, label: string, kind: Snapshot['kind']): Promise<Snapshot> {
    const seq = await room.checkpointNow();
    const snapshot: Snapshot = {
      sessionId: room.sessionId,
      seq,
      time: Date.now(),
      label: label.slice(0, 120),
      kind,
    };
    await this.storage.addSnapshot(snapshot);
    if (kind === 'auto') this.lastAuto.set(room.sessionId, snapshot.time);
    return snapshot;
  }

  /** Called after each durable batch: takes an automatic snapshot when one is due. */
  maybeAuto(room: Room, now: number): void {
    const last = this.lastAuto.get(room.sessionId);
    if (last === undefined) {
      this.lastAuto.set(room.sessionId, now);
      return;
    }
    if (now - last < AUTO_SNAPSHOT_MS) return;
    this.lastAuto.set(room.sessionId, now);
    this.take(room, new Date(now).toISOString().slice(11, 16), 'auto').catch((err: unknown) =>
      this.log.error('auto snapshot failed', { session: room.sessionId, err: String(err) }),
    );
  }
}
