import type { Card } from './board/cards';

/**
 * [J7] Once statements are gathered under a synthesis point, the point speaks for them: a vote
 * goes to the point, or to a statement that no point holds, never to a statement inside a point
 * (one + and − per point, not one per statement in it). A statement whose point is gone or hidden
 * is on its own again, as screens show it (workshop/arrange.ts), and takes votes again.
 *
 * `find` looks a card up by id (the server reads its document, a screen its card list).
 */
export function groupedUnderPoint(card: Card, find: (id: string) => Card | undefined): boolean {
  if (card.kind === 'synthesis' || card.group === undefined) return false;
  const point = find(card.group);
  return point !== undefined && point.kind === 'synthesis' && !point.hidden;
}
