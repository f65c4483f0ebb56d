import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type * as Y from 'yjs';
import { addCard, cardsOf, writeMeta, type CardKind } from '@trellis/shared';

/** Words people write on cards, in the four languages of the room. */
const WORDS = [
  'trust',
  'is',
  'built',
  'in',
  'small',
  'steps',
  'between',
  'organisations',
  'that',
  'listen',
  'confiance',
  'vertrouwen',
  'الثقة',
  'together',
  'neighbourhood',
  'we',
  'keep',
  'our',
  'word',
];

/** A card's words, 3 to 25 of them, the same for the same index on every run. */
export function words(i: number): string {
  const n = 3 + ((i * 37) % 23);
  return Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');
}

export interface WallBoard {
  /** Every card the projector must show somewhere. */
  ids: string[];
  /** Synthesis points, most voted first. */
  ranked: string[];
}

/**
 * `count` statements written into a trust board through a facilitator's doc: on their own, or
 * (with `points`) most of them gathered under synthesis points whose votes are published, or
 * with `commitments` on the board too.
 */
export function fillBoard(
  doc: Y.Doc,
  count: number,
  { points = 0, commitments = 0 }: { points?: number; commitments?: number } = {},
): WallBoard {
  const ids: string[] = [];
  const add = (id: string, kind: CardKind, text: string, zone: string, extra: object = {}) => {
    addCard(doc, { id, kind, text, zone, createdAt: 1_000 + ids.length, ...extra });
    ids.push(id);
  };
  doc.transact(() => {
    for (let i = 0; i < count; i++) add(`s${i}`, 'statement', `${i}: ${words(i)}`, 'statements');
    for (let p = 0; p < points; p++)
      add(
        `p${p}`,
        'synthesis',
        `Point ${p}: ${words(p * 23 + 20)
          .split(' ', 5)
          .join(' ')}`,
        'synthesis',
      );
    for (let c = 0; c < commitments; c++)
      add(`c${c}`, 'commitment', `I will ${words(c + 5)}`, 'commitments', {
        org: `Organisation ${c}`,
        step: words(c + 1),
        by: '2026-12-15',
      });
    // Three statements in four go under a point; the points' votes rise with their number.
    const results: Record<string, number> = {};
    for (let i = 0; points > 0 && i < count; i++) {
      if (i % 4 !== 3)
        cardsOf(doc)
          .get(`s${i}`)!
          .set('group', `p${i % points}`);
    }
    for (let p = 0; p < points; p++) results[`p${p}`] = (p * 7) % (points + 3);
    if (points > 0) writeMeta(doc, { results });
  });
  const votes = (id: string): number => (Number(id.slice(1)) * 7) % (points + 3);
  const ranked = Array.from({ length: points }, (_, p) => `p${p}`).sort(
    (a, b) => votes(b) - votes(a) || Number(a.slice(1)) - Number(b.slice(1)),
  );
  return { ids, ranked };
}

interface PageCheck {
  page: number;
  pages: number;
  /** Cards on this page, point pieces and the statements inside them. */
  ids: string[];
  /** Top-level pieces in reading order (a point shown in two columns appears twice). */
  order: string[];
  problems: string[];
  minFont: number;
}

/**
 * What the projector shows right now: each visible card must lie wholly inside the screen and
 * below the header, no two cards may overlap, and none may cover the QR or the page indicator.
 */
