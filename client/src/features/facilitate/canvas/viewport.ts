import type { Point, Rect } from './geometry';

/**
 * The camera over the canvas: screen = world × scale + (x, y), in CSS pixels of the canvas
 * element. One CSS transform on one inner layer applies it, so panning and zooming 300 cards
 * repaints one layer instead of laying out 300 elements.
 */
export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

export const MIN_SCALE = 0.2;
export const MAX_SCALE = 2.5;
/** One press of + or −, one click of the zoom buttons. */
export const ZOOM_STEP = 1.25;

export const IDENTITY: Viewport = { x: 0, y: 0, scale: 1 };

const clampScale = (s: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

export const toWorld = (v: Viewport, screen: Point): Point => ({
  x: (screen.x - v.x) / v.scale,
  y: (screen.y - v.y) / v.scale,
});

export const transformOf = (v: Viewport): string =>
  `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;

/** Zooms by `factor` keeping the world point under `screen` where it is (cursor, pinch centre). */
export function zoomAt(v: Viewport, factor: number, screen: Point): Viewport {
  const scale = clampScale(v.scale * factor);
  const world = toWorld(v, screen);
  return { scale, x: screen.x - world.x * scale, y: screen.y - world.y * scale };
}

export const panBy = (v: Viewport, dx: number, dy: number): Viewport => ({
  ...v,
  x: v.x + dx,
  y: v.y + dy,
});

/**
 * Card text is 1.05rem (16.8 px, canvas.css): at this scale it reads 12.6 px on screen, the least
 * "Fit" goes down to, however many cards there are.
 */
export const LEGIBLE_SCALE = 0.75;

/**
 * The whole of `rect` in a `width`×`height` canvas, centred, never above 100% and never below a
 * legible size: a board too big for that starts where it reads first (its top, and its left, or
 * its right in a right-to-left language), the rest a pan away.
 */
export function fitRect(
  rect: Rect,
  width: number,
  height: number,
  { pad = 12, floor = LEGIBLE_SCALE, rtl = false } = {},
): Viewport {
  if (rect.w <= 0 || rect.h <= 0 || width <= 0 || height <= 0) return IDENTITY;
  const whole = Math.min((width - 2 * pad) / rect.w, (height - 2 * pad) / rect.h, 1);
  const scale = clampScale(Math.max(whole, Math.min(floor, 1)));
  const wide = rect.w * scale > width - 2 * pad;
  const x = !wide
    ? (width - rect.w * scale) / 2 - rect.x * scale
    : rtl
      ? width - pad - (rect.x + rect.w) * scale
      : pad - rect.x * scale;
  return { scale, x, y: Math.max(pad, (height - rect.h * scale) / 2) - rect.y * scale };
}

/** The smallest pan that brings `rect` fully into view (a card reached with Tab). */
export function reveal(v: Viewport, rect: Rect, width: number, height: number, pad = 16): Viewport {
  const left = rect.x * v.scale + v.x;
  const top = rect.y * v.scale + v.y;
  const right = left + rect.w * v.scale;
  const bottom = top + rect.h * v.scale;
  const dx = left < pad ? pad - left : right > width - pad ? width - pad - right : 0;
  const dy = top < pad ? pad - top : bottom > height - pad ? height - pad - bottom : 0;
  return dx === 0 && dy === 0 ? v : panBy(v, dx, dy);
}
