import type { CanvasLayout, PlacedCard } from './geometry';

/** The laid-out cards by zone, so each zone re-renders only with its own cards. */
export function cardsByZone(layout: CanvasLayout): Map<string | undefined, PlacedCard[]> {
  const out = new Map<string | undefined, PlacedCard[]>();
  for (const placed of layout.cards) {
    const list = out.get(placed.zoneId) ?? [];
    list.push(placed);
    out.set(placed.zoneId, list);
  }
  return out;
}
