import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'client/src/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
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
  },
});
