import {
  bodyWidth,
  CARD_H,
  CARD_W,
  CELL_W,
  clamp,
  GAP,
  MAX_Y,
  maxX,
  rowsHeight,
  ZONE_GAP,
  ZONE_HEADER,
  ZONE_PAD,
  type Point,
  type Rect,
} from './sizes';

/**
 * Packing the canvas: each zone a grid of as many columns as suits the board, zones stacked in
 * columns of the board, so that "Fit" shows the whole board as large as the screen allows.
 */

/** What a zone holds: a card, or a synthesis point with the statements under it (`rows` tall). */
export interface ZoneItem {
  id: string;
  rows: number;
  /** A synthesis point: it may stand in a zone one card wide. */
  point: boolean;
  /** Where the facilitator put it, body-relative; the rest fill the free places. */
  stored: Point | undefined;
}

export interface PackedZone {
  cols: number;
  /** Body-relative top-left corners. */
  at: ReadonlyMap<string, Point>;
  height: number;
}

/** Wide enough for any board a room writes (600 cards fit 25 columns at the board's shape). */
export const MAX_COLS = 40;
/** The shape packing aims for: a laptop's canvas, wider than tall. */
export const BOARD_ASPECT = 1.8;

const itemHeight = (item: ZoneItem): number => rowsHeight(item.rows);

/** A stored position, clamped into the widest body a zone can have and above the floor. */
const storedAt = (p: Point, cols: number): Point => ({
  x: clamp(p.x, 0, maxX(cols)),
  y: clamp(p.y, 0, MAX_Y),
});

/**
 * The fewest columns a zone may have: wide enough for every card where it was put (a zone never
 * squeezes a placed card onto another), and two for a zone with cards other than synthesis
 * points, so such a card can move sideways inside it before it crosses into the next zone.
 */
export function minCols(items: readonly ZoneItem[]): number {
  let right = 0;
  for (const { stored } of items) {
    if (stored) right = Math.max(right, storedAt(stored, MAX_COLS).x + CARD_W);
  }
  const least = items.some((item) => !item.point) ? 2 : 1;
  return Math.min(MAX_COLS, Math.max(least, Math.ceil((right + GAP) / CELL_W)));
}

/**
 * One zone's body `cols` wide: placed items keep their position; the others go, in order, to the
 * column where they can sit highest (the shortest column, skipping placed cards; the leftmost of
 * equals), so tall synthesis points and single cards share the columns evenly. Without
 * `positions` only the height is worked out: arrangeZones tries every width of every zone, so a
 * 600-card zone is packed 40 ways on every change of the board, and that was the console's
 * longest piece of work.
 */
export function packZone(
  items: readonly ZoneItem[],
  cols: number,
  positions = true,
  { scan = false } = {},
): PackedZone {
  const at = new Map<string, Point>();
  const fixed: Rect[] = [];
  let height = CARD_H;
  let rows: number | undefined;
  let uniform = true;
  for (const item of items) {
    if (!item.stored) {
      uniform &&= rows === undefined || rows === item.rows;
      rows = item.rows;
      continue;
    }
    const p = storedAt(item.stored, cols);
    if (positions) at.set(item.id, p);
    const h = itemHeight(item);
    fixed.push({ ...p, w: CARD_W, h });
    height = Math.max(height, p.y + h);
  }
  const inColumn = Array.from({ length: cols }, (_, c) =>
    fixed
      .filter((r) => r.x < c * CELL_W + CARD_W && c * CELL_W < r.x + r.w)
      .sort((a, b) => a.y - b.y),
  );
  const next = uniform && !scan ? roundRobin(inColumn, rowsHeight(rows ?? 1)) : scanning(inColumn);
  for (const item of items) {
    if (item.stored) continue;
    const h = itemHeight(item);
    const { c, y } = next(h);
    if (positions) at.set(item.id, { x: c * CELL_W, y });
    height = Math.max(height, y + h);
  }
  return { cols, at, height };
}

/** Where the next item `h` tall goes: the column, the top; the column is taken from there on. */
type NextPlace = (h: number) => { c: number; y: number };

/** Every column asked for the highest place it has for each item. */
function scanning(inColumn: readonly (readonly Rect[])[]): NextPlace {
  const tops = new Float64Array(inColumn.length);
  return (h) => {
    let best = { c: 0, y: Infinity };
    for (let c = 0; c < inColumn.length; c++) {
      const placed = inColumn[c]!;
      const y = placed.length === 0 ? tops[c]! : free(placed, tops[c]!, h);
      if (y < best.y) best = { c, y };
    }
    tops[best.c] = best.y + h + GAP;
    return best;
  };
}

