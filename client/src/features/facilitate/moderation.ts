import type * as Y from 'yjs';
import { deleteCard, writeCard } from '@trellis/shared';

/** What the console's undo names a step by. */
export type ModerationKind = 'hide' | 'show' | 'delete' | 'group' | 'ungroup';

/**
 * The Yjs origin of the facilitator's own moderation writes, and so the one thing the console's
 * undo tracks: not its moves or rewordings, and not anything another console, a phone or the
 * server writes (those arrive with the provider as their origin).
 */
export class Moderation {
  constructor(readonly kind: ModerationKind) {}
}

/** One moderation step: one transaction, so one update in the log and one step of the undo. */
export function moderate(doc: Y.Doc, kind: ModerationKind, change: () => void): void {
  doc.transact(change, new Moderation(kind));
}

/**
 * Facilitator-only card fields (`phone: 'never'` in shared's card schema). The facilitator may
 * write anything in its session ([G9]).
 */
export function setHidden(doc: Y.Doc, id: string, hidden: boolean): void {
  // Absent means shown, so unhiding leaves no trace in the card.
  moderate(doc, hidden ? 'hide' : 'show', () =>
    writeCard(doc, id, { hidden: hidden || undefined }),
  );
}

/** Groups a statement under a synthesis point (`undefined`: ungroup). */
export function setGroup(doc: Y.Doc, id: string, group: string | undefined): void {
  if (group !== id) moderate(doc, group ? 'group' : 'ungroup', () => writeCard(doc, id, { group }));
}

/** The facilitator's delete of one card from the list. */
export function removeCard(doc: Y.Doc, id: string): void {
  moderate(doc, 'delete', () => deleteCard(doc, id));
}
