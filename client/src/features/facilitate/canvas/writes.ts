import type * as Y from 'yjs';
import { addCard, deleteCard, newCardId, writeCard } from '@trellis/shared';
import { moderate, setGroup, setHidden } from '../moderation';
import type { Placement } from './geometry';

/**
 * Everything the canvas writes into the board. Each gesture is one Yjs transaction, so it is one
 * update in the durable log and one step in the replay, however many cards it touches; a drag
 * writes only where the cards landed, never the path they took. Moderation (grouping, hiding,
 * deleting) goes through `moderate`, so the console's undo can take it back.
 */

const place = (doc: Y.Doc, id: string, to: Placement): void =>
  // writeCard leaves unchanged fields alone: a no-op write would still grow the log.
  writeCard(doc, id, { x: to.x, y: to.y, ...(to.zoneId !== undefined && { zone: to.zoneId }) });

/** Puts cards where they were dropped: `x`, `y`, and `zone` when it changed. */
export function placeCards(doc: Y.Doc, moves: ReadonlyMap<string, Placement>): void {
  doc.transact(() => {
    for (const [id, to] of moves) place(doc, id, to);
  });
}

/**
 * Statements dragged out of their synthesis point: out of it and where they were dropped, with
 * the other cards of the drag, in one step the undo takes back whole.
 */
export function ungroupTo(
  doc: Y.Doc,
  moves: ReadonlyMap<string, Placement>,
  ungrouped: readonly string[],
): void {
  moderate(doc, 'ungroup', () => {
    for (const id of ungrouped) setGroup(doc, id, undefined);
    for (const [id, to] of moves) place(doc, id, to);
  });
}

/** Statements out of their points, back where they were before (the keyboard's way out). */
export function ungroupCards(doc: Y.Doc, ids: readonly string[]): void {
  moderate(doc, 'ungroup', () => {
    for (const id of ids) setGroup(doc, id, undefined);
  });
}

/** Groups statements under an existing synthesis point, as the list view's select does. */
export function groupInto(doc: Y.Doc, statementIds: readonly string[], pointId: string): void {
  moderate(doc, 'group', () => {
    for (const id of statementIds) setGroup(doc, id, pointId);
  });
}

/** A new synthesis point with these statements under it, in one step. Returns the point's id. */
export function groupIntoNewPoint(
  doc: Y.Doc,
  statementIds: readonly string[],
  text: string,
  zone: string | undefined,
): string {
  const id = newCardId();
  moderate(doc, 'group', () => {
    // Like the list view's "Create a synthesis point": no authorId, it is the facilitator's voice.
    addCard(doc, { id, kind: 'synthesis', text, zone });
    for (const statement of statementIds) setGroup(doc, statement, id);
  });
  return id;
}

/** The facilitator's delete, for the whole selection in one step (asked twice in the toolbar). */
export function deleteCards(doc: Y.Doc, ids: readonly string[]): void {
  moderate(doc, 'delete', () => {
    for (const id of ids) deleteCard(doc, id);
  });
}

export function hideCards(doc: Y.Doc, ids: readonly string[], hidden: boolean): void {
  moderate(doc, hidden ? 'hide' : 'show', () => {
    for (const id of ids) setHidden(doc, id, hidden);
  });
}
