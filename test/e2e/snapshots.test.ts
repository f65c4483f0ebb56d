import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addCard, deleteCard, listCards } from '@trellis/shared';
import { CLIENT_DIST, launchChromium, screenshotPath } from '../helpers/browser';
import { provider } from '../helpers/clients';
import { eventually, ORGANISER_KEY, startServer, type TestServer } from '../helpers/server';

let browser: Browser;
let s: TestServer;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  browser = await launchChromium();
  s = await startServer({ clientDir: CLIENT_DIST });
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await browser?.close();
  await s?.close();
});

async function newPage(width = 1440, height = 900): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  cleanups.push(() => ctx.close());
  return ctx.newPage();
}

const cardTexts = (page: Page, testId: string): Promise<string[]> =>
  page
    .getByTestId(testId)
    .getByTestId('card-text')
    .evaluateAll((els) => els.map((el) => el.textContent ?? '').sort());

describe('snapshots and erasure in Chromium', () => {
  it('[E17] the facilitator names a snapshot, and restoring it brings back a deleted card everywhere', async () => {
    const created = await s.createSession('Snapshot workshop');
    const laptop = provider(s.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => laptop.provider.destroy());
    await laptop.synced;
    addCard(laptop.doc, { id: 'keep', kind: 'note', text: 'Worth keeping', zone: 'ideas' });
    addCard(laptop.doc, { id: 'other', kind: 'note', text: 'Also here', zone: 'ideas' });

    const console_ = await newPage();
    await console_.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
    await expect
      .poll(() => cardTexts(console_, 'facilitator-card'))
      .toEqual(['Also here', 'Worth keeping']);
    await console_.getByTestId('snapshot-take').click();
    await console_.getByTestId('snapshot-label').fill('Before the break');
    await console_.getByTestId('snapshot-save').click();
    const snap = console_.getByTestId('snapshot').filter({ hasText: 'Before the break' });
    await snap.waitFor();
    expect(await snap.getAttribute('data-kind')).toBe('manual');

    deleteCard(laptop.doc, 'keep');
    await expect.poll(() => cardTexts(console_, 'facilitator-card')).toEqual(['Also here']);

    // Asked twice, in the page; cancelling changes nothing.
    await snap.getByTestId('snapshot-restore').click();
    await snap.getByTestId('snapshot-restore-cancel').click();
    await console_.waitForTimeout(300);
    expect(await cardTexts(console_, 'facilitator-card')).toEqual(['Also here']);
    await snap.getByTestId('snapshot-restore').click();
    await snap.getByTestId('snapshot-restore-confirm').click();

    await expect
      .poll(() => cardTexts(console_, 'facilitator-card'))
      .toEqual(['Also here', 'Worth keeping']);
    // A forward change: every client sees it, not only the page that asked.
    await eventually(() =>
      expect(listCards(laptop.doc).map((c) => c.text)).toContain('Worth keeping'),
    );
    await console_.screenshot({ path: screenshotPath('facilitator-snapshots') });
  });

  it('[E18] the organiser erases a participant from the replay page; their name is gone from the page and the export', async () => {
    const created = await s.createSession('Erasure workshop');
    const zoe = await s.join(created.joinCode, 'Zoé Erasable');
    const phone = provider(s.wsUrl, created.id, zoe.token);
    cleanups.push(() => phone.provider.destroy());
    await phone.synced;
    addCard(phone.doc, {
      id: 'z1',
      kind: 'note',
      text: 'A card by Zoé',
      zone: 'ideas',
      authorId: zoe.participantId,
    });
    const exported = async (): Promise<string> => {
      const res = await fetch(`${s.url}/api/history/sessions/${created.id}/export.json`, {
        headers: { authorization: `Bearer ${ORGANISER_KEY}` },
      });
      return res.text();
    };
    await eventually(async () => expect(await exported()).toContain('A card by Zoé'));
    expect(await exported()).toContain('Zoé Erasable');

    const page = await newPage();
    await page.goto(`${s.url}/history`);
    await page.getByTestId('history-key').fill(ORGANISER_KEY);
    await page.getByTestId('history-key-submit').click();
    await page
      .locator(`[data-testid=history-session][data-session-id="${created.id}"]`)
      .getByRole('link')
      .click();
    const row = page.getByTestId('replay-participant').filter({ hasText: 'Zoé Erasable' });
    await row.waitFor();
    await row.getByTestId('replay-erase').click();
    await row.getByTestId('replay-erase-confirm').click();

    await row.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByTestId('replay-erase-error').count()).toBe(0);
    const after = await exported();
    expect(after).not.toContain('Zoé Erasable');
    // Erasure removes the person, not what the room wrote.
    expect(after).toContain('A card by Zoé');
  });
});
