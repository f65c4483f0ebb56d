import type { Card } from '@trellis/shared';
import { arrangeZones, type ZoneItem } from './packing';
import {
  CARD_H,
  CARD_W,
  CELL_H,
  clamp,
  contains,
  FRAME,
  MAX_Y,
  maxX,
  rowsHeight,
  ZONE_HEADER,
  ZONE_PAD,
  type Point,
  type Rect,
} from './sizes';

export { CARD_H, CARD_W, contains, intersects, type Point, type Rect } from './sizes';

/**
 * Where everything sits on the facilitator's canvas, in world units (CSS pixels at 100% zoom).
 *
 * Zones are grids of fixed-size cards, as many columns wide as the board's packing gives them
 * (packing.ts), stacked into the board's columns in reading order. A card's stored `x`,`y` are
 * relative to its zone's body (the area under the zone title, inside its padding), not to the
 * canvas: the zone field stays the truth about which zone a card is in, and adding or reordering
 * zones (a follow-up session adds one) never throws cards into a neighbour. A synthesis point
 * gathers its statements under it, wherever they were written: they show in its cluster, in the
 * point's zone, and their own position waits for the day they leave it. Coordinates are physical
 * (x grows to the right) in every language; only the order of the zones follows the reading
 * direction. Every console computes the same layout from the doc (and which points it folded).
 */

export interface ZoneRegion {
  /** `undefined` before the board has synced its zones. */
  id: string | undefined;
  title: string;
  rect: Rect;
  /** How many cards wide its body is. */
  cols: number;
}

export interface PlacedCard {
  card: Card;
  /** The region the card shows in (its zone, its point's zone, or the first one). */
  zoneId: string | undefined;
  /** Top-left corner in world units. */
  x: number;
  y: number;
  /** For a statement shown in a synthesis point's cluster: that point. */
  point?: string;
}

/** A synthesis point with its statements: one block, a frame around it, one drop target. */
export interface Cluster {
  pointId: string;
  rect: Rect;
  /** Statements grouped under the point, shown or folded. */
  grouped: number;
  folded: boolean;
}

export interface CanvasLayout {
  zones: ZoneRegion[];
  cards: PlacedCard[];
  byId: ReadonlyMap<string, PlacedCard>;
  clusters: ReadonlyMap<string, Cluster>;
  bounds: Rect;
}

export interface ZoneInput {
  id: string;
  title: string;
}

const NONE: ReadonlySet<string> = new Set();

export const cardRect = (placed: PlacedCard): Rect => ({
  x: placed.x,
  y: placed.y,
  w: CARD_W,
  h: CARD_H,
});

export const bodyOrigin = (region: ZoneRegion): Point => ({
  x: region.rect.x + ZONE_PAD,
  y: region.rect.y + ZONE_HEADER,
});

/** Statements grouped under each visible synthesis point, in creation order. */
function membersOf(cards: readonly Card[]): Map<string, Card[]> {
  const out = new Map<string, Card[]>();
  for (const card of cards) if (card.kind === 'synthesis') out.set(card.id, []);
  for (const card of cards) {
    if (card.kind !== 'statement' || card.group === undefined || card.group === card.id) continue;
    out.get(card.group)?.push(card);
  }
  return out;
}

const storedOf = (card: Card): Point | undefined =>
  card.x === undefined || card.y === undefined ? undefined : { x: card.x, y: card.y };

/**
 * The whole canvas from the doc: `cards` in creation order (as `listCards` gives them), `zones`
 * in zone order, `folded` the points whose statements this console folded away. A card whose
 * zone is missing or unknown shows in the first zone, like the list.
 */
export function layoutCanvas(
  cards: readonly Card[],
  zones: readonly ZoneInput[],
  rtl = false,
  folded: ReadonlySet<string> = NONE,
): CanvasLayout {
  const inputs: { id: string | undefined; title: string }[] =
    zones.length === 0 ? [{ id: undefined, title: '' }] : [...zones];
  const known = new Set(inputs.map((z) => z.id));
  const first = inputs[0]?.id;
  const members = membersOf(cards);
  const inCluster = new Set([...members.values()].flat().map((card) => card.id));
  const perZone = new Map<string | undefined, Card[]>(inputs.map((z) => [z.id, []]));
  for (const card of cards) {
    if (inCluster.has(card.id)) continue;
    const zoneId = card.zone !== undefined && known.has(card.zone) ? card.zone : first;
    perZone.get(zoneId)?.push(card);
  }
  const shownUnder = (card: Card): Card[] =>
    folded.has(card.id) ? [] : (members.get(card.id) ?? []);
  const items = inputs.map((z) =>
    (perZone.get(z.id) ?? []).map((card): ZoneItem => ({
      id: card.id,
      rows: 1 + shownUnder(card).length,
      point: members.has(card.id),
      stored: storedOf(card),
    })),
  );
  const board = arrangeZones(items);
  const regions: ZoneRegion[] = inputs.map((z, i) => {
    const origin = board.origins[i] ?? { x: 0, y: 0 };
    const size = board.sizes[i] ?? { w: 0, h: 0 };
    // Right to left, the first zone reads first: on the right.
    const x = rtl ? board.width - origin.x - size.w : origin.x;
    return {
      id: z.id,
      title: z.title,
      cols: board.packs[i]?.cols ?? 1,
      rect: { x, y: origin.y, ...size },
    };
  });

  // Zone order, then creation order, each point followed by its statements: the DOM order, so
  // Tab follows the reading order.
  const placedCards: PlacedCard[] = [];
  const clusters = new Map<string, Cluster>();
  regions.forEach((region, i) => {
    const origin = bodyOrigin(region);
    for (const card of perZone.get(region.id) ?? []) {
      const p = board.packs[i]?.at.get(card.id) ?? { x: 0, y: 0 };
      const at = { x: origin.x + p.x, y: origin.y + p.y };
      placedCards.push({ card, zoneId: region.id, ...at });
      const under = members.get(card.id);
      if (!under) continue;
      const shown = shownUnder(card);
      shown.forEach((statement, n) =>
        placedCards.push({
          card: statement,
          zoneId: region.id,
          x: at.x,
          y: at.y + (n + 1) * CELL_H,
          point: card.id,
        }),
      );
      clusters.set(card.id, {
        pointId: card.id,
        grouped: under.length,
        folded: folded.has(card.id) && under.length > 0,
        rect: {
          x: at.x - FRAME,
          y: at.y - FRAME,
          w: CARD_W + 2 * FRAME,
          h: rowsHeight(1 + shown.length) + 2 * FRAME,
        },
      });
    }
  });
  return {
    zones: regions,
    cards: placedCards,
    byId: new Map(placedCards.map((p) => [p.card.id, p])),
    clusters,
    bounds: { x: 0, y: 0, w: board.width, h: board.height },
  };
}

