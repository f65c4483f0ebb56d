import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hiddenStops, tabStops, weakRings } from '../helpers/focus';
import { ORGANISER_KEY } from '../helpers/server';
import { text, useRoom, writeFromPhone } from './room';

/**
 * Where the keyboard's focus can be seen (issue 12, defect 14): no stop of the phone hides under
 * its sticky action, at 360×640, going forward or back; every ring is at least 3:1 against what
 * is behind it (WCAG 2.2 non-text contrast), on every screen but the console.
 */
const { s, browser, rejected, crowd, phone: phoneIn } = useRoom();
const VIEWPORT = { width: 360, height: 640 };

describe('focus that can be seen', () => {
  it('[E143] at 360×640 no focus stop of the phone hides under its sticky composer, Tab or Shift+Tab, and every ring shows', async () => {
    const created = await s.createSession('Focus stops', { template: 'open' });
    const phone = await phoneIn(created, { name: 'Noor' });
    await writeFromPhone(phone, ['One of mine', 'Two of mine', 'Three of mine', 'Four of mine']);
    await crowd(created, 'ideas', 20);
    await expect.poll(() => phone.getByTestId('card').count()).toBeGreaterThan(10);
    const sticky = '.phone-action.sticky';
    await phone.locator(sticky).waitFor();

    await phone.locator('body').focus();
    const forward = await tabStops(phone, { cover: sticky });
    const backward = await tabStops(phone, { cover: sticky, backward: true });
    // Every card's Edit and Delete, the composer, the reactions: all of them, both ways.
    expect(forward.filter((stop) => stop.name === 'card-delete')).toHaveLength(4);
    expect(backward.length).toBe(forward.length);
    expect(hiddenStops(forward, VIEWPORT.height)).toEqual([]);
    expect(hiddenStops(backward, VIEWPORT.height)).toEqual([]);
    expect(weakRings(forward)).toEqual([]);
    expect(rejected).toEqual([]);
  });

  it('[E144] every focus ring on the phone, join, organise, history, replay and commitment link screens is at least 3:1 against what is behind it', async () => {
    const created = await s.createSession('Rings', { template: 'trust' });
    const weak: Record<string, string[]> = {};
    const ringsOf = async (name: string, page: Page): Promise<void> => {
      await page.locator('body').focus();
      weak[name] = weakRings(await tabStops(page));
    };
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'en' });
    await page.goto(`${s.url}/j/${created.joinCode}`);
    await ringsOf('join', page);
    await page.goto(`${s.url}/organise`);
    await page.getByTestId('organise-key').fill(ORGANISER_KEY);
    await page.getByTestId('organise-title').fill('Next time');
    await page.getByTestId('organise-submit').click();
    await page.getByTestId('link-facilitator').waitFor();
    await ringsOf('organise', page);
    await page.goto(`${s.url}/history`);
    await page.getByTestId('history-sessions').waitFor();
    await ringsOf('history', page);
    await page.goto(`${s.url}/history/${created.id}`);
    await page.getByTestId('replay-scrubber').waitFor();
    await ringsOf('replay', page);

    const phone = await phoneIn(created, { name: 'Lina' });
    const sock = await s.control(created.facilitatorToken);
    const go = async (index: number): Promise<void> => {
      await sock.emitWithAck('facilitate', { type: 'phase:go', index });
    };
    await go(0);
    await phone.getByTestId('agree-toggle').waitFor();
    await ringsOf('phone, ground rules', phone);
    await go(3);
    await phone.getByTestId('commit-text').fill('I bring tea');
    await phone.getByTestId('commit-submit').click();
    await phone.getByTestId('keep-button').click();
    const link = await text(phone.getByTestId('keep-link'));
    await ringsOf('phone, commitments', phone);
    await page.goto(link);
    await page.getByTestId('kept-commitment').waitFor();
    await ringsOf('commitment link', page);

    expect(weak).toEqual({
      join: [],
      organise: [],
      history: [],
      replay: [],
      'phone, ground rules': [],
      'phone, commitments': [],
      'commitment link': [],
    });
    expect(rejected).toEqual([]);
  }, 60_000);
});
