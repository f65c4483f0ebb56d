import { describe, expect, it } from 'vitest';
import { planWall, single, type ItemSize } from './wallLayout';

const card = single;
const point = (key: string, children: number[]): ItemSize => ({
  key,
  whole: 40 + 10 + children.reduce((a, b) => a + b, 0) + 5 * (children.length - 1),
  head: 40,
  tail: 10,
  continuedHead: 40,
  children,
  childGap: 5,
});

describe('the projector wall', () => {
  it('never puts a card below its column, and spreads a short zone over its columns', () => {
    const items = ['a', 'b', 'c', 'd'].map((k) => card(k, 100));
    const plan = planWall([{ key: 'z', header: 50, items }], { columns: 2, height: 400, gap: 10 });
    expect(plan.pages).toBe(1);
    expect(plan.zones[0]!.pieces.map((p) => [p.key, p.column, p.top])).toEqual([
      ['a', 0, 0],
      ['b', 0, 110],
      ['c', 1, 0],
      ['d', 1, 110],
    ]);
  });

  it('turns pages when the columns run out, and gives the fuller zone more columns', () => {
    const many = Array.from({ length: 30 }, (_, i) => card(`m${i}`, 100));
    const plan = planWall(
      [
        { key: 'few', header: 50, items: [card('x', 100)] },
        { key: 'many', header: 50, items: many },
      ],
      { columns: 4, height: 400, gap: 10 },
    );
    const [few, lots] = plan.zones;
    expect([few!.span, lots!.span]).toEqual([1, 3]);
    // 3 cards a column (50 + 3 × 100 + 2 × 10 = 370 ≤ 400), 3 columns a page: 4 pages for 30.
    expect(plan.pages).toBe(4);
    for (const piece of lots!.pieces)
      expect(50 + piece.top + piece.height).toBeLessThanOrEqual(400);
    expect(new Set(lots!.pieces.map((p) => p.key)).size).toBe(30);
  });

  it('splits a point taller than a column between its statements, title repeated', () => {
    const tall = point(
      'p',
      Array.from({ length: 10 }, () => 60),
    );
    const plan = planWall([{ key: 'z', header: 0, items: [card('a', 100), tall] }], {
      columns: 4,
      height: 300,
      gap: 10,
    });
    const pieces = plan.zones[0]!.pieces.filter((p) => p.key === 'p');
    expect(pieces.map((p) => [p.from, p.to])).toEqual([
      [0, 2],
      [2, 5],
      [5, 8],
      [8, 10],
    ]);
    for (const piece of pieces) expect(piece.top + piece.height).toBeLessThanOrEqual(300);
    expect(plan.overflow).toBe(false);
  });
});
