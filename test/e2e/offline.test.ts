import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CLIENT_DIST, launchChromium, screenshotPath } from '../helpers/browser';
import { startServer, tempDir, type TestServer } from '../helpers/server';

let browser: Browser;
const servers: TestServer[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close().catch(() => undefined);
});

describe('a phone on bad Wi-Fi', () => {
  it('[E4] keeps a card written while the server is away and syncs it when it is back', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, clientDir: CLIENT_DIST });
    servers.push(first);
    const port = Number(new URL(first.url).port);
    const created = await first.createSession('Through the outage');

    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true });
    const phone = await ctx.newPage();
    await phone.goto(`${first.url}/j/${created.joinCode}`);
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('composer-input').fill('Before the outage');
    await phone.getByTestId('composer-submit').click();
    const before = phone.getByTestId('card').filter({ hasText: 'Before the outage' });
    await expect.poll(() => before.getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');

    await first.close();
    await phone.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    await phone.getByTestId('composer-input').fill('Written while offline');
    await phone.getByTestId('composer-submit').click();
    const during = phone.getByTestId('card').filter({ hasText: 'Written while offline' });
    await during.waitFor();
    expect(await during.getAttribute('data-status')).toBe('sending');
    await phone.screenshot({ path: screenshotPath('phone-offline') });

    const second = await startServer({ dataDir, port, clientDir: CLIENT_DIST });
    servers.push(second);
    await expect.poll(() => during.getAttribute('data-status'), { timeout: 15_000 }).toBe('saved');
    await phone.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 10_000 });

    const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const projector = await projCtx.newPage();
    await projector.goto(`${second.url}/p/${created.id}#token=${created.projectorToken}`);
    await projector
      .getByTestId('projector-card')
      .filter({ hasText: 'Written while offline' })
      .waitFor();
    await projector
      .getByTestId('projector-card')
      .filter({ hasText: 'Before the outage' })
      .waitFor();
    await ctx.close();
    await projCtx.close();
  });
});
