import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';

/**
 * Serves the built client with a history-API fallback, so `/j/ABC2345` opened from a QR code
 * loads the app. Hashed assets are immutable; index.html is always revalidated.
 */
export function serveClient(app: Express, clientDir: string): boolean {
  const index = path.join(clientDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  // A phone on venue Wi-Fi pays for every byte: the app's JS shrinks about 3× gzipped.
  app.use(compression());
  app.use(
    '/assets',
    express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false }),
  );
  app.use(express.static(clientDir, { index: false }));
  app.get(/^\/(?!api\/|socket\.io\/|yjs\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
