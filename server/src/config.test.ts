import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('config', () => {
  it('has the documented defaults and resolves DATA_DIR from where npm was run', () => {
    const c = loadConfig({ INIT_CWD: '/srv/trellis' });
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      production: false,
      maxMessageBytes: 1048576,
    });
    expect(c.dataDir).toBe(path.resolve('/srv/trellis/data'));
  });

  it('rejects bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ORGANISER_KEY: 'short' })).toThrow(/ORGANISER_KEY/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/trellis' })).toThrow(/DATABASE_URL/);
  });

  it('keeps everything in SQLite under DATA_DIR unless DATABASE_URL names a PostgreSQL', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    const url = 'postgres://trellis:secret@db.example:5432/trellis';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });
});
