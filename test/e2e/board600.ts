import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, cardsOf, listCards, writeCard } from '@trellis/shared';
import type { Chromium } from '../helpers/browser';
import { provider } from '../helpers/clients';
import { ok } from '../helpers/requests';
import { eventually } from '../helpers/server';
import type { ServerSuite } from '../helpers/suite';
import { longTasks, pageNow, throttle, watchLongTasks, type LongTask, type Shown } from './perf';
import { fillBoard } from './projectorWall';

/**
 * A conference's board, 600 statements after the reveal, and the ways render600.test.ts and
 * console600.test.ts measure the projector and the console's canvas on it.
 */
export const COUNT = 600;

export const PROJECTOR: Shown = {
  cards: '[data-testid=projector-card]',
  count: COUNT,
  // A card the wall has not placed yet is drawn out of sight without a page.
  absent: 'li[data-item].is-off:not([data-page])',
};
export const CANVAS: Shown = { cards: '[data-testid=canvas-card]', count: COUNT };

type Laptop = ReturnType<ServerSuite['board']>;

/** A trust session in its writing phase, its 600 statements already on the server. */
export async function board600(s: ServerSuite) {
  const created = await s.createSession('A conference of three hundred', { template: 'trust' });
  await ok(s.socket(created.facilitatorToken), 'facilitate', { type: 'phase:go', index: 1 });
  const laptop = s.board(created.id, created.facilitatorToken);
  await laptop.synced;
  fillBoard(laptop.doc, COUNT);
  // Another device sees them all: the server holds the board the pages will load.
  const check = provider(s.wsUrl, created.id, created.projectorToken);
  await eventually(
    () => expect(listCards(check.doc).filter((c) => c.kind === 'statement')).toHaveLength(COUNT),
    20_000,
    'the 600 statements on the server',
  );
  check.provider.destroy();
  return { created, laptop };
}

/**
 * A page with its long tasks watched and its CPU slowed `rate` times, ready to open a screen; a
 * console opens on the canvas, as a facilitator who chose it last time finds it.
 */
export async function measuredPage(
  browser: Chromium,
  viewport: { width: number; height: number },
  rate: number,
) {
  const page = await browser.newPage({ viewport, locale: 'en' });
  await watchLongTasks(page);
  await page.addInitScript(() => window.localStorage.setItem('trellis:console-view', 'canvas'));
  const cdp = await throttle(page, rate);
  return { page, cdp };
}

/** Opens a screen, answering as soon as the navigation commits: the test times the rest. */
export const openScreen = async (page: Page, url: string): Promise<void> => {
  await page.goto(url, { waitUntil: 'commit' });
};

export const longest = (tasks: readonly LongTask[]): number =>
  Math.round(Math.max(0, ...tasks.map((t) => t.duration)));

/** The long tasks `gesture` causes, the frame after it included. */
async function during(page: Page, gesture: () => Promise<void>): Promise<LongTask[]> {
  const since = await pageNow(page);
  await gesture();
  // A task is reported when it ends; the frame after the change needs its time too.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
  return longTasks(page, since);
}

/** A statement from the room reaches the page: the long tasks it causes. */
export function newCard(page: Page, laptop: Laptop, shown: Shown): Promise<LongTask[]> {
  const id = `late-${Date.now()}`;
  return during(page, async () => {
    addCard(laptop.doc, { id, kind: 'statement', text: 'One more, late', zone: 'statements' });
    await page.locator(`${shown.cards}[data-card-id="${id}"]`).first().waitFor();
  });
}

/**
 * What a facilitator does on the canvas once the board is there, each gesture with the longest
 * task it caused: bring the canvas into view, zoom in, fit, select a card, drag it, the
 * co-facilitator grouping twenty statements under a new point.
 */
export async function gestures(page: Page, laptop: Laptop): Promise<Record<string, number>> {
  const measured: Record<string, number> = {};
  const measure = async (name: string, gesture: () => Promise<void>) => {
    measured[name] = longest(await during(page, gesture));
  };
  const scale = () => page.getByTestId('canvas-world').getAttribute('data-scale');
  const scaled = async (button: string) => {
    const before = await scale();
    await page.getByTestId(button).click();
    await expect.poll(scale).not.toBe(before);
  };
  await measure('scroll to the canvas', () =>
    page.getByTestId('canvas-viewport').scrollIntoViewIfNeeded(),
  );
  await measure('zoom in', () => scaled('canvas-zoom-in'));
  await measure('fit', () => scaled('canvas-fit'));
  const card = page.locator('[data-testid=canvas-card][data-card-id=s1]');
  await measure('select a card', async () => {
    await card.click();
    await expect.poll(() => card.getAttribute('aria-pressed')).toBe('true');
  });
  await measure('drag a card', async () => {
    const box = (await card.boundingBox())!;
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(from.x + 12 * i, from.y + 30 * i);
    await page.mouse.up();
    await eventually(() => expect(cardsOf(laptop.doc).get('s1')?.get('y')).toBeDefined());
  });
  await measure('twenty statements grouped under a new point', async () => {
    laptop.doc.transact(() => {
      addCard(laptop.doc, { id: 'point', kind: 'synthesis', text: 'Together', zone: 'synthesis' });
      for (let i = 100; i < 120; i++) writeCard(laptop.doc, `s${i}`, { group: 'point' });
    });
    await page.locator('[data-testid=canvas-card][data-card-id=point]').waitFor();
  });
  return measured;
}
