import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

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

/** The browser of a test file: every context it opens is closed when the file is done. */
export interface Chromium {
  /** A fresh context (its own storage, cookies and IndexedDB): a device of its own. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Chromium for a whole test file: launched before its tests, closed with its contexts after. */
export function useChromium(): Chromium {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    // One by one: a context still closing when the browser goes rejects, unhandled.
    for (const ctx of contexts.splice(0)) await ctx.close().catch(() => undefined);
    await browser?.close();
  });
  const newContext = async (options?: BrowserContextOptions): Promise<BrowserContext> => {
    if (!browser) throw new Error('Chromium starts in beforeAll');
    const ctx = await browser.newContext(options);
    contexts.push(ctx);
    return ctx;
  };
  return { newContext, newPage: async (options) => (await newContext(options)).newPage() };
}
