/**
 * The canvas's units: world units are CSS pixels at 100% zoom. Cards have one fixed size, so every
 * console lays a board out alike from the doc alone, without measuring text.
 */
export const CARD_W = 200;
export const CARD_H = 112;
export const GAP = 16;
/** One cell of a zone's grid: a card and the gap after it. */
export const CELL_W = CARD_W + GAP;
export const CELL_H = CARD_H + GAP;
export const ZONE_PAD = 12;
/** Room for the zone title above its body. */
export const ZONE_HEADER = 44;
export const ZONE_GAP = 24;
/** Any participant may write `y`: a hostile 1e9 must not make a zone a kilometre tall. */
export const MAX_Y = 20_000;
/** A cluster's frame reaches this far around its point and statements. */
export const FRAME = 6;

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  w: number;
  h: number;
}

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export const intersects = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export const contains = (r: Rect, p: Point): boolean =>
  p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;

/** A zone body `cols` cards wide, and the furthest left a card may sit in it. */
export const bodyWidth = (cols: number): number => cols * CELL_W - GAP;
export const maxX = (cols: number): number => bodyWidth(cols) - CARD_W;
/** How tall `rows` cards stacked one under the other are. */
export const rowsHeight = (rows: number): number => rows * CELL_H - GAP;