/** How far a point is from a rectangle (0 inside it). */
const distance = (r: Rect, p: Point): number =>
  Math.hypot(
    p.x < r.x ? r.x - p.x : Math.max(0, p.x - r.x - r.w),
    p.y < r.y ? r.y - p.y : Math.max(0, p.y - r.y - r.h),
  );

/** The zone under a world point; outside every zone, the nearest one. */
export function zoneAt(layout: CanvasLayout, p: Point): ZoneRegion | undefined {
  let best: ZoneRegion | undefined;
  let bestDistance = Infinity;
  for (const region of layout.zones) {
    const d = distance(region.rect, p);
    if (d < bestDistance) {
      best = region;
      bestDistance = d;
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

/** A world position as a position in `region`'s body, clamped into it. */
const inBody = (region: ZoneRegion, x: number, y: number): Placement => {
  const origin = bodyOrigin(region);
  return {
    zoneId: region.id,
    x: Math.round(clamp(x - origin.x, 0, maxX(region.cols))),
    y: Math.round(clamp(y - origin.y, 0, MAX_Y)),
  };
};

/**
 * Where a card whose top-left corner is now at world `(x, y)` lands: the zone under its centre,
 * at a body-relative position clamped into that zone.
 */
export function placementAt(layout: CanvasLayout, x: number, y: number): Placement | undefined {
  const region = zoneAt(layout, { x: x + CARD_W / 2, y: y + CARD_H / 2 });
  return region && inBody(region, x, y);
}

/**
 * The keyboard's way across zones: a card already against its zone's side, moved further that
 * way, goes to the nearest zone on that side as drawn (so → is right in Arabic too), the one
 * level with it first, at the same height and against the near side. `undefined` when there is
 * no zone that way.
 */
export function acrossZones(
  layout: CanvasLayout,
  placed: PlacedCard,
  direction: -1 | 1,
): Placement | undefined {
  const region = layout.zones.find((r) => r.id === placed.zoneId);
  if (!region) return undefined;
  const x = placed.x - bodyOrigin(region).x;
  if ((direction < 0 && x > 0) || (direction > 0 && x < maxX(region.cols))) return undefined;
  const { rect } = region;
  const centre = { x: placed.x + CARD_W / 2, y: placed.y + CARD_H / 2 };
  const beyond = layout.zones.filter(
    (r) =>
      r.id !== undefined &&
      (direction > 0 ? r.rect.x >= rect.x + rect.w : r.rect.x + r.rect.w <= rect.x),
  );
  const nearest = (r: ZoneRegion): [number, number] => [
    direction > 0 ? r.rect.x - rect.x - rect.w : rect.x - r.rect.x - r.rect.w,
    distance({ ...r.rect, x: centre.x, w: 0 }, centre),
  ];
  const next = beyond.sort((a, b) => {
    const [ax, ay] = nearest(a);
    const [bx, by] = nearest(b);
    return ax - bx || ay - by;
  })[0];
  if (!next) return undefined;
  const to = inBody(next, 0, placed.y);
  return { ...to, x: direction > 0 ? 0 : maxX(next.cols) };
}

/** The topmost card under a world point, skipping some (the ones being dragged). */
export function cardAt(
  layout: CanvasLayout,
  p: Point,
  skip: ReadonlySet<string> = NONE,
): PlacedCard | undefined {
  // Later cards are drawn on top, so search from the end.
  for (let i = layout.cards.length - 1; i >= 0; i--) {
    const placed = layout.cards[i]!;
    if (!skip.has(placed.card.id) && contains(cardRect(placed), p)) return placed;
  }
  return undefined;
}

/** The synthesis point whose cluster is under a world point, unless it is one being dragged. */
export function pointAt(
  layout: CanvasLayout,
  p: Point,
  skip: ReadonlySet<string> = NONE,
): string | undefined {
  for (const cluster of layout.clusters.values()) {
    if (!skip.has(cluster.pointId) && contains(cluster.rect, p)) return cluster.pointId;
  }
  return undefined;
}
