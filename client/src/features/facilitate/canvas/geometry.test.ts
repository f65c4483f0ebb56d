import { describe, expect, it } from 'vitest';
import { cardView, type Card } from '@trellis/shared';
import { acrossZones, bodyOrigin, layoutCanvas, placementAt, type CanvasLayout } from './geometry';
import { CARD_H, CARD_W, CELL_H, CELL_W, intersects, maxX, ZONE_GAP, ZONE_PAD } from './sizes';
import { fitRect, LEGIBLE_SCALE } from './viewport';

const card = (id: string, extra: Partial<Card> = {}): Card =>
  cardView({ id, kind: 'statement', text: id, zone: 'a', createdAt: 0, ...extra });
const zones = [
  { id: 'a', title: 'A' },
  { id: 'b', title: 'B' },
];
const at = (layout: CanvasLayout, id: string) => {
  const p = layout.byId.get(id)!;
  return { x: p.x, y: p.y };
};
const origin = (layout: CanvasLayout, zoneId: string) =>
  bodyOrigin(layout.zones.find((z) => z.id === zoneId)!);

describe('canvas layout', () => {
  it('puts zones side by side, mirrored in right-to-left languages', () => {
    const ltr = layoutCanvas([card('x', { zone: 'b' })], zones);
    const widthA = CARD_W + 2 * ZONE_PAD;
    expect(ltr.zones.map((z) => [z.id, z.rect.x, z.cols])).toEqual([
      ['a', 0, 1],
      ['b', widthA + ZONE_GAP, 2],
    ]);
    const rtl = layoutCanvas([card('x', { zone: 'b' })], zones, true);
    const [a, b] = rtl.zones;
    expect(a!.rect.x).toBeGreaterThan(b!.rect.x);
    expect(b!.rect.x).toBe(0);
  });

  it('keeps stored positions relative to the zone and fills free places with the rest', () => {
    const layout = layoutCanvas(
      [card('placed', { x: 0, y: 0 }), card('auto1'), card('auto2'), card('other', { zone: 'b' })],
      zones,
    );
    const a = origin(layout, 'a');
    expect(at(layout, 'placed')).toEqual(a);
    // The first place is under `placed`: the first card without a position takes the next one.
    expect(at(layout, 'auto1')).toEqual({ x: a.x + CELL_W, y: a.y });
    expect(at(layout, 'auto2')).toEqual({ x: a.x, y: a.y + CELL_H });
    expect(at(layout, 'other')).toEqual(origin(layout, 'b'));
  });

  it('never narrows a zone under a card placed to the right: the zone grows to hold it', () => {
    const layout = layoutCanvas([card('far', { x: 4 * CELL_W, y: 0 })], zones);
    expect(layout.zones[0]!.cols).toBe(5);
    expect(at(layout, 'far').x).toBe(origin(layout, 'a').x + 4 * CELL_W);
  });

  it('sends a card with an unknown zone to the first zone and clamps hostile positions', () => {
    const layout = layoutCanvas([card('lost', { zone: 'nope', x: -50, y: 1e12 })], zones);
    const lost = layout.byId.get('lost')!;
    expect(lost.zoneId).toBe('a');
    expect(lost.x).toBe(origin(layout, 'a').x);
    expect(layout.bounds.h).toBeLessThan(25_000);
    expect(layoutCanvas([card('wide', { x: 1e9, y: 0 })], zones).bounds.w).toBeLessThan(10_000);
  });

  it('gathers a synthesis point’s statements under it, in its zone, and folds them away on demand', () => {
    const cards = [
      card('s1', { group: 'p' }),
      card('s2', { group: 'p', x: 300, y: 0 }),
      card('free'),
      card('p', { kind: 'synthesis', zone: 'b' }),
      card('q', { kind: 'synthesis', zone: 'b' }),
    ];
    const layout = layoutCanvas(cards, zones);
    const p = at(layout, 'p');
    expect(layout.byId.get('s1')).toMatchObject({
      zoneId: 'b',
      point: 'p',
      x: p.x,
      y: p.y + CELL_H,
    });
    expect(at(layout, 's2')).toEqual({ x: p.x, y: p.y + 2 * CELL_H });
    expect(layout.clusters.get('p')).toMatchObject({ grouped: 2, folded: false });
    const frame = layout.clusters.get('p')!.rect;
    expect(frame.h).toBeGreaterThan(3 * CARD_H);
    // The next point takes the other column rather than going under a tall one.
    expect(at(layout, 'q').y).toBe(origin(layout, 'b').y);
    // Tab order: each point followed by its statements.
    expect(layout.cards.map((c) => c.card.id)).toEqual(['free', 'p', 's1', 's2', 'q']);

    const folded = layoutCanvas(cards, zones, false, new Set(['p']));
    expect(folded.byId.has('s1')).toBe(false);
    expect(folded.clusters.get('p')).toMatchObject({ grouped: 2, folded: true });
    expect(folded.clusters.get('p')!.rect.h).toBeLessThan(CARD_H + CELL_H);
  });

  it('places a dropped card in the zone under its centre, body-relative and clamped', () => {
    const layout = layoutCanvas([card('c'), card('d', { zone: 'b' })], zones);
    const a = origin(layout, 'a');
    expect(placementAt(layout, a.x + 30.4, a.y + 10)).toEqual({ zoneId: 'a', x: 30, y: 10 });
    // Centre over zone b: lands in b, clamped inside its body.
    const b = origin(layout, 'b');
    expect(placementAt(layout, b.x + 2 * CELL_W, b.y - 400)).toEqual({
      zoneId: 'b',
      x: maxX(2),
      y: 0,
    });
    // Past the last column: the nearest zone.
    expect(placementAt(layout, 99_999, 0)?.zoneId).toBe('b');
  });

  it('takes a card against its zone side into the next zone on that side, and only then', () => {
    const layout = layoutCanvas(
      [
        card('edge', { x: maxX(2), y: 50 }),
        card('middle', { x: 40, y: 0 }),
        card('o', { zone: 'b' }),
      ],
      zones,
    );
    expect(acrossZones(layout, layout.byId.get('edge')!, 1)).toEqual({ zoneId: 'b', x: 0, y: 50 });
    expect(acrossZones(layout, layout.byId.get('middle')!, 1)).toBeUndefined();
    // No zone left of the first one.
    const first = layoutCanvas([card('left', { x: 0, y: 0 })], zones);
    expect(acrossZones(first, first.byId.get('left')!, -1)).toBeUndefined();
  });
});

