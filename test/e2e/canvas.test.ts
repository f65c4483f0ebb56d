import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addCard, listCards, type Card, type CreateSessionResponse } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { eventually, recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';

/**
 * The facilitator's canvas in Chromium: a trust session whose statements a stock y-websocket
 * client (the "observer", holding a facilitator token) seeds and then watches, so every assertion
 * is about what landed in the shared doc, not about the page's own state.
 */
/** Every rule the server enforced against these honest screens: must stay empty. */
const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const browser = useChromium();
let created: CreateSessionResponse;
let observer: ReturnType<typeof provider>;
let page: Page;

const STATEMENTS = {
  a: 'Trust is shown, not told',
  b: 'Small projects first',
  c: 'A story people can follow',
  d: 'Keep your word in small things',
  e: 'Say what you cannot do',
} as const;

beforeAll(async () => {
  created = await s.createSession('Canvas workshop', { template: 'trust' });
  observer = provider(s.wsUrl, created.id, created.facilitatorToken);
  await observer.synced;
  let at = 1_000;
  for (const [id, text] of Object.entries(STATEMENTS)) {
    addCard(observer.doc, { id, kind: 'statement', text, zone: 'statements', createdAt: at++ });
  }
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
  await page.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
  // The list stays the default view; the canvas is one click away.
  await page.getByTestId('facilitator-card').first().waitFor();
  await page.getByTestId('view-canvas').click();
  await card('e').waitFor();
  // The canvas sits under the control bar: raw mouse moves need it on screen.
  await page.getByTestId('canvas-viewport').scrollIntoViewIfNeeded();
});

afterAll(() => observer?.provider.destroy());

const card = (id: string): Locator =>
  page.locator(`[data-testid=canvas-card][data-card-id="${id}"]`);
const seen = (id: string): Card | undefined => listCards(observer.doc).find((c) => c.id === id);
const scale = async (): Promise<number> =>
  Number(await page.getByTestId('canvas-world').getAttribute('data-scale'));

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Counts the board updates the observer receives while `during` runs. */
async function updatesDuring(during: () => Promise<void>): Promise<number> {
  let count = 0;
  const bump = (): void => void count++;
  observer.doc.on('update', bump);
  try {
    await during();
  } finally {
    observer.doc.off('update', bump);
  }
  return count;
}

describe('facilitator canvas', () => {
  it('[E50] dragging a card writes its position once, on release; dropped on another zone it moves there', async () => {
    const k = await scale();
    expect(k).toBeGreaterThan(0);
    const from = await centre(card('a'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    const midDrag = await updatesDuring(async () => {
      for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + i * 8, from.y + i * 6);
      await page.waitForTimeout(300);
    });
    // While the pointer moves, nothing is written: the card follows a local transform.
    expect(midDrag).toBe(0);
    const onRelease = await updatesDuring(async () => {
      await page.mouse.up();
      await eventually(() => expect(seen('a')?.x).toBeDefined());
    });
    expect(onRelease).toBe(1);
    // Card a had the first auto-layout slot (0, 0) of its zone; positions are zone-relative.
    const a = seen('a')!;
    expect(a.zone).toBe('statements');
    expect(Math.abs(a.x! - 80 / k)).toBeLessThanOrEqual(2);
    expect(Math.abs(a.y! - 60 / k)).toBeLessThanOrEqual(2);

    // Dropped over the commitments column, card c changes zone in the same single write.
    const target = await page
      .locator('[data-testid=canvas-zone][data-zone=commitments]')
      .boundingBox();
    if (!target) throw new Error('commitments zone not on screen');
    const start = await centre(card('c'));
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 3, {
      steps: 8,
    });
    const moved = await updatesDuring(async () => {
      await page.mouse.up();
      await eventually(() => expect(seen('c')?.zone).toBe('commitments'));
    });
    expect(moved).toBe(1);
    expect(seen('c')?.x).toBeGreaterThanOrEqual(0);
    await expect
      .poll(() => card('c').evaluate((el) => el.closest('[role=group]')?.textContent ?? ''))
      .toContain('Commitments');
  });

  it('[E51] zooms with the buttons, ctrl + wheel and the keyboard, and fits the board', async () => {
    const level = page.getByTestId('canvas-zoom-level');
    const k0 = await scale();
    await page.getByTestId('canvas-zoom-in').click();
    await expect.poll(scale).toBeCloseTo(k0 * 1.25, 5);
    expect(await level.textContent()).toBe(`${Math.round(k0 * 125)}%`);
    await page.getByTestId('canvas-zoom-out').click();
    await expect.poll(scale).toBeCloseTo(k0, 5);

    const viewport = await centre(page.getByTestId('canvas-viewport'));
    await page.mouse.move(viewport.x, viewport.y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect.poll(scale).toBeGreaterThan(k0 * 1.2);
    const transform = await page
      .getByTestId('canvas-world')
      .evaluate((el) => (el as HTMLElement).style.transform);
    expect(transform).toMatch(/scale\(/);

    // Keyboard: − and + while a card has the focus, 0 fits the board again.
    await card('b').focus();
    const k1 = await scale();
    await page.keyboard.press('-');
    await expect.poll(scale).toBeCloseTo(k1 / 1.25, 5);
    await page.keyboard.press('+');
    await expect.poll(scale).toBeCloseTo(k1, 5);
    await page.keyboard.press('0');
    await expect.poll(scale).toBeCloseTo(k0, 5);

    // A plain wheel pans: the scale stays, the world moves.
    const before = await card('b').boundingBox();
    await page.mouse.move(viewport.x, viewport.y);
    await page.mouse.wheel(0, 120);
    await expect.poll(async () => (await card('b').boundingBox())?.y).toBeLessThan(before!.y - 50);
    expect(await scale()).toBeCloseTo(k0, 5);
    await page.getByTestId('canvas-fit').click();
  });

  it('[E52] shift-click selects two statements and groups them into a new synthesis point the projector shows', async () => {
    const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const projector = await projCtx.newPage();
    await projector.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}&lang=en`);
    await projector.getByTestId('projector-card').first().waitFor();

    await card('a').click();
    await card('b').click({ modifiers: ['Shift'] });
    expect(await card('a').getAttribute('aria-pressed')).toBe('true');
    expect(await card('b').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('canvas-selected').textContent()).toBe('2 cards selected');

    await page.getByTestId('canvas-new-point-text').fill('Trust grows in small steps');
    const writes = await updatesDuring(async () => {
      await page.getByTestId('canvas-new-point').click();
      await eventually(() =>
        expect(listCards(observer.doc).some((c) => c.kind === 'synthesis')).toBe(true),
      );
    });
    expect(writes).toBe(1);
    const point = listCards(observer.doc).find((c) => c.kind === 'synthesis')!;
    expect(point.text).toBe('Trust grows in small steps');
    expect(point.zone).toBe('synthesis');
    expect(seen('a')?.group).toBe(point.id);
    expect(seen('b')?.group).toBe(point.id);

    // The projector nests both statements under the new point.
    const onProjector = projector.locator(
      `[data-testid=projector-card][data-card-id="${point.id}"] .projector-grouped [data-testid=projector-card]`,
    );
    await expect.poll(() => onProjector.count()).toBe(2);
    expect(
      (await onProjector.allTextContents()).map((t) => t.trim()).sort((x, y) => x.localeCompare(y)),
    ).toEqual([STATEMENTS.b, STATEMENTS.a].sort((x, y) => x.localeCompare(y)));
    await card(point.id).waitFor();
    expect(await card(point.id).textContent()).toContain('2 statements');

    // Dropping a statement onto the point groups it there, and leaves its position alone.
    const d = await centre(card('d'));
    const target = await centre(card(point.id));
    await page.mouse.move(d.x, d.y);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 8 });
    expect(await card(point.id).getAttribute('class')).toContain('is-drop-target');
    await page.mouse.up();
    await eventually(() => expect(seen('d')?.group).toBe(point.id));
    expect(seen('d')?.x).toBeUndefined();

    // Shift + drag on the empty canvas draws a band that adds every card it touches.
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.locator('[data-testid=canvas-card][aria-pressed=true]').count())
      .toBe(0);
    const boxD = (await card('d').boundingBox())!;
    const boxE = (await card('e').boundingBox())!;
    const left = Math.min(boxD.x, boxE.x) - 6;
    const top = Math.min(boxD.y, boxE.y) - 6;
    const right = Math.max(boxD.x + boxD.width, boxE.x + boxE.width) + 6;
    const bottom = Math.max(boxD.y + boxD.height, boxE.y + boxE.height) + 6;
    await page.keyboard.down('Shift');
    await page.mouse.move(right, bottom + 4);
    await page.mouse.down();
    await page.mouse.move(left, top, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => card('e').getAttribute('aria-pressed')).toBe('true');
    expect(await card('d').getAttribute('aria-pressed')).toBe('true');

    // Hide the selection: gone from the projector, dimmed on the canvas.
    await page.getByTestId('canvas-hide').click();
    await eventually(() => expect([seen('d')?.hidden, seen('e')?.hidden]).toEqual([true, true]));
    await expect
      .poll(() => projector.locator('[data-testid=projector-card][data-card-id=e]').count())
      .toBe(0);
    await page.getByTestId('canvas-hide').click();
    await eventually(() => expect(seen('e')?.hidden).toBe(false));
    await projector.screenshot({ path: screenshotPath('canvas-projector') });
    await projCtx.close();
  });

  it('[E53] keyboard: Tab reaches a card, Enter selects it, arrows move it (shift: further, and across zones), Escape lets go', async () => {
    // With nothing selected the selection actions are disabled, so Tab from the last zoom
    // control lands on the first card, in zone order: the first of the seeded ground rules.
    await page.getByTestId('canvas-clear').click();
    await page.getByTestId('canvas-fit').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-card-id'))).toBe(
      'rule-1',
    );
    await card('e').focus();
    await page.keyboard.press('Enter');
    expect(await card('e').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await eventually(() => expect(seen('e')?.x).toBeDefined());
    const { x, y } = seen('e')!;
    await page.keyboard.press('ArrowLeft');
    await eventually(() => expect(seen('e')?.x).toBe(x! - 8));
    await page.keyboard.press('Shift+ArrowDown');
    await eventually(() => expect(seen('e')?.y).toBe(y! + 40));
    expect(seen('e')?.zone).toBe('statements');
    // The focus stays on the card it moved, and the ring shows.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-card-id'))).toBe(
      'e',
    );
    const outline = await card('e').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    // Against the zone's side, a sideways press crosses into the next zone.
    for (let i = 0; i < 8 && seen('e')?.zone === 'statements'; i++) {
      await page.keyboard.press('Shift+ArrowRight');
      await page.waitForTimeout(100);
    }
    await eventually(() => expect(seen('e')?.zone).toBe('synthesis'));
    expect(seen('e')?.x).toBe(0);
    // The card re-mounts in its new zone's group; the focus follows it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-card-id')))
      .toBe('e');
    await page.keyboard.press('Escape');
    expect(await card('e').getAttribute('aria-pressed')).toBe('false');
    await page.screenshot({ path: screenshotPath('canvas'), fullPage: true });
  });

  it('[E54] in Arabic the canvas mirrors the column order and never widens the page', async () => {
    const arCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const ar = await arCtx.newPage();
    await ar.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}&lang=ar`);
    await ar.getByTestId('view-canvas').click();
    await ar.locator('[data-testid=canvas-card]').first().waitFor();
    expect(await ar.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const rules = (await ar.locator('[data-testid=canvas-zone][data-zone=rules]').boundingBox())!;
    const commitments = (await ar
      .locator('[data-testid=canvas-zone][data-zone=commitments]')
      .boundingBox())!;
    // The first zone reads first: on the right.
    expect(rules.x).toBeGreaterThan(commitments.x);
    expect(
      await ar.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    await ar.screenshot({ path: screenshotPath('canvas-ar'), fullPage: true });
    await arCtx.close();
  });

  it('[E56] a co-facilitator sees a drag as it happens, through awareness; only the drop is written', async () => {
    const coCtx = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en',
    });
    const co = await coCtx.newPage();
    await co.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
    await co.getByTestId('view-canvas').click();
    // Card c stands alone in its zone (d is in a synthesis point's cluster now, where a short
    // drag leaves it).
    const onCo = co.locator('[data-testid=canvas-card][data-card-id="c"]');
    await onCo.waitFor();
    const before = seen('c');

    const from = await centre(card('c'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    const written = await updatesDuring(async () => {
      for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + i * 10, from.y + i * 5);
      // The other console shows the card moving, dashed, before anything is in the doc.
      await expect.poll(() => onCo.getAttribute('class')).toContain('is-remote-dragging');
      await expect.poll(() => onCo.evaluate((el) => el.style.transform)).toMatch(/translate\(/);
    });
    expect(written).toBe(0);
    expect(seen('c')).toEqual(before);

    await page.mouse.up();
    await eventually(() => expect(seen('c')?.x).not.toBe(before?.x));
    await expect.poll(() => onCo.getAttribute('class')).not.toContain('is-remote-dragging');
    expect(await onCo.evaluate((el) => el.style.transform)).toBe('');
    await coCtx.close();
  });

  it('[E67] a co-facilitator\u2019s drag shows on the canvas; a participant\u2019s forged awareness drag moves nothing', async () => {
    const moved = async (id: string): Promise<boolean> =>
      /is-remote-dragging/.test((await card(id).getAttribute('class')) ?? '') ||
      (await card(id).evaluate((el) => el.style.transform)) !== '';

    // A second console (a stock client with a facilitator token) drags card c.
    const co = provider(s.wsUrl, created.id, created.facilitatorToken);
    await co.synced;
    co.provider.awareness.setLocalStateField('drag', { ids: ['c'], dx: 40, dy: 20 });
    await expect.poll(() => moved('c')).toBe(true);
    co.provider.awareness.setLocalStateField('drag', null);
    await expect.poll(() => moved('c')).toBe(false);

    // A participant sends the same field for every card, 700 × 400 px away ([A1] stamps it as a
    // participant's; the server drops it, and the console would ignore it anyway).
    const mallory = await s.join(created.joinCode, 'Mallory');
    const forger = provider(s.wsUrl, created.id, mallory.token);
    await forger.synced;
    const ids = Object.keys(STATEMENTS);
    forger.provider.awareness.setLocalStateField('drag', { ids, dx: 700, dy: 400 });
    forger.provider.awareness.setLocalStateField('user', { role: 'facilitator', name: 'Boss' });
    // The co-facilitator's next drag proves the console was listening all along.
    co.provider.awareness.setLocalStateField('drag', { ids: ['e'], dx: 10, dy: 10 });
    await expect.poll(() => moved('e')).toBe(true);
    for (const id of ids.filter((id) => id !== 'e')) expect(await moved(id), id).toBe(false);
    co.provider.awareness.setLocalStateField('drag', null);
    await expect.poll(() => moved('e')).toBe(false);
    forger.provider.destroy();
    co.provider.destroy();
  });

  it('[E57] on a touch screen, two fingers pinch-zoom the canvas and one finger drags a card', async () => {
    const touchCtx = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      hasTouch: true,
      locale: 'en',
    });
    const tablet = await touchCtx.newPage();
    await tablet.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
    await tablet.getByTestId('view-canvas').click();
    const viewport = tablet.getByTestId('canvas-viewport');
    await viewport.scrollIntoViewIfNeeded();
    const cdp = await touchCtx.newCDPSession(tablet);
    const touch = (
      type: 'touchStart' | 'touchMove' | 'touchEnd',
      points: { x: number; y: number }[],
    ) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })),
      });
    const scaleOf = async (): Promise<number> =>
      Number(await tablet.getByTestId('canvas-world').getAttribute('data-scale'));

    // One finger on a card: it moves, and the drop is written like a mouse drag.
    const target = tablet.locator('[data-testid=canvas-card][data-card-id="c"]');
    const start = await target.boundingBox();
    if (!start) throw new Error('card c is off screen');
    const from = { x: start.x + start.width / 2, y: start.y + start.height / 2 };
    const was = seen('c');
    await touch('touchStart', [from]);
    for (let i = 1; i <= 6; i++)
      await touch('touchMove', [{ x: from.x + i * 12, y: from.y + i * 4 }]);
    await touch('touchEnd', []);
    await eventually(() => expect(seen('c')?.x).not.toBe(was?.x));
    expect(seen('c')?.zone).toBe(was?.zone);

    // Two fingers on the background, moving apart: the canvas zooms in around them.
    const box = (await viewport.boundingBox())!;
    const mid = { x: box.x + box.width / 2, y: box.y + box.height - 60 };
    const before = await scaleOf();
    await touch('touchStart', [
      { x: mid.x - 40, y: mid.y },
      { x: mid.x + 40, y: mid.y },
    ]);
    for (let i = 1; i <= 6; i++) {
      await touch('touchMove', [
        { x: mid.x - 40 - i * 15, y: mid.y },
        { x: mid.x + 40 + i * 15, y: mid.y },
      ]);
    }
    await touch('touchEnd', []);
    await expect.poll(scaleOf).toBeGreaterThan(before * 1.5);

    await touchCtx.close();
  });

  it('[E59] from the canvas, one selected card goes into the projector spotlight, and a selection is deleted after asking', async () => {
    const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const projector = await projCtx.newPage();
    await projector.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}&lang=en`);
    await projector.getByTestId('projector-card').first().waitFor();

    await page.keyboard.press('Escape');
    await card('c').click();
    const spotlight = page.getByTestId('canvas-spotlight');
    await spotlight.click();
    const shown = projector.getByTestId('projector-spotlight');
    await expect.poll(() => shown.textContent()).toContain(STATEMENTS.c);
    await expect.poll(() => spotlight.getAttribute('aria-pressed')).toBe('true');
    await spotlight.click();
    await shown.waitFor({ state: 'detached' });

    // Two cards selected, deleted for everyone only once the question is answered.
    await card('d').click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('canvas-selected').textContent()).toContain('2');
    await page.getByTestId('canvas-delete').click();
    await page.getByTestId('canvas-delete-cancel').click();
    expect(seen('c')).toBeDefined();
    await page.getByTestId('canvas-delete').click();
    await page.getByTestId('canvas-delete-confirm').click();
    await eventually(() => {
      expect(seen('c')).toBeUndefined();
      expect(seen('d')).toBeUndefined();
    });
    expect(await card('c').count()).toBe(0);
    await projCtx.close();
  });

  it('[E60] the one selected card is reworded from the toolbar', async () => {
    await page.keyboard.press('Escape');
    await card('e').click();
    await page.getByTestId('canvas-edit').click();
    const box = page.getByTestId('canvas-edit-text');
    expect(await box.inputValue()).toBe(STATEMENTS.e);
    await box.fill('Say early what you cannot do');
    await page.getByTestId('canvas-edit-save').click();
    await eventually(() => expect(seen('e')?.text).toBe('Say early what you cannot do'));
    await expect.poll(() => card('e').textContent()).toContain('Say early what you cannot do');
    // With two cards selected there is nothing single to reword.
    await card('a').click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('canvas-edit').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('[E55] the canvas wrote nothing the server had to reject', () => {
    expect(rejected).toEqual([]);
  });
});
