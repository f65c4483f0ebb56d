import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, cardsOf } from '@trellis/shared';
import { recordWorkshop } from '../helpers/record';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { ORGANISER_KEY } from '../helpers/server';
import { useServer } from '../helpers/suite';

/**
 * The replay's story in Chromium: the count of cards says what the board shows (a hidden card is
 * not counted), and Print / Save as PDF gives the story of the session, not a board.
 */
const s = useServer({ clientDir: CLIENT_DIST });
const browser = useChromium();
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function openReplay(page: Page, id: string): Promise<void> {
  await page.goto(`${s.url}/history/${id}`);
  await page.getByTestId('history-key').fill(ORGANISER_KEY);
  await page.getByTestId('history-key-submit').click();
  await page.getByTestId('replay-scrubber').waitFor();
}

describe('the story of a session in the replay', () => {
  it('[E85] counts only the cards the board shows, and prints the story: who, what was said, the ranked synthesis, a timeline', async () => {
    const { created, board } = await recordWorkshop(s, { push: (fn) => void cleanups.push(fn) });
    void created;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
    await openReplay(page, created.id);
    void board;
    const shown = await page.getByTestId('replay-card').count();
    const count = page.getByTestId('replay-count');
    await expect.poll(() => count.getAttribute('data-count')).toBe(String(shown));
    expect(await count.textContent()).toContain(`Cards on the board: ${shown}`);

    await page.emulateMedia({ media: 'print' });
    const story = page.getByTestId('replay-story');
    expect(await story.isVisible()).toBe(true);
    expect(await page.getByTestId('replay-board').isVisible()).toBe(false);
    const text = (await story.textContent()) ?? '';
    expect(text).toContain('Took part: 1 · By name: Amira');
    expect(text).toContain('What trust means to me: What does trust mean to you?');
    expect(text).toContain('Working trust (1 vote)');
    expect(text).toContain('Small projects first — Amira');
    expect(await page.getByTestId('story-moment').count()).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(/\(00:0\d\) Ground rules/);
    await page.screenshot({ path: screenshotPath('replay-story-print'), fullPage: true });
    await page.context().close();
  });

  it('[E86] a hidden card is not counted on the replay (was: "Cards on the board: 15" beside 14)', async () => {
    const created = await s.createSession('Hidden card', { template: 'open' });
    const laptop = s.board(created.id, created.facilitatorToken);
    await laptop.synced;
    addCard(laptop.doc, { id: 'a', kind: 'note', text: 'Shown', zone: 'ideas' });
    addCard(laptop.doc, {
      id: 'b',
      kind: 'note',
      text: 'Hidden by the facilitator',
      zone: 'ideas',
    });
    cardsOf(laptop.doc).get('b')!.set('hidden', true);
    await new Promise((r) => setTimeout(r, 200));
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
    await openReplay(page, created.id);
    await expect.poll(() => page.getByTestId('replay-card').count()).toBe(1);
    expect(await page.locator('.replay-count').textContent()).toContain('Cards on the board: 1');
    await page.context().close();
  });
});
