import { useCallback, useEffect, useMemo, useRef } from 'react';
import { addCard, cardsOf, mayAddCard, type Card, type WorkshopState } from '@trellis/shared';
import { readPending, writePending, type PendingCard } from '../../lib/storage';
import { useStored } from '../../lib/useStored';
import type { BoardConnection, BoardState } from '../../sync/connectBoard';

export interface PendingCards {
  /** Cards this device wrote that the board does not hold yet (queued offline, or refused for now). */
  queued: PendingCard[];
  remember: (card: PendingCard) => void;
  update: (id: string, text: string) => void;
  forget: (id: string) => void;
}

/**
 * Cards added on this device stay in storage until the server confirms them.
 *
 * While the board is not live (offline, or reconnecting), a new card goes only here, not into the
 * document: a card in the document is sent as soon as a connection opens, and if the facilitator
 * moved on or locked writing meanwhile the server refuses it and closes the board ([J1], [J2]).
 * Once live again, each queued card is added, but only while the workshop still takes its kind;
 * otherwise it waits in storage for a phase that does.
 *
 * After a reload the doc starts with a new clientID (and whatever IndexedDB kept), so once live,
 * a remembered card the server did not hold is added again (same id, same text). One known gap:
 * if the "saved" signal was lost and a facilitator deleted the card meanwhile, it comes back once;
 * better than losing a card.
 */
export function usePendingCards(
  sessionId: string,
  participantId: string,
  board: BoardConnection | null,
  state: BoardState,
  workshop: WorkshopState | undefined,
): PendingCards {
  const [stored, store] = useStored(
    useCallback(() => readPending(sessionId), [sessionId]),
    useCallback((cards: PendingCard[]) => writePending(sessionId, cards), [sessionId]),
  );
  // Ids re-added during this page view: each is retried at most once per page view.
  const retried = useRef(new Set<string>());

  const remember = useCallback((card: PendingCard) => store((cards) => [...cards, card]), [store]);
  const update = useCallback(
    (id: string, text: string) =>
      store((cards) => cards.map((card) => (card.id === id ? { ...card, text } : card))),
    [store],
  );
  const forget = useCallback(
    (id: string) => store((cards) => cards.filter((card) => card.id !== id)),
    [store],
  );

  // Drop what the server confirmed; add what it never received, when the phase allows it.
  useEffect(() => {
    if (!board || !state.live || !workshop) return;
    const cards = cardsOf(board.doc);
    const pending = readPending(sessionId);
    const keep = pending.filter((card) => {
      const sync = board.cardSync(card.id);
      if (sync === 'saved') return false;
      if (sync === 'sending') return true;
      if (cards.has(card.id)) {
        // Written on an earlier page view: stored if the server held it when we connected; if
        // not, the doc (from IndexedDB) holds it and sync sends it: wait for the next greeting.
        return !board.serverHeld(card.id);
      }
      // Anonymous cards go to the server, never into the document ([J14]): not ours to add.
      if (card.anonymous) return true;
      if (retried.current.has(card.id) || !mayAddCard(workshop, card.kind)) return true;
      retried.current.add(card.id);
      addCard(board.doc, {
        id: card.id,
        kind: card.kind,
        text: card.text,
        authorId: participantId,
        zone: card.zone,
        createdAt: card.createdAt,
        ...(card.org && { org: card.org }),
        ...(card.step && { step: card.step }),
        ...(card.by && { by: card.by }),
      });
      board.markLocal(card.id);
      return true;
    });
    // This runs on every change to the doc: touch storage only when something left the queue.
    if (keep.length !== pending.length) store(() => keep);
  }, [board, state.live, state.savedClock, workshop, sessionId, participantId, store]);

  const doc = board?.doc;
  // Re-derived when the queue or the board state moves (adding a card to the doc marks it local,
  // which changes `state`), so screens get the same array between unrelated renders.
  const queued = useMemo(
    () => stored.filter((card) => !card.anonymous && !(doc && cardsOf(doc).has(card.id))),
    [doc, stored, state],
  );
  return { queued, remember, update, forget };
}

/** A queued card as the board will hold it, so it shows in its zone before it gets there. */
export function queuedCard(card: PendingCard, participantId: string): Card {
  return {
    id: card.id,
    kind: card.kind,
    text: card.text,
    authorId: card.anonymous ? undefined : participantId,
    zone: card.zone,
    x: undefined,
    y: undefined,
    createdAt: card.createdAt,
    hidden: false,
    group: undefined,
    org: card.org,
    step: card.step,
    by: card.by,
  };
}
