import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the Node server runs on PORT and Vite serves the client on DEV_CLIENT_PORT
// (both set by `npm run dev`, scripts/dev.mjs); proxying keeps every request same-origin, exactly
// as in production where the server serves the built client. The proxy keeps the Host header, so
// the server's same-origin check accepts the page without a list of dev origins.
const server = `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
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
        // shared/ declares only types, constants and functions. Without this a module that is
        // reached through index.ts's `export *` stays in the phone's bundle for its top-level calls
        // (zod schemas, templates) although the phone uses none of it.
        moduleSideEffects: (id) => (id.includes('/shared/src/') ? false : undefined),
      },
    },
  },
});
