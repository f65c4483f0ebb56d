import type * as Y from 'yjs';
import {
  cardsOf,
  CommitmentStatus,
  isPreviousCardId,
  readCopyFields,
  writeCard,
  type Card,
} from '@trellis/shared';

/**
 * Last time's commitments in a follow-up session ([K2], [K3]). The server copies each into the
 * `previous` zone as `prev-<cardId>` with `from` naming the original; `status` and `note` arrive
 * when the keeper (through their link) or the facilitator marks it. shared's `readCard` leaves
 * these fields out, so they are read here, with the same distrust of the document's values.
 */
export interface CopyState {
  status: CommitmentStatus | undefined;
  note: string | undefined;
  /** The original card's id in the earlier session, which kept links are keyed by. */
  from: string;
}

export type Copies = ReadonlyMap<string, CopyState>;

/** A status, or `none` while nobody has said how it went. */
export type TotalKey = CommitmentStatus | 'none';
export const TOTAL_KEYS: readonly TotalKey[] = ['done', 'partly', 'not_yet', 'none'];
export const STATUSES: readonly CommitmentStatus[] = CommitmentStatus.options;

/**
 * Copies need both the `prev-` id and a `from`: participants may pick any card id, but only the
 * server and facilitators can write `from` ([G5]), so a participant's `prev-x` card is not a copy.
 */
export function readCopies(doc: Y.Doc): Copies {
  const out = new Map<string, CopyState>();
  cardsOf(doc).forEach((value: unknown, id) => {
    if (!isPreviousCardId(id)) return;
    const { from, status, note } = readCopyFields(value);
    if (from === undefined) return;
    out.set(id, { status, note: note?.trim() ? note : undefined, from });
  });
  return out;
}

/** How many of these cards went which way; cards that are not copies are not counted. */
export function totalsOf(cards: readonly Card[], copies: Copies): Record<TotalKey, number> {
  const totals: Record<TotalKey, number> = { done: 0, partly: 0, not_yet: 0, none: 0 };
  for (const card of cards) {
    const copy = copies.get(card.id);
    if (copy) totals[copy.status ?? 'none']++;
  }
  return totals;
}

/**
 * The facilitator marks a copy on someone's behalf ([K3] lets facilitators write `status`
 * directly; participants never may). `undefined` takes the mark back; a note stays as written.
 */
export function setCopyStatus(doc: Y.Doc, id: string, status: CommitmentStatus | undefined): void {
  writeCard(doc, id, { status });
}
