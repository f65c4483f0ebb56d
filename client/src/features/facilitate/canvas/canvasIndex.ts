import type { CanvasLayout, PlacedCard } from './geometry';

/**
 * The laid-out cards by zone, so each zone re-renders only with its own cards; with `shown`, only
 * those (useGradualCards).
 */
export function cardsByZone(
  layout: CanvasLayout,
  shown?: ReadonlySet<string>,
): Map<string | undefined, PlacedCard[]> {
  const out = new Map<string | undefined, PlacedCard[]>();
  for (const placed of layout.cards) {
    if (shown && !shown.has(placed.card.id)) continue;
    const list = out.get(placed.zoneId) ?? [];
    list.push(placed);
    out.set(placed.zoneId, list);
  }
  return out;
}
