import type { Card } from '@trellis/shared';

/**
 * How many cards this phone holds for its member, as the card cap counts them ([G12]): cards on
 * the board that are its own (named, or anonymous and known to this phone) and cards queued on
 * the device for the board, less the ones it is deleting. Each card counts once however many of
 * these lists name it. Private cards waiting for the reveal are the server's to bound ([J6]).
 */
export function ownCardCount({
  cards,
  participantId,
  mine,
  queued,
  edits,
}: {
  /** The board's cards. */
  cards: readonly Card[];
  participantId: string;
  /** Ids of cards this phone wrote ([J8]: anonymous cards name nobody in the board). */
  mine: ReadonlySet<string>;
  /** Cards queued on this device that the board does not hold yet. */
  queued: readonly { id: string }[];
  /** Queued changes by card id; `null` is a deletion. */
  edits: Readonly<Record<string, string | null>>;
}): number {
  const own = new Set<string>();
  for (const card of cards) {
    const named = card.authorId === participantId;
    const anonymous = card.authorId === undefined && mine.has(card.id);
    if (named || anonymous) own.add(card.id);
  }
  for (const card of queued) own.add(card.id);
  for (const [id, edit] of Object.entries(edits)) if (edit === null) own.delete(id);
  return own.size;
}
