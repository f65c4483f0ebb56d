import type * as Y from 'yjs';
import { writeCard } from '@trellis/shared';

/**
 * Facilitator-only card fields (`phone: 'never'` in shared's card schema). The facilitator may
 * write anything in its session ([G9]).
 */
export function setHidden(doc: Y.Doc, id: string, hidden: boolean): void {
  // Absent means shown, so unhiding leaves no trace in the card.
  writeCard(doc, id, { hidden: hidden || undefined });
}

/** Groups a statement under a synthesis point (`undefined`: ungroup). */
export function setGroup(doc: Y.Doc, id: string, group: string | undefined): void {
  if (group !== id) writeCard(doc, id, { group });
}
