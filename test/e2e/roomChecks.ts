import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { everyPage } from './projectorWall';

/**
 * What a phone shows right now, card by card: each card (and each private card) lies inside the
 * page's scrollable area and inside any ancestor that clips or scrolls its content, its text is
 * not cut sideways, the page never scrolls sideways, and no two cards of a list overlap (a
 * statement inside a point is checked against the point's other statements, not the point).
 */
export function phoneProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const CARDS = '[data-testid=card], [data-testid=private-card]';
    const problems: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    const vw = window.innerWidth;
    if (root.scrollWidth > vw + 0.5)
      problems.push(`the page scrolls sideways: ${root.scrollWidth}`);
    const cards = [...document.querySelectorAll<HTMLElement>(CARDS)].filter((el) =>
      el.checkVisibility({ visibilityProperty: true }),
    );
    const name = (el: HTMLElement): string =>
      el.dataset.cardId ?? (el.textContent ?? '').trim().slice(0, 40);
    const inside = (r: DOMRect, b: { left: number; top: number; right: number; bottom: number }) =>
      r.left >= b.left - 0.5 &&
      r.right <= b.right + 0.5 &&
      r.top >= b.top - 0.5 &&
      r.bottom <= b.bottom + 0.5;
    // The whole scrollable page, in viewport coordinates.
    const whole = {
      left: -window.scrollX,
      top: -window.scrollY,
      right: Math.min(vw, root.scrollWidth - window.scrollX),
      bottom: root.scrollHeight - window.scrollY,
    };
    for (const el of cards) {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) problems.push(`${name(el)} has no size`);
      if (!inside(r, whole)) problems.push(`${name(el)} outside the page: ${r.top}–${r.bottom}`);
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        const overflow = `${style.overflowX} ${style.overflowY}`;
        if (!/hidden|clip|auto|scroll/.test(overflow)) continue;
        const b = a.getBoundingClientRect();
        // A scrolling box holds what it can scroll to; a clipping one only what it shows.
        const scrolls = /auto|scroll/.test(overflow);
        const area = scrolls
          ? {
              left: b.left - a.scrollLeft,
              top: b.top - a.scrollTop,
              right: b.left - a.scrollLeft + a.scrollWidth,
              bottom: b.top - a.scrollTop + a.scrollHeight,
            }
          : b;
        if (!inside(r, area)) problems.push(`${name(el)} clipped by .${a.className}`);
      }
      const text = el.querySelector<HTMLElement>('[data-testid=card-text]');
      if (text && text.scrollWidth > text.clientWidth + 1)
        problems.push(`${name(el)}: its text is cut sideways`);
    }
    // Siblings in one list: top-level cards together, the statements of one point together.
    const lists = new Map<Element, HTMLElement[]>();
    for (const el of cards) {
      const list = el.parentElement!;
      lists.set(list, [...(lists.get(list) ?? []), el]);
    }
    for (const siblings of lists.values())
      siblings.forEach((el, i) => {
        const a = el.getBoundingClientRect();
        for (const other of siblings.slice(i + 1)) {
          const b = other.getBoundingClientRect();
          if (
            a.left < b.right - 0.5 &&
            b.left < a.right - 0.5 &&
            a.top < b.bottom - 0.5 &&
            b.top < a.bottom - 0.5
          )
            problems.push(`${name(el)} overlaps ${name(other)}`);
        }
      });
    return problems;
  });
}

/**
 * Every page of the projector from the first (a projector that has been running sits on
 * whichever page it turned to), each checked with E80's helper: whole cards, no overlap. Answers
 * the ids of the cards seen across all pages.
 */
export async function wholeProjector(page: Page, shot: string): Promise<Set<string>> {
  const indicator = page.getByTestId('projector-pages');
  if ((await indicator.count()) > 0) {
    // One PageUp a page: the wall turns pages by steps, each applied in turn.
    const now = Number(await indicator.getAttribute('data-page'));
    for (let p = now; p > 1; p--) await page.keyboard.press('PageUp');
    await expect.poll(() => indicator.getAttribute('data-page')).toBe('1');
  }
  const { seen } = await everyPage(page, shot);
  return seen;
}

/** `expected` all among what the projector showed. */
export function expectAllSeen(seen: Set<string>, expected: readonly string[]): void {
  expect(expected.filter((id) => !seen.has(id))).toEqual([]);
}
