import { describe } from 'vitest';
import { dataProtectionContract } from './contract/dataProtection';
import type { OpenStorage } from './contract/fixtures';
import { logContract } from './contract/log';
import { sessionsContract } from './contract/sessions';
import { workshopContract } from './contract/workshop';

export type { OpenStorage, StorageFixture } from './contract/fixtures';

/**
 * What every `Storage` must do, whatever keeps the bytes: run it against each implementation
 * (`test/storage/sqlite.test.ts`). `open` gives each test a storage of its own; tests use ids of
 * their own, so `open` may hand them all one database. It relies only on the `Storage` interface,
 * on NOT NULL for a log entry's data and a card owner's member (to make a batch fail), and on
 * `files`, when given, to read what is left on disk after erasure and purge.
 */
export function storageContract(name: string, open: OpenStorage): void {
  describe(`Storage contract: ${name}`, () => {
    logContract(open);
    sessionsContract(open);
    workshopContract(open);
    dataProtectionContract(open);
  });
}
