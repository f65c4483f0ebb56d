import { defineConfig } from 'vitest/config';

/**
 * Browser tests that bound how long the page's tasks run with the CPU slowed 4× ([E169]–[E171]):
 * wall-clock bounds, so they run after everything else and one file at a time, with no other test
 * file's Chromium or server sharing the two cores with them.
 */
const TIMED = ['test/e2e/render600.test.ts', 'test/e2e/console600.test.ts'];

export default defineConfig({
  test: {
    // Each test file's temp folders (data dirs, spawned servers', Chromium's) go in one folder
    // of its own, removed when the file is done.
    setupFiles: ['test/setup/tempDir.ts'],
    // The run's PostgreSQL, started by the first file that asks for one (test/helpers/postgres.ts).
    globalSetup: ['test/setup/postgres.ts'],
    // expect.poll without a timeout of its own waits as long as eventually() does: Vitest's
    // default, 1 s, is short for a browser re-render on a loaded 2-core machine.
    expect: { poll: { timeout: 5000 } },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: [
            'shared/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'client/src/**/*.test.{ts,tsx}',
            'test/**/*.test.ts',
          ],
          exclude: TIMED,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timed',
          include: TIMED,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
