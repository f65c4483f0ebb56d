import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStorage } from '@trellis/server';
import { storageContract } from './contract';

storageContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-storage-'));
  const storage = openSqliteStorage(dir);
  const file = path.join(dir, 'trellis.sqlite');
  return {
    storage,
    files: [file, `${file}-wal`],
    async close() {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