/**
 * The same places, for items all `step` tall (a zone of statements), in time that does not grow
 * with the columns: columns with no placed card fill in turn, left to right and row by row, so
 * the highest of them is the next in that turn; only columns with placed cards are asked.
 */
function roundRobin(inColumn: readonly (readonly Rect[])[], step: number): NextPlace {
  const open: number[] = [];
  const blocked: number[] = [];
  inColumn.forEach((placed, c) => (placed.length === 0 ? open : blocked).push(c));
  const tops = new Float64Array(inColumn.length);
  let turn = 0;
  let row = 0;
  return (h) => {
    let best = open.length > 0 ? { c: open[turn]!, y: row } : { c: 0, y: Infinity };
    for (const c of blocked) {
      const y = free(inColumn[c]!, tops[c]!, h);
      if (y < best.y || (y === best.y && c < best.c)) best = { c, y };
    }
    if (open.length > 0 && best.c === open[turn]) {
      turn += 1;
      if (turn === open.length) {
        turn = 0;
        row += step + GAP;
      }
    } else tops[best.c] = best.y + h + GAP;
    return best;
  };
}

/** The highest place at or below `from` where `h` fits between a column's placed cards. */
function free(placed: readonly Rect[], from: number, h: number): number {
  let y = from;
  for (const r of placed) {
    if (y < r.y + r.h + GAP && r.y < y + h + GAP) y = r.y + r.h + GAP;
  }
  return y;
}

/** A zone's outer box around a packed body. */
const boxOf = (pack: PackedZone) => ({
  w: bodyWidth(pack.cols) + 2 * ZONE_PAD,
  h: ZONE_HEADER + pack.height + ZONE_PAD,
});

/** The ways a zone can be packed, fewest columns first, each shorter than the one before. */
function options(items: readonly ZoneItem[]): PackedZone[] {
  const out: PackedZone[] = [];
  const most = Math.max(minCols(items), Math.min(MAX_COLS, items.length));
  for (let cols = minCols(items); cols <= most; cols++) {
    const pack = packZone(items, cols, false);
    const last = out.at(-1);
    if (!last || pack.height < last.height) out.push(pack);
  }
  return out;
}

export interface Arrangement {
  packs: PackedZone[];
  /** Each zone's outer top-left, in the order the zones were given. */
  origins: Point[];
  sizes: { w: number; h: number }[];
  width: number;
  height: number;
}

/**
 * Zones in reading order, stacked top to bottom into the board's columns while they fit under the
 * tallest one (next fit, so the order reads down then across), each as many cards wide as its
 * share of a board shaped like `aspect`. Of every body height some packing gives, the one whose
 * board fits a screen of that shape largest wins: it is the layout "Fit" shows best.
 */
export function arrangeZones(zones: readonly (readonly ZoneItem[])[]): Arrangement {
  const choices = zones.map(options);
  const heights = [...new Set(choices.flatMap((list) => list.map((pack) => pack.height)))];
  let best: { score: number; arrangement: Arrangement } | undefined;
  for (const target of heights.sort((a, b) => a - b)) {
    const packs = choices.map(
      (list) => list.find((pack) => pack.height <= target) ?? (list.at(-1) as PackedZone),
    );
    const arrangement = stack(packs);
    const score = Math.min(BOARD_ASPECT / arrangement.width, 1 / arrangement.height);
    if (!best || score > best.score) best = { score, arrangement };
  }
  if (!best) return stack([]);
  // Only the winner's places are needed: the same packing again, this time with them.
  const packs = best.arrangement.packs.map((pack, i) => packZone(zones[i] ?? [], pack.cols));
  return { ...best.arrangement, packs };
}

function stack(packs: PackedZone[]): Arrangement {
  const sizes = packs.map(boxOf);
  const limit = Math.max(0, ...sizes.map((s) => s.h));
  const origins: Point[] = [];
  let x = 0;
  let y = 0;
  let columnW = 0;
  for (const size of sizes) {
    if (y > 0 && y + size.h > limit) {
      x += columnW + ZONE_GAP;
      y = 0;
      columnW = 0;
    }
    origins.push({ x, y });
    y += size.h + ZONE_GAP;
    columnW = Math.max(columnW, size.w);
  }
  return { packs, origins, sizes, width: x + columnW, height: limit };
}
