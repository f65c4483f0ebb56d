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

  async purgeExpired(now = Date.now()): Promise<string[]> {
    const ids = await this.storage.expiredSessions(now, this.defaultDays);
    for (const id of ids) await this.rooms.exclusive(id, () => this.storage.purgeSessions([id]));
    if (ids.length > 0)
      this.log.info('sessions purged after their retention', { count: ids.length });
    return ids;
  }

  async eraseMember(sessionId: string, memberId: string): Promise<number> {
    const rewritten = await this.rooms.exclusive(sessionId, () =>
      this.storage.eraseMember(sessionId, memberId, (bytes) => scrubUpdate(bytes, memberId)),
    );
    this.log.info('participant erased', { session: sessionId, rewritten });
    return rewritten;
  }
}
