import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the Node server runs on :3000 and Vite serves the client; proxying keeps every
// request same-origin, exactly as in production where the server serves the built client.
const server = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: server },
      '/socket.io': { target: server, ws: true },
      '/yjs': { target: server, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
