import type { Card } from '@trellis/shared';

/**
 * Where everything sits on the facilitator's canvas, in world units (CSS pixels at 100% zoom).
 *
 * Zones are columns of one fixed width, side by side. A card's stored `x`,`y` are relative to its
 * zone's body (the area under the zone title, inside its padding), not to the canvas: the zone
 * field stays the truth about which zone a card is in, and adding or reordering zones (a
 * follow-up session adds one) never throws cards into a neighbour. Coordinates are physical
 * (x grows to the right) in every language; only the order of the columns follows the reading
 * direction. Cards have one fixed size, so every screen computes the same layout from the doc
 * alone, without measuring text.
 */
export const CARD_W = 200;
export const CARD_H = 112;
export const GAP = 16;
export const ZONE_PAD = 16;
/** Room for the zone title above its body. */
export const ZONE_HEADER = 52;
const ZONE_COLUMNS = 2;
export const ZONE_GAP = 40;
/** The body width a card may be placed in, and its furthest left edge. */
export const BODY_W = ZONE_COLUMNS * CARD_W + (ZONE_COLUMNS - 1) * GAP;
export const ZONE_W = BODY_W + 2 * ZONE_PAD;
const MAX_X = BODY_W - CARD_W;
/** Any participant may write `y`: a hostile 1e9 must not make a zone a kilometre tall. */
const MAX_Y = 20_000;
const MIN_BODY_H = 3 * CARD_H + 2 * GAP;

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  w: number;
  h: number;
}

export interface ZoneRegion {
  /** `undefined` before the board has synced its zones. */
  id: string | undefined;
  title: string;
  rect: Rect;
}

export interface PlacedCard {
  card: Card;
  /** The region the card shows in (its zone, or the first one when the zone is unknown). */
  zoneId: string | undefined;
  /** Top-left corner in world units. */
  x: number;
  y: number;
}

export interface CanvasLayout {
  zones: ZoneRegion[];
  cards: PlacedCard[];
  byId: ReadonlyMap<string, PlacedCard>;
  bounds: Rect;
}