function checkPage(page: Page): Promise<PageCheck> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const shown = (el: Element): boolean => el.checkVisibility({ visibilityProperty: true });
    const cards = [
      ...document.querySelectorAll<HTMLElement>('[data-testid=projector-card]'),
    ].filter(shown);
    const pieces = cards.filter((el) => el.dataset.item !== undefined);
    const box = (el: Element) => el.getBoundingClientRect();
    const problems: string[] = [];
    const main = box(document.querySelector('.projector-main')!);
    for (const el of cards) {
      const r = box(el);
      if (r.top < main.top - 0.5 || r.bottom > Math.min(vh, main.bottom) + 0.5)
        problems.push(
          `${el.dataset.cardId} cut: ${r.top}–${r.bottom} of ${main.top}–${main.bottom}`,
        );
      if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`${el.dataset.cardId} off the side`);
    }
    const obstacles = [
      ...document.querySelectorAll('.projector-header, .projector-pages, .projector-join'),
    ].map((el) => ({ name: el.className, r: box(el) }));
    const meet = (a: DOMRect, b: DOMRect): boolean =>
      a.left < b.right - 0.5 &&
      b.left < a.right - 0.5 &&
      a.top < b.bottom - 0.5 &&
      b.top < a.bottom - 0.5;
    pieces.forEach((el, i) => {
      const r = box(el);
      for (const other of pieces.slice(i + 1))
        if (meet(r, box(other)))
          problems.push(`${el.dataset.cardId} overlaps ${other.dataset.cardId}`);
      for (const o of obstacles)
        if (meet(r, o.r)) problems.push(`${el.dataset.cardId} covers ${o.name}`);
    });
    const indicator = document.querySelector<HTMLElement>('[data-testid=projector-pages]');
    return {
      page: Number(indicator?.dataset.page ?? 1),
      pages: Number(indicator?.dataset.pages ?? 1),
      ids: cards.map((el) => el.dataset.cardId ?? ''),
      order: pieces.map((el) => el.dataset.cardId ?? ''),
      problems,
      minFont: Math.min(
        ...cards.map((el) =>
          parseFloat(getComputedStyle(el.querySelector('.card-text')!).fontSize),
        ),
      ),
    };
  });
}

/** Two animation frames: whatever a resize observer does to the layout has been drawn. */
const frames = (page: Page): Promise<unknown> =>
  page.evaluate(
    () =>
      new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
  );

/**
 * The projector once its layout holds still: the header and the QR panel have found their size
 * (the workshop's state arrives after the board) and the wall has laid out again for them. A
 * check made in between sees the old plan against the new size for an instant no frame shows, so
 * two checks 150 ms apart must agree, pages and order, with nothing wrong.
 */
async function settled(page: Page): Promise<PageCheck> {
  let last: PageCheck | undefined;
  await expect
    .poll(
      async () => {
        await frames(page);
        const before = last;
        last = await checkPage(page);
        if (last.problems.length > 0) return last.problems;
        const same =
          before !== undefined &&
          before.problems.length === 0 &&
          before.pages === last.pages &&
          before.order.join() === last.order.join();
        return same ? [] : ['still moving'];
      },
      { timeout: 10_000, interval: 150 },
    )
    .toEqual([]);
  return last!;
}

/**
 * Turns every page of the projector (as a presenter's clicker does, PageDown) and checks each;
 * answers the cards seen across all pages. Screenshots of the first and last page.
 */
export async function everyPage(
  page: Page,
  shot: string,
): Promise<{ seen: Set<string>; pages: number; minFont: number; firstOrder: string[] }> {
  const seen = new Set<string>();
  let first = await settled(page);
  const pages = first.pages;
  let minFont = Infinity;
  for (let p = 1; p <= pages; p++) {
    const now = p === 1 ? first : await checkPage(page);
    if (p === 1 || p === pages) await page.screenshot({ path: shot.replace('.png', `-p${p}.png`) });
    expect(now.page, 'the page indicator').toBe(p);
    expect(now.problems, `page ${p} of ${pages}`).toEqual([]);
    now.ids.forEach((id) => seen.add(id));
    minFont = Math.min(minFont, now.minFont);
    if (p < pages) {
      await page.keyboard.press('PageDown');
      await expect
        .poll(() => page.getByTestId('projector-pages').getAttribute('data-page'))
        .toBe(String(p + 1));
    }
    if (p === 1) first = now;
  }
  return { seen, pages, minFont, firstOrder: first.order };
}
