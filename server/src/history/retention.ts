import type { Logger } from '../log';
import type { Rooms } from '../rooms/rooms';
import type { Storage } from '../storage/types';
import { scrubUpdate } from './anonymise';

/**
 * Data protection ([Y6], [Y7]): sessions are purged when their retention runs out, and an
 * organiser can erase one participant's name and attribution from all of history.
 */
export class Retention {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: Rooms,
    private readonly defaultDays: number,
    private readonly log: Logger,
  ) {}

  /** Purges expired sessions; on several nodes, only one purges at a time (the others skip). */
  async purgeExpired(now = Date.now()): Promise<string[]> {
    const ids = await this.storage.onOneNode('retention purge', async () => {
      const expired = await this.storage.expiredSessions(now, this.defaultDays);
      for (const id of expired) {
        await this.rooms.exclusive(id, () => this.storage.purgeSessions([id]));
      }
      return expired;
    });
    if (ids?.length) this.log.info('sessions purged after their retention', { count: ids.length });
    return ids ?? [];
  }

  /**
   * Erases a member from her session and from every follow-up down the series: a follow-up's
   * board holds copies of her commitments (`authorId` hers) and its log her status updates.
   */
  async eraseMember(sessionId: string, memberId: string): Promise<number> {
    const series = await this.series(sessionId);
    const rewritten = await this.exclusive(series, () =>
      this.storage.eraseMember(series, memberId, (bytes) => scrubUpdate(bytes, memberId)),
    );
    this.log.info('participant erased', { session: sessionId, sessions: series.length, rewritten });
    return rewritten;
  }

  /** A session and its follow-ups, follow-ups of follow-ups and so on, in that order. */
  private async series(sessionId: string): Promise<string[]> {
    const seen = [sessionId];
    for (let i = 0; i < seen.length; i++) {
      for (const next of await this.storage.followUpsOf(seen[i]!)) {
        if (!seen.includes(next.id)) seen.push(next.id);
      }
    }
    return seen;
  }

  /** Runs `fn` with every one of these sessions unloaded and held back (rewriting their logs). */
  private exclusive<T>(sessionIds: readonly string[], fn: () => Promise<T>): Promise<T> {
    const [first, ...rest] = sessionIds;
    if (first === undefined) return fn();
    return this.rooms.exclusive(first, () => this.exclusive(rest, fn));
  }
}