export interface ZoneInput {
  id: string;
  title: string;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export const intersects = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export const contains = (r: Rect, p: Point): boolean =>
  p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;

export const cardRect = (placed: PlacedCard): Rect => ({
  x: placed.x,
  y: placed.y,
  w: CARD_W,
  h: CARD_H,
});

/** Slot `i` of the auto-layout: two columns, filled row by row. */
function slot(i: number): Point {
  return {
    x: (i % ZONE_COLUMNS) * (CARD_W + GAP),
    y: Math.floor(i / ZONE_COLUMNS) * (CARD_H + GAP),
  };
}

/**
 * Body-relative positions for one zone's cards. Cards with a stored position keep it (clamped
 * into the body); the rest fill the free slots in creation order, skipping slots a placed card
 * covers, so a card without a position never lands under one that has one.
 */
function placeInZone(cards: readonly Card[]): Map<string, Point> {
  const out = new Map<string, Point>();
  const taken: Rect[] = [];
  for (const card of cards) {
    if (card.x === undefined || card.y === undefined) continue;
    const p = { x: clamp(card.x, 0, MAX_X), y: clamp(card.y, 0, MAX_Y) };
    out.set(card.id, p);
    taken.push({ ...p, w: CARD_W, h: CARD_H });
  }
  let next = 0;
  for (const card of cards) {
    if (out.has(card.id)) continue;
    let p = slot(next++);
    // Ends: slots below the lowest placed card are free, and `next` only grows, so a zone costs
    // at most (slots skipped + cards) checks.
    while (taken.some((r) => intersects(r, { ...p, w: CARD_W, h: CARD_H }))) p = slot(next++);
    out.set(card.id, p);
  }
  return out;
}

/**
 * The whole canvas from the doc: `cards` in creation order (as `listCards` gives them), `zones`
 * in zone order. A card whose zone is missing or unknown shows in the first zone, like the list.
 */
export function layoutCanvas(
  cards: readonly Card[],
  zones: readonly ZoneInput[],
  rtl = false,
): CanvasLayout {
  const inputs: { id: string | undefined; title: string }[] =
    zones.length === 0 ? [{ id: undefined, title: '' }] : [...zones];
  const known = new Set(inputs.map((z) => z.id));
  const first = inputs[0]?.id;
  const perZone = new Map<string | undefined, Card[]>(inputs.map((z) => [z.id, []]));
  for (const card of cards) {
    const zoneId = card.zone !== undefined && known.has(card.zone) ? card.zone : first;
    perZone.get(zoneId)?.push(card);
  }

  const relative = new Map<string | undefined, Map<string, Point>>();
  let bodyH = MIN_BODY_H;
  for (const [zoneId, list] of perZone) {
    const placed = placeInZone(list);
    relative.set(zoneId, placed);
    for (const p of placed.values()) bodyH = Math.max(bodyH, p.y + CARD_H);
  }
  // Every column as tall as the tallest, so the zones read as one board.
  const zoneH = ZONE_HEADER + bodyH + ZONE_PAD;
  const ordered = rtl ? [...inputs].reverse() : inputs;
  const regions: ZoneRegion[] = ordered.map((z, i) => ({
    id: z.id,
    title: z.title,
    rect: { x: i * (ZONE_W + ZONE_GAP), y: 0, w: ZONE_W, h: zoneH },
  }));

  // Cards in zone order then creation order: the DOM order, so Tab follows the reading order.
  const placedCards: PlacedCard[] = [];
  const regionOf = new Map(regions.map((r) => [r.id, r]));
  for (const input of inputs) {
    const region = regionOf.get(input.id);
    if (!region) continue;
    const origin = bodyOrigin(region);
    for (const card of perZone.get(region.id) ?? []) {
      const p = relative.get(region.id)?.get(card.id) ?? { x: 0, y: 0 };
      placedCards.push({ card, zoneId: region.id, x: origin.x + p.x, y: origin.y + p.y });
    }
  }
  const width = regions.length * ZONE_W + (regions.length - 1) * ZONE_GAP;
  return {
    zones: regions,
    cards: placedCards,
    byId: new Map(placedCards.map((p) => [p.card.id, p])),
    bounds: { x: 0, y: 0, w: width, h: zoneH },
  };
}

export const bodyOrigin = (region: ZoneRegion): Point => ({
  x: region.rect.x + ZONE_PAD,
  y: region.rect.y + ZONE_HEADER,
});

/** The zone column under a world x; outside every column, the nearest one. */
export function zoneAt(layout: CanvasLayout, x: number): ZoneRegion | undefined {
  let best: ZoneRegion | undefined;
  let bestDistance = Infinity;
  for (const region of layout.zones) {
    const { x: left, w } = region.rect;
    const distance = x < left ? left - x : x > left + w ? x - left - w : 0;
    if (distance < bestDistance) {
      best = region;
      bestDistance = distance;
    }
  }
  return best;
}

export interface Placement {
  /** `undefined` only on a board without zones: then the card's zone is left alone. */
  zoneId: string | undefined;
  /** Body-relative, clamped, whole units: what goes into the doc. */
  x: number;
  y: number;
}

/**
 * Where a card whose top-left corner is now at world `(x, y)` lands: the zone under its centre,
 * at a body-relative position clamped into that zone.
 */
export function placementAt(layout: CanvasLayout, x: number, y: number): Placement | undefined {
  const region = zoneAt(layout, x + CARD_W / 2);
  if (!region) return undefined;
  const origin = bodyOrigin(region);
  return {
    zoneId: region.id,
    x: Math.round(clamp(x - origin.x, 0, MAX_X)),
    y: Math.round(clamp(y - origin.y, 0, MAX_Y)),
  };
}

/**
 * The keyboard's way across zones: a card already against its zone's side, moved further that
 * way, goes to the neighbouring column (as drawn, so → is right in Arabic too), at the same height
 * and against the near side. `undefined` when there is no column that way.
 */
export function acrossZones(
  layout: CanvasLayout,
  placed: PlacedCard,
  direction: -1 | 1,
): Placement | undefined {
  const index = layout.zones.findIndex((region) => region.id === placed.zoneId);
  const region = layout.zones[index];
  if (!region) return undefined;
  const x = placed.x - bodyOrigin(region).x;
  if ((direction < 0 && x > 0) || (direction > 0 && x < MAX_X)) return undefined;
  const next = layout.zones[index + direction];
  if (!next || next.id === undefined) return undefined;
  return {
    zoneId: next.id,
    x: direction > 0 ? 0 : MAX_X,
    y: Math.round(clamp(placed.y - bodyOrigin(next).y, 0, MAX_Y)),
  };
}

/** The topmost card under a world point, skipping some (the ones being dragged). */
export function cardAt(
  layout: CanvasLayout,
  p: Point,
  skip: ReadonlySet<string> = new Set(),
): PlacedCard | undefined {
  // Later cards are drawn on top, so search from the end.
  for (let i = layout.cards.length - 1; i >= 0; i--) {
    const placed = layout.cards[i]!;
    if (!skip.has(placed.card.id) && contains(cardRect(placed), p)) return placed;
  }
  return undefined;
}
