import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, listCards } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { eventually, recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';

/** Every rule the server enforced against these honest screens: must stay empty. */
const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const browser = useChromium();

const phoneContext = () =>
  browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

/** Fails the test if any page runs a dialog, which the XSS strings below would trigger. */
function noScripts(page: Page, fired: string[]): void {
  page.on('dialog', (d) => {
    fired.push(d.message());
    void d.dismiss();
  });
}

describe('board in Chromium', () => {
  it('[E1] a phone joins by code and adds a card; the projector shows it; a stock provider syncs with both', async () => {
    const created = await s.createSession('Brussels care network');
    const fired: string[] = [];

    const phoneCtx = await phoneContext();
    const phone = await phoneCtx.newPage();
    noScripts(phone, fired);
    await phone.goto(`${s.url}/j/${created.joinCode.toLowerCase()}`);
    await expect
      .poll(() => phone.getByTestId('join-code').inputValue())
      .toMatch(new RegExp(created.joinCode, 'i'));
    await phone.getByTestId('join-name').fill('Amira');
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('composer-input').waitFor();
    await expect
      .poll(() => phone.getByTestId('board-title').textContent())
      .toContain('Brussels care network');

    await phone.getByTestId('composer-input').fill('Trust grows in small, low-risk steps');
    await phone.getByTestId('composer-submit').click();
    const card = phone
      .getByTestId('card')
      .filter({ hasText: 'Trust grows in small, low-risk steps' });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');

    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await phone.getByTestId('composer-input').fill(hostile);
    await phone.getByTestId('composer-submit').click();
    await phone.getByTestId('card').filter({ hasText: '<img src=x' }).waitFor();

    const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const projector = await projCtx.newPage();
    noScripts(projector, fired);
    await projector.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}`);
    const projCard = projector
      .getByTestId('projector-card')
      .filter({ hasText: 'Trust grows in small, low-risk steps' });
    await projCard.waitFor();
    await projector
      .getByTestId('projector-card')
      .filter({ hasText: '<script>alert(2)</script>' })
      .waitFor();
    await expect
      .poll(() => projector.getByTestId('projector-code').textContent())
      .toContain(created.joinCode);
    await expect
      .poll(() => projector.getByTestId('projector-count').textContent())
      .toMatch(/\b1\b/);
    await projector.getByTestId('projector-qr').waitFor();
    const fontSize = await projCard.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(28);

    // A stock y-websocket provider with a participant token sees the browser's cards and is seen.
    const ben = await s.join(created.joinCode, 'Ben');
    const stock = provider(s.wsUrl, created.id, ben.token);
    try {
      await stock.synced;
      await eventually(() =>
        expect(listCards(stock.doc).map((c) => c.text)).toContain(
          'Trust grows in small, low-risk steps',
        ),
      );
      addCard(stock.doc, {
        id: 'from-node',
        kind: 'statement',
        text: 'Documentation is a story people can follow',
        authorId: ben.participantId,
        zone: 'ideas',
      });
      await phone.getByTestId('card').filter({ hasText: 'Documentation is a story' }).waitFor();
      await projector
        .getByTestId('projector-card')
        .filter({ hasText: 'Documentation is a story' })
        .waitFor();
      await expect
        .poll(() => projector.getByTestId('projector-count').textContent())
        .toMatch(/\b2\b/);
    } finally {
      stock.provider.destroy();
    }

    await phone.screenshot({ path: screenshotPath('phone-board'), fullPage: true });
    await projector.screenshot({ path: screenshotPath('projector') });
    expect(fired).toEqual([]);
    await phoneCtx.close();
    await projCtx.close();
  });

  it('[E2] the facilitator sees who is connected and edits, moves and deletes any card', async () => {
    const created = await s.createSession('Facilitated');
    const amira = await s.join(created.joinCode, 'Amira');
    const stock = provider(s.wsUrl, created.id, amira.token);
    try {
      await stock.synced;
      addCard(stock.doc, {
        id: 'p1',
        kind: 'statement',
        text: 'Would you trust me with a key?',
        authorId: amira.participantId,
        zone: 'ideas',
      });
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(
        `${s.url}/f/${created.id}#token=${created.facilitatorToken}&projector=${created.projectorToken}`,
      );
      const card = page
        .getByTestId('facilitator-card')
        .filter({ hasText: 'Would you trust me with a key?' });
      await card.waitFor();
      await page.getByTestId('member').filter({ hasText: 'Amira' }).waitFor();
      await page.screenshot({ path: screenshotPath('facilitator'), fullPage: true });

      await card.getByRole('combobox').selectOption('questions');
      await eventually(() =>
        expect(listCards(stock.doc).find((c) => c.id === 'p1')?.zone).toBe('questions'),
      );

      page.on('dialog', (d) => void d.accept());
      await card.getByRole('button', { name: /delete/i }).click();
      await eventually(() => expect(listCards(stock.doc)).toHaveLength(0));
      await ctx.close();
    } finally {
      stock.provider.destroy();
    }
  });

  it('[E3] the organiser page creates a session and shows the three links', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${s.url}/organise`);
    await page.getByTestId('organise-key').fill('test-organiser-key');
    await page.getByTestId('organise-title').fill('Next meeting');
    await page.getByTestId('organise-submit').click();
    const participant = page.getByTestId('link-participant');
    await participant.waitFor();
    expect(await participant.textContent()).toMatch(/\/j\/[2-9A-Z]{7}/);
    expect(await page.getByTestId('link-facilitator').textContent()).toMatch(/\/f\/.+#token=/);
    expect(await page.getByTestId('link-projector').textContent()).toMatch(/\/p\/.+#token=/);

    // A second session kept only 30 days ([Y9]): purged a month on, the first one is not.
    const first = await participant.textContent();
    await page.getByTestId('organise-title').fill('Kept a month');
    await page.getByTestId('organise-retention').fill('30');
    await page.getByTestId('organise-submit').click();
    await expect.poll(() => participant.textContent()).not.toBe(first);
    const idOf = async (): Promise<string> =>
      new URL((await page.getByTestId('link-facilitator').textContent())!).pathname.split('/')[2]!;
    const month = await idOf();
    const purged = await s.app.retention.purgeExpired(Date.now() + 31 * 86_400_000);
    expect(purged).toEqual([month]);
    await ctx.close();
  });

  it('[E58] a projector with more cards than fit turns pages at ≥ 24 px, and a new card brings its page up', async () => {
    const created = await s.createSession('Forty people');
    const laptop = provider(s.wsUrl, created.id, created.facilitatorToken);
    await laptop.synced;
    for (let i = 0; i < 60; i++) {
      const text = `Statement number ${i} about trust between organisations`;
      addCard(laptop.doc, { id: `m${i}`, kind: 'note', text, zone: 'ideas', createdAt: 1000 + i });
    }
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await ctx.newPage();
    await page.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}`);
    const pages = page.getByTestId('projector-pages');
    await expect
      .poll(async () => Number(await pages.getAttribute('data-pages')))
      .toBeGreaterThan(1);
    expect(await pages.getAttribute('data-page')).toBe('1');
    addCard(laptop.doc, {
      id: 'm60',
      kind: 'note',
      text: 'Statement number 60, the newest',
      zone: 'ideas',
      createdAt: 2000,
    });
    const newest = page.getByTestId('projector-card').filter({ hasText: 'the newest' });
    await newest.waitFor();
    await expect
      .poll(() => pages.getAttribute('data-page'))
      .toBe(await pages.getAttribute('data-pages'));
    const fontPx = await newest.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(24);
    await page.screenshot({ path: screenshotPath('projector-overflow') });
    laptop.provider.destroy();
    await ctx.close();
  });

  it('[G10] the honest screens above never had an update rejected by the guards', () => {
    expect(rejected).toEqual([]);
  });
});
