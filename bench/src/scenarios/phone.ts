import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Scale } from '../config';
import { createTrellisSession } from '../members';
import { ROOT, startServer } from '../servers';
import { median } from '../util/stats';

export interface PhoneResult {
  /** ms from navigation to a usable composer, per run */
  usableMs: number[];
  usableMedian: number;
  /** ms from navigation to the join button, median (the rest is join + board load) */
  joinFormMedian: number;
  /** JS the participant flow loads: gzip -6 of each script, summed */
  jsGzipKb: number;
  /** the same scripts as the server actually sends them */
  jsWireKb: number;
  jsFiles: string[];
  compressed: boolean;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Slow 4G as Lighthouse defines it, in bytes per second. */
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

export function buildClient(): void {
  const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`client build failed:\n${res.stdout}\n${res.stderr}`);
}

/** One phone: fresh profile (cold cache), throttled CPU and network, join → composer. */
async function joinOnce(
  browser: Browser,
  url: string,
): Promise<{ ms: number; formMs: number; scripts: Map<string, Buffer>; encoded: boolean }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page: Page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const scripts = new Map<string, Buffer>();
    let encoded = false;
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      if (res.headers()['content-encoding']) encoded = true;
      void res.body().then(
        (body) => scripts.set(new URL(res.url()).pathname, body),
        () => undefined,
      );
    });
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    const submit = page.locator('[data-testid=join-submit]');
    await submit.waitFor({ state: 'visible' });
    const formMs = performance.now() - t0;
    await submit.click();
    await page.locator('[data-testid=composer-input]').waitFor({ state: 'visible' });
    const ms = performance.now() - t0;
    await page.waitForLoadState('networkidle').catch(() => undefined);
    return { ms, formMs, scripts, encoded };
  } finally {
    await context.close();
  }
}

/**
 * The participant's path on a throttled phone (CPU 4×, slow 4G via CDP) against a real Trellis
 * serving the production build: QR link → Join → composer visible.
 */
export async function phone(
  scale: Scale['phone'],
  /** A client build to serve instead of building the tree's: to compare two builds in turns. */
  clientDir?: string,
): Promise<PhoneResult> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  if (clientDir === undefined) buildClient();
  const server = await startServer('trellis', clientDir ? { env: { CLIENT_DIR: clientDir } } : {});
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const session = await createTrellisSession(server.httpBase, 'phone bench');
    const url = `${server.httpBase}/j/${session.joinCode}`;
    const usableMs: number[] = [];
    const formMs: number[] = [];
    let scripts = new Map<string, Buffer>();
    let compressed = false;
    for (let i = 0; i < scale.runs; i++) {
      const run = await joinOnce(browser, url);
      usableMs.push(run.ms);
      formMs.push(run.formMs);
      if (run.scripts.size > scripts.size) scripts = run.scripts;
      compressed ||= run.encoded;
    }
    const bodies = [...scripts.values()];
    const gzip = bodies.reduce((n, b) => n + zlib.gzipSync(b).length, 0);
    const wire = compressed ? gzip : bodies.reduce((n, b) => n + b.length, 0);
    return {
      usableMs,
      usableMedian: median(usableMs),
      joinFormMedian: median(formMs),
      jsGzipKb: gzip / 1024,
      jsWireKb: wire / 1024,
      jsFiles: [...scripts.keys()].map((p) => path.basename(p)).sort(),
      compressed,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
