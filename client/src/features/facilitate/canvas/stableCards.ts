import { useRef } from 'react';
import type { Card } from '@trellis/shared';

const sameCard = (a: Card, b: Card): boolean => {
  for (const key of Object.keys(b) as (keyof Card)[]) if (a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
};

/**
 * `next` with every card that did not change since `previous` replaced by its object from then,
 * and `previous` itself when no card changed. The console reads the whole board again on every
 * change of the doc (a vote, a phase, one card), so without this each of 600 memoised canvas cards
 * re-rendered for every change; with it, only the cards that changed do, and a change that moved
 * no card lays nothing out again.
 */
export function reuseCards(previous: readonly Card[], next: readonly Card[]): readonly Card[] {
  const before = new Map(previous.map((card) => [card.id, card]));
  let changed = previous.length !== next.length;
  const out = next.map((card, i) => {
    const old = before.get(card.id);
    const kept = old !== undefined && sameCard(old, card) ? old : card;
    if (kept !== previous[i]) changed = true;
    return kept;
  });
  return changed ? out : previous;
}

/** The cards of the last render, kept where they did not change (`reuseCards`). */
export function useStableCards(cards: readonly Card[]): readonly Card[] {
  const last = useRef<{ input: readonly Card[]; output: readonly Card[] }>(undefined);
  if (last.current?.input !== cards) {
    last.current = { input: cards, output: reuseCards(last.current?.output ?? [], cards) };
  }
  return last.current.output;
}
