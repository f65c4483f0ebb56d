import { useCallback, useEffect, useRef } from 'react';
import { addCard, cardsOf, mayAddCard, type WorkshopState } from '@trellis/shared';
import { readPending, writePending, type PendingCard } from '../../lib/storage';
import type { BoardConnection, BoardState } from '../../sync/connectBoard';

/**
 * Cards added on this device stay in storage until the server confirms them. After a reload the
 * doc starts empty with a new clientID, so once it has synced, any remembered card the server does
 * not hold is added again (same id, same text). One known gap: if the "saved" signal was lost and
 * a facilitator deleted the card meanwhile, it comes back once; better than losing a card.
 *
 * A card is re-added only while the workshop still takes its kind: the server refuses (and closes
 * the board for) a card written after the phase moved on or writing was locked. Such a card waits
 * in storage for a phase that takes it.
 */
export function usePendingCards(
  sessionId: string,
  participantId: string,
  board: BoardConnection | null,
  state: BoardState,
  workshop: WorkshopState | undefined,
): {
  remember: (card: PendingCard) => void;
  update: (id: string, text: string) => void;
  forget: (id: string) => void;
} {
  // Ids re-added during this page view: each is retried at most once per page view.
  const retried = useRef(new Set<string>());

  const remember = useCallback(
    (card: PendingCard) => writePending(sessionId, [...readPending(sessionId), card]),
    [sessionId],
  );
  const update = useCallback(
    (id: string, text: string) =>
      writePending(
        sessionId,
        readPending(sessionId).map((card) => (card.id === id ? { ...card, text } : card)),
      ),
    [sessionId],
  );
  const forget = useCallback(
    (id: string) =>
      writePending(
        sessionId,
        readPending(sessionId).filter((card) => card.id !== id),
      ),
    [sessionId],
  );

  // Drop what the server confirmed; re-add what it never received, when the phase allows it.
  useEffect(() => {
    if (!board || !state.synced || !workshop) return;
    const cards = cardsOf(board.doc);
    const keep: PendingCard[] = [];
    for (const pending of readPending(sessionId)) {
      const sync = board.cardSync(pending.id);
      if (sync === 'saved') continue;
      if (sync === 'sending') {
        keep.push(pending);
      } else if (cards.has(pending.id)) {
        // From an earlier page view and the synced doc has it: the server stored it.
        continue;
      } else if (retried.current.has(pending.id) || !mayAddCard(workshop, pending.kind)) {
        keep.push(pending);
      } else {
        retried.current.add(pending.id);
        addCard(board.doc, {
          id: pending.id,
          kind: pending.kind,
          text: pending.text,
          authorId: pending.anonymous ? undefined : participantId,
          zone: pending.zone,
          createdAt: pending.createdAt,
          ...(pending.org && { org: pending.org }),
          ...(pending.step && { step: pending.step }),
          ...(pending.by && { by: pending.by }),
        });
        board.markLocal(pending.id);
        keep.push(pending);
      }
    }
    writePending(sessionId, keep);
  }, [board, state.synced, state.savedClock, workshop, sessionId, participantId]);

  return { remember, update, forget };
}
