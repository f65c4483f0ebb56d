import type * as Y from 'yjs';
import { cardsOf, mayAddCard, writingOpen, type WorkshopState } from '@trellis/shared';
import type { Intent } from '../../sync/intents';

/**
 * Whether the board would take a phone's intent now, read from the same workshop state the
 * server's guards use ([J1], [J2]): what it would refuse waits on the phone instead of being sent
 * into a board that closes on it. Private cards are the server's to judge (their phase).
 */
export function boardTakes(
  workshop: WorkshopState | undefined,
  doc: Y.Doc | undefined,
): (intent: Intent) => boolean {
  return (intent) => {
    if (intent.op === 'private:put' || intent.op === 'private:delete') return true;
    if (!workshop || !doc || !writingOpen(workshop)) return false;
    if (intent.op === 'card:delete' || intent.op === 'anon:delete') return true;
    // A rewrite of a card on the board needs writing open; a new card, its kind.
    return cardsOf(doc).has(intent.card.id) || mayAddCard(workshop, intent.card.kind);
  };
}
