import { afterAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { AppDeps } from '@trellis/server';
import type { FacilitatorCommand } from '@trellis/shared';
import { CLIENT_DIST, type Chromium } from '../helpers/browser';
import { socket } from '../helpers/clients';
import { startServer, tempDir, type TestServer } from '../helpers/server';

/**
 * Phones on bad Wi-Fi (offline.test.ts, security.test.ts): servers a test stops and starts again
 * on the same data folder and port, facilitator commands sent from elsewhere meanwhile, and
 * phones that join by code.
 */

/** Starts a server on `dataDir` (and `port`, to come back where phones look); all closed after the file. */
export function useRestartableServers(
  deps: Omit<AppDeps, 'config'> = {},
): (dataDir?: string, port?: number) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close().catch(() => undefined);
  });
  return async (dataDir = tempDir(), port) => {
    const server = await startServer(
      { dataDir, clientDir: CLIENT_DIST, ...(port !== undefined && { port }) },
      deps,
    );
    servers.push(server);
    return server;
  };
}

/** The port a server listens on, to start the next one where the phones look for it. */
export const portOf = (server: TestServer): number => Number(new URL(server.url).port);

/** A facilitator command through a short-lived socket, as the console would send it. */
export async function facilitate(
  url: string,
  token: string,
  command: FacilitatorCommand,
): Promise<void> {
  const sock = socket(url, token);
  try {
    const res = await sock.emitWithAck('facilitate', command);
    if (!res.ok) throw new Error(`${command.type} refused: ${res.error.code}`);
  } finally {
    sock.disconnect();
  }
}

/** A phone: 360×640, touch, English; a context of its own, so its storage is its own. */
export const phoneContext = (browser: Chromium): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, locale: 'en' });

/** A page of `ctx` that joins by code (with a name, if given); it may be refused. */
export async function joinOn(
  ctx: BrowserContext,
  url: string,
  code: string,
  name?: string,
): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${url}/j/${code}`);
  if (name !== undefined) await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  return page;
}

/** A phone that has joined by code and shows its board. */
export async function joinedPhone(browser: Chromium, url: string, code: string, name?: string) {
  const ctx = await phoneContext(browser);
  const phone = await joinOn(ctx, url, code, name);
  await phone.getByTestId('composer-input').waitFor();
  return { ctx, phone };
}

/** The phone's card with this text. */
export const cardOn = (phone: Page, text: string) =>
  phone.getByTestId('card').filter({ hasText: text });

/** Where the phone says that card is: sending, waiting or saved. */
export const statusOf = (phone: Page, text: string) => () =>
  cardOn(phone, text).getAttribute('data-status');
