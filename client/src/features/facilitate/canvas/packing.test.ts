import { describe, expect, it } from 'vitest';
import { packZone, type ZoneItem } from './packing';

/** A small deterministic generator, so a failure names its seed and replays. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function zone(seed: number): ZoneItem[] {
  const next = random(seed);
  const count = 1 + Math.floor(next() * 120);
  const placed = next() < 0.3 ? 0 : Math.floor(next() * 6);
  return Array.from({ length: count }, (_, i) => ({
    id: `c${i}`,
    rows: 1,
    point: false,
    stored:
      i < placed ? { x: Math.floor(next() * 2_000), y: Math.floor(next() * 1_500) } : undefined,
  }));
}

describe('packing a zone of statements', () => {
  it('puts every card where asking each column would, in every width', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const items = zone(seed);
      for (const cols of [1, 2, 3, 5, 8, 13, 25, 40]) {
        const fast = packZone(items, cols);
        const asked = packZone(items, cols, true, { scan: true });
        expect(fast.height, `seed ${seed}, ${cols} columns`).toBe(asked.height);
        expect([...fast.at], `seed ${seed}, ${cols} columns`).toEqual([...asked.at]);
      }
    }
  });
});
