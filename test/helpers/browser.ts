import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLIENT_DIST = path.join(ROOT, 'client/dist');
export const OUTPUT_DIR = path.join(ROOT, 'test-output');

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Debian's Chromium, never a downloaded one. Missing Chromium fails the test, loudly. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((p): p is string => !!p && fs.existsSync(p));
  if (!executablePath) {
    throw new Error('Chromium not found: run `npm run test:deps` (installs Debian chromium)');
  }
  if (!fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error('client/dist is missing: `npm test` builds it first (npm run build)');
  }
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const screenshotPath = (name: string): string => path.join(OUTPUT_DIR, `${name}.png`);
