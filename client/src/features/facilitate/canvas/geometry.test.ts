import { describe, expect, it } from 'vitest';
import { cardView, type Card } from '@trellis/shared';
import {
  acrossZones,
  BODY_W,
  CARD_H,
  CARD_W,
  GAP,
  layoutCanvas,
  placementAt,
  ZONE_GAP,
  ZONE_HEADER,
  ZONE_PAD,
  ZONE_W,
} from './geometry';

const card = (id: string, extra: Partial<Card> = {}): Card =>
  cardView({ id, kind: 'statement', text: id, zone: 'a', createdAt: 0, ...extra });
const zones = [
  { id: 'a', title: 'A' },
  { id: 'b', title: 'B' },
];
const origin = (zoneIndex: number) => ({
  x: zoneIndex * (ZONE_W + ZONE_GAP) + ZONE_PAD,
  y: ZONE_HEADER,
});

describe('canvas layout', () => {
  it('puts zones side by side, mirrored in right-to-left languages', () => {
    const ltr = layoutCanvas([], zones);
    expect(ltr.zones.map((z) => [z.id, z.rect.x])).toEqual([
      ['a', 0],
      ['b', ZONE_W + ZONE_GAP],
    ]);
    const rtl = layoutCanvas([], zones, true);
    expect(rtl.zones.map((z) => [z.id, z.rect.x])).toEqual([
      ['b', 0],
      ['a', ZONE_W + ZONE_GAP],
    ]);
  });

  it('keeps stored positions relative to the zone and fills free slots with the rest', () => {
    const layout = layoutCanvas(
      [card('placed', { x: 0, y: 0 }), card('auto1'), card('auto2'), card('other', { zone: 'b' })],
      zones,
    );
    const at = (id: string) => {
      const p = layout.byId.get(id)!;
      return { x: p.x, y: p.y };
    };
    expect(at('placed')).toEqual(origin(0));
    // Slot 0 is under `placed`: the first card without a position takes slot 1.
    expect(at('auto1')).toEqual({ x: origin(0).x + CARD_W + GAP, y: origin(0).y });
    expect(at('auto2')).toEqual({ x: origin(0).x, y: origin(0).y + CARD_H + GAP });
    expect(at('other')).toEqual(origin(1));
  });

  it('sends a card with an unknown zone to the first zone and clamps hostile positions', () => {
    const layout = layoutCanvas([card('lost', { zone: 'nope', x: -50, y: 1e12 })], zones);
    const lost = layout.byId.get('lost')!;
    expect(lost.zoneId).toBe('a');
    expect(lost.x).toBe(origin(0).x);
    expect(layout.bounds.h).toBeLessThan(25_000);
  });

  it('places a dropped card in the zone under its centre, body-relative and clamped', () => {
    const layout = layoutCanvas([card('c')], zones);
    expect(placementAt(layout, origin(0).x + 30.4, origin(0).y + 10)).toEqual({
      zoneId: 'a',
      x: 30,
      y: 10,
    });
    // Centre over zone b: lands in b, clamped inside its body.
    expect(placementAt(layout, origin(1).x + BODY_W, -400)).toEqual({
      zoneId: 'b',
      x: BODY_W - CARD_W,
      y: 0,
    });
    // Past the last column: the nearest zone.
    expect(placementAt(layout, 99_999, 0)?.zoneId).toBe('b');
  });

  it('takes a card against its zone side into the next column, and only then', () => {
    const layout = layoutCanvas(
      [card('edge', { x: BODY_W - CARD_W, y: 50 }), card('middle', { x: 40, y: 0 })],
      zones,
    );
    expect(acrossZones(layout, layout.byId.get('edge')!, 1)).toEqual({ zoneId: 'b', x: 0, y: 50 });
    expect(acrossZones(layout, layout.byId.get('middle')!, 1)).toBeUndefined();
    // No column left of the first one.
    const first = layoutCanvas([card('left', { x: 0, y: 0 })], zones);
    expect(acrossZones(first, first.byId.get('left')!, -1)).toBeUndefined();
  });
});
