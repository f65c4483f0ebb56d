import type * as Y from 'yjs';
import { cardsOf } from '@trellis/shared';

/**
 * Facilitator-only card fields. The facilitator may write anything in its session ([G9]); these
 * live here, not in shared's board accessors, because no participant ever writes them.
 */
export function setHidden(doc: Y.Doc, id: string, hidden: boolean): void {
  const card = cardsOf(doc).get(id);
  if (!card) return;
  // Absent means shown, so unhiding leaves no trace in the card.
  if (hidden) card.set('hidden', true);
  else card.delete('hidden');
}

/** Groups a statement under a synthesis point (`undefined`: ungroup). */
export function setGroup(doc: Y.Doc, id: string, group: string | undefined): void {
  const card = cardsOf(doc).get(id);
  if (!card || group === id) return;
  if (group === undefined) card.delete('group');
  else card.set('group', group);
}
