import { useCallback, useEffect, useRef } from 'react';
import { cardsOf, deleteCard, setCardText, type Card, type WorkshopState } from '@trellis/shared';
import { readEdits, writeEdits, type PendingEdits } from '../../lib/storage';
import { useStored } from '../../lib/useStored';
import type { BoardConnection, BoardState } from '../../sync/connectBoard';

/**
 * Edits and deletions of one's saved cards made while the board is not live. Like new cards
 * (usePendingCards), they wait on the device rather than in the document: a change in the
 * document goes out the moment a connection opens, and if the facilitator locked writing
 * meanwhile the server refuses it and closes the board ([J1]). Once live and unlocked, they are
 * applied in order of card; until then the phone shows them as "sending…".
 *
 * Only named cards change here. A change to an anonymous card goes to the server, never into the
 * document ([J14]); one queued here by an earlier version of the app is handed to `divert`.
 */
export function usePendingEdits(
  sessionId: string,
  board: BoardConnection | null,
  state: BoardState,
  workshop: WorkshopState | undefined,
  divert: (id: string, text: string | null) => void,
): { edits: PendingEdits; queue: (id: string, text: string | null) => void } {
  const divertRef = useRef(divert);
  divertRef.current = divert;
  const [edits, store] = useStored(
    useCallback(() => readEdits(sessionId), [sessionId]),
    useCallback((next: PendingEdits) => writeEdits(sessionId, next), [sessionId]),
  );
  const queue = useCallback(
    (id: string, text: string | null) => store((stored) => ({ ...stored, [id]: text })),
    [store],
  );

  useEffect(() => {
    if (!board || !state.live || !workshop || workshop.locked || workshop.ended) return;
    const pending = Object.entries(readEdits(sessionId));
    if (pending.length === 0) return;
    const cards = cardsOf(board.doc);
    for (const [id, text] of pending) {
      // Deleted meanwhile (by the facilitator): nothing left to change.
      if (!cards.has(id)) continue;
      if (cards.get(id)?.get('authorId') === undefined) divertRef.current(id, text);
      else if (text === null) deleteCard(board.doc, id);
      else {
        setCardText(board.doc, id, text);
        board.markLocal(id);
      }
    }
    store(() => ({}));
  }, [board, state.live, workshop, sessionId, store]);

  return { edits, queue };
}

/** The board as this phone will make it: queued edits shown, queued deletions gone. */
export function withEdits(cards: Card[], edits: PendingEdits): Card[] {
  if (Object.keys(edits).length === 0) return cards;
  return cards.flatMap((card) => {
    const edit = edits[card.id];
    if (edit === undefined) return [card];
    return edit === null ? [] : [{ ...card, text: edit }];
  });
}
