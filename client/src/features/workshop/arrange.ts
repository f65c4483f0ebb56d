import { rankByVotes, type Card, type Zone } from '@trellis/shared';

/** A card as screens list it: a synthesis point carries the statements grouped under it. */
export interface ArrangedCard {
  card: Card;
  children: Card[];
}

export interface ArrangedZone {
  /** `undefined` before the board has synced its zones. */
  zone: Zone | undefined;
  items: ArrangedCard[];
}

export interface ArrangeOptions {
  /** The facilitator sees hidden cards (to unhide them); phones and the projector never do. */
  includeHidden?: boolean;
  /**
   * Whether a grouped statement is listed only under its synthesis point (phones, projector) or
   * also stays in its own zone (the console, where it is moved between points).
   */
  nestGrouped?: boolean;
}

/**
 * Cards per zone, in zone order, with statements nested under the synthesis point named by their
 * `group`. A card whose zone is missing or unknown joins the first zone, and a statement whose
 * point is gone (deleted or hidden) goes back to its zone, so no card silently disappears.
 */
export function arrangeBoard(
  cards: readonly Card[],
  zones: readonly Zone[],
  { includeHidden = false, nestGrouped = true }: ArrangeOptions = {},
): ArrangedZone[] {
  const visible = includeHidden ? [...cards] : cards.filter((card) => !card.hidden);
  const points = new Map<string, ArrangedCard>();
  for (const card of visible) {
    if (card.kind === 'synthesis') points.set(card.id, { card, children: [] });
  }
  const groups: ArrangedZone[] =
    zones.length === 0
      ? [{ zone: undefined, items: [] }]
      : zones.map((zone) => ({ zone, items: [] }));
  const byId = new Map(groups.map((group) => [group.zone?.id, group]));
  const fallback = groups[0];
  for (const card of visible) {
    const point = card.group !== undefined ? points.get(card.group) : undefined;
    if (point && point.card.id !== card.id) {
      point.children.push(card);
      if (nestGrouped) continue;
    }
    const group = (card.zone !== undefined ? byId.get(card.zone) : undefined) ?? fallback;
    group?.items.push(points.get(card.id) ?? { card, children: [] });
  }
  return groups;
}

/** Zones holding synthesis points, in the board's order: what a vote is about. */
export const pointZones = (zones: readonly ArrangedZone[]): string[] =>
  zones.flatMap((group) =>
    group.zone && group.items.some((item) => item.card.kind === 'synthesis') ? [group.zone.id] : [],
  );

/** Every synthesis point on the board, for the console's "group under" choices. */
export function synthesisPoints(cards: readonly Card[]): Card[] {
  return cards.filter((card) => card.kind === 'synthesis');
}

/**
 * Once votes are published, most voted first: the points, the statements no point holds, and the
 * statements under each point. Equal votes keep the board's order.
 */
export function rankByResults(
  items: readonly ArrangedCard[],
  results: Readonly<Record<string, number>>,
): ArrangedCard[] {
  const votes = (card: Card): number => results[card.id] ?? 0;
  return rankByVotes(
    items.map((item) => ({
      card: item.card,
      votes: votes(item.card),
      children: rankByVotes(item.children.map((card) => ({ card, votes: votes(card) }))).map(
        ({ card }) => card,
      ),
    })),
  ).map(({ card, children }) => ({ card, children }));
}
