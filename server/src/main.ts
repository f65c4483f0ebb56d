import { loadConfig } from './config';
import { createApp } from './app';

const config = loadConfig();
const app = createApp({ config });

app.server.listen(config.port, config.host, () => {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  app.log.info('trellis listening', {
    url: `http://${shown}:${port}`,
    port,
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
