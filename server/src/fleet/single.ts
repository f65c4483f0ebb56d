import type { Storage } from '../storage/types';
import type { AppendResult, Fleet } from './types';

const NONE: ReadonlySet<string> = new Set();

/** storage.appendUpdates as an Appender: nothing is ever fenced. */
export const unfenced = (storage: Pick<Storage, 'appendUpdates'>) => ({
  async append(...args: Parameters<Storage['appendUpdates']>): Promise<AppendResult> {
    return { seqs: await storage.appendUpdates(...args), fenced: NONE };
  },
});

/** One process owns every session (SQLite): no leases, nothing to fence. */
export function singleNode(storage: Pick<Storage, 'appendUpdates' | 'writeCheckpoint'>): Fleet {
  return {
    ...unfenced(storage),
    writeCheckpoint: (...args) => storage.writeCheckpoint(...args),
    shared: false,
    acquire: () => Promise.resolve(),
    release: () => Promise.resolve(),
    ownerElsewhere: () => Promise.resolve(undefined),
    onLost: () => undefined,
    advertise: () => undefined,
    close: () => Promise.resolve(),
  };
}
