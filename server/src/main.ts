import { loadConfig } from './config';
import { createApp } from './app';
import { announceOrganiserKey } from './auth/organiserKey';
import { openPostgresDeps } from './storage/postgres/backend';

const config = loadConfig();
// DATABASE_URL: sessions, rate limits and the organiser key in PostgreSQL, shared by every node.
const shared =
  config.databaseUrl === undefined
    ? {}
    : await openPostgresDeps(config.databaseUrl, config.organiserKey, announceOrganiserKey);
const app = createApp({ config, ...shared });

app.server.listen(config.port, config.host, () => {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  app.log.info('trellis listening', {
    url: `http://${shown}:${port}`,
    port,
    // Never the URL itself: it carries the database password.
    storage: config.databaseUrl === undefined ? 'sqlite' : 'postgresql',
    dataDir: config.dataDir,
  });
});

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  app.log.info('shutting down', { signal });
  app.close().then(
    () => process.exit(0),
    (err: unknown) => {
      app.log.error('shutdown failed', { err: String(err) });
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
