/**
 * The Hocuspocus peer: a stock `@hocuspocus/server` with its defaults (per-tick broadcast
 * batching, no persistence extension), so it does the same in-memory work as y-websocket's
 * reference server. Run as its own process by the harness with HOST and PORT. Plain JavaScript
 * beside its own node_modules, so the bench's TypeScript never needs the peers installed.
 */
import process from 'node:process';
import { Server } from '@hocuspocus/server';

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  // The harness stops us with SIGTERM; Hocuspocus' own handler closes connections and exits.
  stopOnSignals: true,
});

await server.listen();
process.stdout.write(
  JSON.stringify({ msg: 'hocuspocus listening', port: server.address.port }) + '\n',
);
