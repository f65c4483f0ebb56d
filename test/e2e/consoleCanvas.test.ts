import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addCard, listCards, type Card, type CreateSessionResponse } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { eventually, recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';

/**
 * The facilitator's canvas in a real room (issue 12, defect 7): statements dropped on a synthesis
 * point go into it and fold away with it, and "Fit the board" keeps the words readable with 34
 * and with 150 statements on a 1440×900 laptop. A stock client with a facilitator token (the
 * observer) seeds the board and reads what landed in it.
 */
const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const browser = useChromium();
const LAPTOP = { viewport: { width: 1440, height: 900 }, locale: 'en' } as const;

interface Board {
  created: CreateSessionResponse;
  observer: ReturnType<typeof provider>;
  page: Page;
}
const boards: Board[] = [];
afterAll(() => boards.forEach((b) => b.observer.provider.destroy()));

const statement = (i: number) =>
  `Trust grows when example ${i}: people keep small promises and say so when they cannot.`;

/** A trust session whose statements zone holds `count` statements, its console on the canvas. */
async function canvasOf(count: number, extra: (doc: Board['observer']['doc']) => void = () => {}) {
  const created = await s.createSession('Canvas in a room', { template: 'trust' });
  const observer = provider(s.wsUrl, created.id, created.facilitatorToken);
  await observer.synced;
  observer.doc.transact(() => {
    for (let i = 1; i <= count; i++) {
      addCard(observer.doc, {
        id: `s${i}`,
        kind: 'statement',
        text: statement(i),
        zone: 'statements',
        createdAt: 1_000 + i,
      });
    }
    extra(observer.doc);
  });
  const page = await browser.newPage(LAPTOP);
  await page.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
  await page.getByTestId('view-canvas').click();
  await page.locator(`[data-testid=canvas-card][data-card-id="s${count}"]`).waitFor();
  await page.getByTestId('canvas-viewport').scrollIntoViewIfNeeded();
  const board = { created, observer, page };
  boards.push(board);
  return board;
}

const cardOn = (page: Page, id: string): Locator =>
  page.locator(`[data-testid=canvas-card][data-card-id="${id}"]`);
const seen = (board: Board, id: string): Card | undefined =>
  listCards(board.observer.doc).find((c) => c.id === id);

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

/** Every card's words as large as they show on screen, and where each card is. */
async function onScreen(page: Page) {
  return page.evaluate(() => {
    const world = document.querySelector<HTMLElement>('[data-testid=canvas-world]')!;
    const scale = Number(world.dataset.scale);
    const view = document.querySelector('[data-testid=canvas-viewport]')!.getBoundingClientRect();
    const cards = [...document.querySelectorAll<HTMLElement>('[data-testid=canvas-card]')].map(
      (el) => {
        const r = el.getBoundingClientRect();
        const text = el.querySelector('.canvas-card-text')!;
        const meta = el.querySelector('.canvas-card-meta')!;
        return {
          id: el.dataset.cardId!,
          rect: { x: r.x, y: r.y, w: r.width, h: r.height },
          textPx: parseFloat(getComputedStyle(text).fontSize) * scale,
          metaPx: parseFloat(getComputedStyle(meta).fontSize) * scale,
        };
      },
    );
    return { scale, view: { x: view.x, y: view.y, w: view.width, h: view.height }, cards };
  });
}

type Area = { x: number; y: number; w: number; h: number };
const inside = (r: Area, v: Area): boolean =>
  r.x >= v.x - 0.5 &&
  r.y >= v.y - 0.5 &&
  r.x + r.w <= v.x + v.w + 0.5 &&
  r.y + r.h <= v.y + v.h + 0.5;
const overlap = (a: Area, b: Area): boolean =>
  a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

describe('the canvas in a room', () => {
  let board: Board;
  beforeAll(async () => {
    board = await canvasOf(5, (doc) =>
      addCard(doc, { id: 'p', kind: 'synthesis', text: 'Small steps first', zone: 'synthesis' }),
    );
  });

  it('[E120] statements dropped on a synthesis point move into it, under the point; the point folds and unfolds them; taken out, they go back', async () => {
    const { page } = board;
    const point = cardOn(page, 'p');
    // Dragged onto the point, s1 is grouped and shows in the point's cluster, right under it.
    const from = await box(cardOn(page, 's1'));
    const to = await box(point);
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    await eventually(() => expect(seen(board, 's1')?.group).toBe('p'));
    const cluster = page.locator('[data-testid=canvas-cluster][data-point-id="p"]');
    // The board packs itself again around the cluster: the point may have moved too.
    await cluster.waitFor();
    const now = await box(point);
    const under = await box(cardOn(page, 's1'));
    expect(under.x).toBeCloseTo(now.x, 0);
    expect(under.y).toBeGreaterThan(now.y + now.height);
    const frame = await box(cluster);
    expect(
      inside(
        { x: under.x, y: under.y, w: under.width, h: under.height },
        {
          x: frame.x,
          y: frame.y,
          w: frame.width,
          h: frame.height,
        },
      ),
    ).toBe(true);

    // From the keyboard: select s2, choose the point, group; it goes under s1.
    await cardOn(page, 's2').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('canvas-group-target').selectOption('p');
    await page.getByTestId('canvas-group').click();
    await eventually(() => expect(seen(board, 's2')?.group).toBe('p'));
    await expect
      .poll(async () => (await box(cardOn(page, 's2'))).y)
      .toBeGreaterThan(under.y + under.height);
    expect(await point.textContent()).toContain('2 statements');
    await page.screenshot({ path: screenshotPath('canvas-cluster') });

    // Folded, the point keeps its statements out of sight (and out of the Tab order).
    const fold = page.locator('[data-testid=canvas-fold][data-point-id="p"]');
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    await fold.click();
    await expect.poll(() => cardOn(page, 's1').count()).toBe(0);
    expect(await cardOn(page, 's2').count()).toBe(0);
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await point.textContent()).toContain('2 statements');
    await fold.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cardOn(page, 's1').count()).toBe(1);

    // Taken out from the toolbar, s2 goes back to the statements zone.
    await cardOn(page, 's2').click();
    await page.getByTestId('canvas-ungroup').click();
    await eventually(() => expect(seen(board, 's2')?.group).toBeUndefined());
    await expect
      .poll(() =>
        cardOn(page, 's2').evaluate((el) => el.closest('[role=group]')?.textContent ?? ''),
      )
      .toContain('Trust statements');
    // Dragged out of the cluster onto the statements zone, s1 leaves the point where it lands.
    const zone = await box(page.locator('[data-testid=canvas-zone][data-zone=statements]'));
    const s1 = await box(cardOn(page, 's1'));
    await page.mouse.move(s1.x + s1.width / 2, s1.y + s1.height / 2);
    await page.mouse.down();
    await page.mouse.move(zone.x + zone.width - 60, zone.y + zone.height - 40, { steps: 8 });
    await page.mouse.up();
    await eventually(() => {
      expect(seen(board, 's1')?.group).toBeUndefined();
      expect(seen(board, 's1')?.zone).toBe('statements');
      expect(seen(board, 's1')?.x).toBeDefined();
    });
    expect(await page.locator('[data-testid=canvas-fold][data-point-id="p"]').count()).toBe(0);
    expect(rejected).toEqual([]);
  });

  it('[E121] "Fit the board" shows 34 statements whole with words of 12 px or more; 150 start legible, unclipped and apart', async () => {
    const { page } = await canvasOf(34);
    await page.getByTestId('canvas-fit').click();
    const at34 = await onScreen(page);
    expect(at34.cards).toHaveLength(39);
    for (const card of at34.cards) {
      expect(card.textPx, card.id).toBeGreaterThanOrEqual(12);
      expect(card.metaPx, card.id).toBeGreaterThanOrEqual(12);
      expect(inside(card.rect, at34.view), card.id).toBe(true);
    }
    await page.screenshot({ path: screenshotPath('canvas-34') });

    const many = await canvasOf(150);
    await many.page.getByTestId('canvas-fit').click();
    const at150 = await onScreen(many.page);
    expect(at150.cards).toHaveLength(155);
    for (const card of at150.cards) expect(card.textPx, card.id).toBeGreaterThanOrEqual(12);
    const shown = at150.cards.filter((c) => overlap(c.rect, at150.view));
    // The board starts where it reads first: the first ground rule, whole, at the top left.
    expect(inside(shown.find((c) => c.id === 'rule-1')!.rect, at150.view)).toBe(true);
    expect(shown.length).toBeGreaterThan(30);
    for (let i = 0; i < at150.cards.length; i++) {
      for (let j = i + 1; j < at150.cards.length; j++) {
        const [a, b] = [at150.cards[i]!, at150.cards[j]!];
        expect(overlap(a.rect, b.rect), `${a.id} ${b.id}`).toBe(false);
      }
    }
    await many.page.screenshot({ path: screenshotPath('canvas-150') });
    expect(rejected).toEqual([]);
  });
});
