import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// In development the Node server runs on PORT and Vite serves the client on DEV_CLIENT_PORT
// (both set by `npm run dev`, scripts/dev.mjs); proxying keeps every request same-origin, exactly
// as in production where the server serves the built client. The proxy keeps the Host header, so
// the server's same-origin check accepts the page without a list of dev origins.
const server = `http://localhost:${process.env.PORT ?? 3000}`;

/**
 * Socket.IO runs on WebSocket only (sync/connectBoard.ts: `transports: ['websocket']`), yet
 * engine.io-client's table of transports keeps HTTP long-polling and WebTransport in every phone's
 * bundle: its table is built with WebSocket alone.
 */
function socketIoWebSocketOnly(): Plugin {
  const table = /\/engine\.io-client\/build\/esm\/transports\/index\.js$/;
  return {
    name: 'trellis:socket.io-websocket-only',
    apply: 'build',
    load: (id) =>
      table.test(id)
        ? "import { WS } from './websocket.js';\nexport const transports = { websocket: WS };\n"
        : undefined,
  };
}

/**
 * shared/ declares only types, constants and functions, and engine.io-client and socket.io-client
 * run nothing on import either (their packages just do not say so). Without this, a module reached
 * through an `export *` (shared/src/index.ts, engine.io-client's index) stays in the phone's bundle
 * for its top-level calls (zod schemas, classes) though the phone uses none of it.
 */
const sideEffectFree = /\/shared\/src\/|\/node_modules\/(engine\.io-client|socket\.io-client)\//;

export default defineConfig({
  plugins: [react(), socketIoWebSocketOnly()],
  server: {
    port: Number(process.env.DEV_CLIENT_PORT ?? 5173),
    // Another free port would still work, but the address `npm run dev` printed would be wrong.
    strictPort: true,
    proxy: {
      '/api': { target: server },
      '/socket.io': { target: server, ws: true },
      '/yjs': { target: server, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      treeshake: {
        moduleSideEffects: (id) => (sideEffectFree.test(id) ? false : undefined),
      },
    },
  },
});
