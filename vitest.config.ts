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
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