describe('packing for a room', () => {
  const trust = [
    { id: 'rules', title: 'Ground rules' },
    { id: 'statements', title: 'Statements' },
    { id: 'synthesis', title: 'Synthesis' },
    { id: 'commitments', title: 'Commitments' },
  ];
  const room = (statements: number): Card[] => [
    ...Array.from({ length: 5 }, (_, i) => card(`rule-${i}`, { zone: 'rules', createdAt: i })),
    ...Array.from({ length: statements }, (_, i) =>
      card(`s${i}`, { zone: 'statements', createdAt: 10 + i }),
    ),
  ];
  // The canvas of a 1440×900 laptop, under the console's toolbar.
  const screen = { w: 1408, h: 764 };

  it('fits 34 statements and the ground rules whole at a legible size', () => {
    const layout = layoutCanvas(room(34), trust);
    const view = fitRect(layout.bounds, screen.w, screen.h);
    expect(view.scale).toBeGreaterThanOrEqual(LEGIBLE_SCALE);
    expect(layout.bounds.w * view.scale).toBeLessThanOrEqual(screen.w);
    expect(layout.bounds.h * view.scale).toBeLessThanOrEqual(screen.h);
  });

  it('lays out 150 and 600 statements without overlaps, and Fit stays legible from the start', () => {
    for (const n of [150, 600]) {
      const layout = layoutCanvas(room(n), trust);
      const rects = layout.cards.map((p) => ({ x: p.x, y: p.y, w: CARD_W, h: CARD_H }));
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++)
          expect(intersects(rects[i]!, rects[j]!)).toBe(false);
      }
      // Wider than tall, like the screen, not one endless column.
      expect(layout.bounds.w).toBeGreaterThan(layout.bounds.h);
      const view = fitRect(layout.bounds, screen.w, screen.h);
      expect(view.scale).toBe(LEGIBLE_SCALE);
      // The first zone's top-left corner is on screen.
      expect(view.x).toBeGreaterThanOrEqual(0);
      expect(view.y).toBeGreaterThanOrEqual(0);
      expect(layout.zones[0]!.rect.y).toBe(0);
    }
  });
});
