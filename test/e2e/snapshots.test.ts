import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, deleteCard, listCards } from '@trellis/shared';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { eventually, ORGANISER_KEY } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer({ clientDir: CLIENT_DIST });
const browser = useChromium();
const newPage = (): Promise<Page> =>
  browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });

const cardTexts = (page: Page, testId: string): Promise<string[]> =>
  page
    .getByTestId(testId)
    .getByTestId('card-text')
    .evaluateAll((els) => els.map((el) => el.textContent ?? '').sort());

describe('snapshots and erasure in Chromium', () => {
  it('[E17] the facilitator names a snapshot, and restoring it brings back a deleted card everywhere', async () => {
    const created = await s.createSession('Snapshot workshop');
    const laptop = s.board(created.id, created.facilitatorToken);
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
    const phone = s.board(created.id, zoe.token);
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
