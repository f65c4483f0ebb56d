import type { Card } from '@trellis/shared';
import type { CanvasLayout, PlacedCard } from './geometry';

/** A synthesis point as its zone draws it: its text and how many statements it gathers. */
export interface PointSummary {
  text: string;
  grouped: number;
}

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

/** Every synthesis point, with the number of statements grouped under it. */
export function pointSummaries(cards: readonly Card[]): Map<string, PointSummary> {
  const out = new Map<string, PointSummary>();
  for (const card of cards) {
    if (card.kind === 'synthesis') out.set(card.id, { text: card.text, grouped: 0 });
  }
  for (const card of cards) {
    const point = card.group !== undefined ? out.get(card.group) : undefined;
    if (point && card.kind === 'statement') point.grouped++;
  }
  return out;
}
