import type { Page } from 'playwright-core';

/** One place the Tab key stopped, as the page drew it there. */
export interface FocusStop {
  /** The element, for a failure message: its test id, else its tag and text. */
  name: string;
  /** Its box in the viewport, CSS pixels. */
  top: number;
  bottom: number;
  /** The focus ring (outline) as computed, and what lies behind it. */
  ring: { style: string; width: number; color: string };
  behind: string;
  /** Inside the element matched by `cover` (a sticky area): it cannot be hidden under it. */
  inCover: boolean;
  /** The box of `cover` in the viewport (0 to 0 without one). */
  coverTop: number;
  coverBottom: number;
}

/**
 * Presses Tab (or Shift+Tab) from where the focus is until it comes back round, and notes every
 * stop as the page shows it right then, scrolled the way the browser scrolled it into view.
 */
export async function tabStops(
  page: Page,
  { backward = false, cover, max = 120 }: { backward?: boolean; cover?: string; max?: number } = {},
): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  await page.evaluate(() => {
    (window as unknown as { stops: Element[] }).stops = [];
  });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backward ? 'Shift+Tab' : 'Tab');
    const stop = await page.evaluate((coverSelector) => {
      const seen = (window as unknown as { stops: Element[] }).stops;
      const el = document.activeElement;
      if (!el || el === document.body) return 'none' as const;
      if (seen.includes(el)) return 'again' as const;
      seen.push(el);
      const box = el.getBoundingClientRect();
      const css = getComputedStyle(el);
      // The ring is drawn outside the box (outline-offset), over what is behind the element.
      let behind = 'rgba(0, 0, 0, 0)';
      for (let up = el.parentElement; up; up = up.parentElement) {
        const bg = getComputedStyle(up).backgroundColor;
        if (!/rgba\(.*, 0\)$/.test(bg) && bg !== 'transparent') {
          behind = bg;
          break;
        }
      }
      if (behind === 'rgba(0, 0, 0, 0)') behind = 'rgb(255, 255, 255)';
      const coverEl = coverSelector ? document.querySelector(coverSelector) : null;
      const testId = el.getAttribute('data-testid');
      return {
        name:
          testId ??
          `${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}"`,
        top: box.top,
        bottom: box.bottom,
        ring: {
          style: css.outlineStyle,
          width: parseFloat(css.outlineWidth),
          color: css.outlineColor,
        },
        behind,
        inCover: coverEl?.contains(el) ?? false,
        coverTop: coverEl ? coverEl.getBoundingClientRect().top : 0,
        coverBottom: coverEl ? coverEl.getBoundingClientRect().bottom : 0,
      };
    }, cover ?? null);
    if (stop === 'again') break;
    if (stop !== 'none') stops.push(stop);
  }
  return stops;
}

const channels = (css: string): [number, number, number] => {
  const match = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(css);
  if (!match) throw new Error(`not an rgb colour: ${css}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};

/** WCAG 2 relative luminance of an sRGB colour as getComputedStyle writes it. */
const luminance = (css: string): number => {
  const [r, g, b] = channels(css).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** WCAG 2 contrast ratio between two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Stops whose focus ring is missing, thinner than 2 px or under 3:1 against what is behind it
 * (WCAG 2.2 non-text contrast for focus indicators), one line each.
 */
export function weakRings(stops: readonly FocusStop[]): string[] {
  return stops.flatMap((stop) => {
    const ratio = contrast(stop.ring.color, stop.behind);
    const drawn = stop.ring.style !== 'none' && stop.ring.width >= 2;
    return drawn && ratio >= 3
      ? []
      : [
          `${stop.name}: ${stop.ring.style} ${stop.ring.width}px ${stop.ring.color} on ${stop.behind} = ${ratio.toFixed(2)}:1`,
        ];
  });
}

/** Stops drawn under the cover (not inside it) or past the viewport's bottom, one line each. */
export function hiddenStops(stops: readonly FocusStop[], viewportHeight: number): string[] {
  return stops.flatMap((stop) => {
    const under = !stop.inCover && stop.top < stop.coverBottom && stop.bottom > stop.coverTop;
    const below = stop.bottom > viewportHeight;
    return under || below
      ? [
          `${stop.name}: ${Math.round(stop.top)}–${Math.round(stop.bottom)} px, cover ${Math.round(stop.coverTop)}–${Math.round(stop.coverBottom)}`,
        ]
      : [];
  });
}
