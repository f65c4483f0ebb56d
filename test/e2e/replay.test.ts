import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isSeededRule, TEMPLATES } from '@trellis/shared';
import { recordWorkshop } from '../helpers/record';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { ORGANISER_KEY } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer({ clientDir: CLIENT_DIST });
const browser = useChromium();
/** What the recorded workshop opened: closed when the file is done. */
const cleanups: (() => unknown)[] = [];
const TITLE = 'Care network, March';

/** The moments the browser must find again: after the ground rules, after statements, the end. */
let session: { id: string; t1: number; t2: number; t3: number };

beforeAll(async () => {
  session = await recordReplayed();
}, 30_000);
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A short trust workshop, its moments far enough apart for the scrubber to land between them. */
async function recordReplayed() {
  const { created, t1, t2, t3 } = await recordWorkshop(s, cleanups, { title: TITLE, pauseMs: 600 });
  return { id: created.id, t1, t2, t3 };
}

/** The cards on the replayed board, but the ground rules the session started with. */
const cardIds = (page: Page) =>
  page
    .getByTestId('replay-card')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-card-id') ?? '').sort())
    .then((ids) => ids.filter((id) => !isSeededRule(id)));

/** From the list, as an organiser would: key, then the session. `query` lands on a moment. */
async function openReplay(page: Page): Promise<void> {
  await page.goto(`${s.url}/history`);
  await page.getByTestId('history-key').fill(ORGANISER_KEY);
  await page.getByTestId('history-key-submit').click();
  const row = page.locator(`[data-testid=history-session][data-session-id="${session.id}"]`);
  await expect.poll(() => row.textContent()).toContain(TITLE);
  await row.getByRole('link').click();
  await page.getByTestId('replay-scrubber').waitFor();
}

const newPage = (): Promise<Page> =>
  browser.newPage({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    acceptDownloads: true,
  });

describe('replay in Chromium', () => {
  it('[E20] opens a recorded workshop from the list and shows exactly the board of each moment, by deep link, range and markers', async () => {
    const page = await newPage();
    await openReplay(page);
    expect(new URL(page.url()).pathname).toBe(`/history/${session.id}`);

    // Opens on the finished board, attributed where not anonymous, votes published.
    await expect.poll(() => cardIds(page)).toEqual(['c1', 'r1', 's1', 's2', 'syn']);
    const s2 = page.locator('[data-testid=replay-card][data-card-id=s2]');
    expect(await s2.getByTestId('replay-author').textContent()).toContain('Amira');
    const s1 = page.locator('[data-testid=replay-card][data-card-id=s1]');
    expect(await s1.getByTestId('replay-author').count()).toBe(0);
    expect(await s1.getByTestId('card-text').textContent()).toBe('Trust is earned <b>slowly</b>');
    const synthesis = page.locator('[data-testid=replay-card][data-card-id=syn]');
    // [J7] The vote went to the point, not to the statement in it.
    expect(await s1.getByTestId('vote-count').count()).toBe(0);
    expect(await synthesis.getByTestId('vote-count').getAttribute('data-votes')).toBe('1');
    expect(await synthesis.locator('[data-card-id=s1]').count()).toBe(1);

    // A marker per phase the session went through, plus the snapshot and the end.
    const phaseMarkers = page.locator('[data-testid=replay-marker][data-kind=phase]');
    expect(await phaseMarkers.allTextContents()).toEqual([
      expect.stringContaining('Ground rules'),
      expect.stringContaining('What trust means to me'),
      expect.stringContaining('Synthesis'),
      expect.stringContaining('My commitment'),
    ]);
    expect(
      await page.locator('[data-testid=replay-marker][data-kind=manual]').textContent(),
    ).toContain('Before closing');
    expect(await page.locator('[data-testid=replay-marker][data-kind=end]').count()).toBe(1);
    expect(await page.locator('.replay-tick[data-kind=phase]').count()).toBe(4);

    // Moment 1 by deep link.
    await page.goto(`${s.url}/history/${session.id}?t=${session.t1}`);
    await expect.poll(() => cardIds(page)).toEqual(['r1']);
    expect(await page.getByTestId('replay-phase').textContent()).toBe('Ground rules');

    // Moment 2 with the range input; the link follows.
    const scrubber = page.getByTestId('replay-scrubber');
    const start = Number(await scrubber.getAttribute('data-start'));
    await scrubber.fill(String(session.t2 - start));
    await expect.poll(() => cardIds(page)).toEqual(['r1', 's1', 's2']);
    expect(await page.getByTestId('replay-phase').textContent()).toBe('What trust means to me');
    await expect.poll(() => new URL(page.url()).searchParams.get('t')).toBe(String(session.t2));

    // Moment 3 with the keyboard, then a marker from the list.
    await scrubber.focus();
    await page.keyboard.press('End');
    await expect.poll(() => cardIds(page)).toEqual(['c1', 'r1', 's1', 's2', 'syn']);
    await page.keyboard.press('Home');
    await expect.poll(() => cardIds(page)).toEqual([]);
    // At the start the board holds only the ground rules the session was created with.
    expect(await page.getByTestId('replay-card').count()).toBe(TEMPLATES.trust.groundRules.length);
    await phaseMarkers.nth(1).click();
    await expect.poll(() => cardIds(page)).toEqual(['r1']);
    expect(await page.getByTestId('replay-phase').textContent()).toBe('What trust means to me');

    await page.goto(`${s.url}/history/${session.id}?t=${session.t3}`);
    await expect.poll(() => cardIds(page)).toHaveLength(5);
    await page.screenshot({ path: screenshotPath('replay'), fullPage: true });
  });

  it('[E21] plays at 60× from the start to the end, much faster than real time', async () => {
    const page = await newPage();
    await openReplay(page);
    const scrubber = page.getByTestId('replay-scrubber');
    const duration = Number(await scrubber.getAttribute('max'));
    expect(duration).toBeGreaterThan(2000);
    await scrubber.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => cardIds(page)).toEqual([]);

    await page.getByTestId('replay-speed-60').click();
    expect(await page.getByTestId('replay-speed-60').getAttribute('aria-pressed')).toBe('true');
    const began = Date.now();
    await page.getByTestId('replay-play').click();
    await expect
      .poll(() => page.getByTestId('replay-play').getAttribute('data-playing'), { timeout: 5000 })
      .toBe('false');
    const wall = Date.now() - began;
    expect(wall).toBeLessThan(duration / 2);
    expect(Number(await scrubber.inputValue())).toBeCloseTo(duration, 0);
    await expect.poll(() => cardIds(page)).toEqual(['c1', 'r1', 's1', 's2', 'syn']);
  });

  it('[E22] exports the moment on screen with the organiser key, and prints its story', async () => {
    const page = await newPage();
    await openReplay(page);
    await page.goto(`${s.url}/history/${session.id}?t=${session.t2}`);
    await expect.poll(() => cardIds(page)).toEqual(['r1', 's1', 's2']);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('replay-export-md').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^trellis-story-.*\.md$/);
    const story = fs.readFileSync(await download.path(), 'utf8');
    expect(story).toMatch(new RegExp(`^# ${TITLE}`));
    expect(story).toContain('Small projects first');
    expect(story).not.toContain('Host a lunch');

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: screenshotPath('replay-print'), fullPage: true });
    expect(await page.getByTestId('replay-scrubber').isVisible()).toBe(false);
    expect(await page.getByTestId('replay-export-md').isVisible()).toBe(false);
    expect(await page.getByTestId('replay-title').isVisible()).toBe(true);
    // The printout is the session's story at that moment, not the board (E85 reads it).
    expect(await page.getByTestId('replay-story').isVisible()).toBe(true);
    expect(await page.getByTestId('replay-board').isVisible()).toBe(false);
  });
});
