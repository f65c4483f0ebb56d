import { useCallback, useEffect, useState } from 'react';
import {
  addCard,
  cardsOf,
  deleteCard,
  mayAddCard,
  newCardId,
  setCardText,
  type MessageKey,
  type PrivateCardView,
  type WorkshopState,
} from '@trellis/shared';
import { readMine, rememberMine } from '../../lib/storage';
import type { BoardConnection, BoardState } from '../../sync/connectBoard';
import type { WorkshopChannel } from '../../sync/workshop';
import { ackErrorKey } from '../workshop/phaseText';
import type { CommitmentInput } from './CommitmentForm';
import { usePendingCards } from './usePendingCards';
import { usePendingEdits } from './usePendingEdits';
import { usePrivateOutbox } from './usePrivateOutbox';
import type { Writing } from './writing';

type Target = Extract<Writing, { mode: 'open' | 'private' }>;

const ERROR_MS = 6000;

/**
 * Everything a phone does to the workshop: cards into the shared board (open phases), private
 * cards to the server (private phases), dot votes. Refusals become one translated message.
 */
export function useParticipantActions(opts: {
  sessionId: string;
  participantId: string;
  board: BoardConnection | null;
  state: BoardState;
  workshop: WorkshopState | undefined;
  channel: WorkshopChannel | null;
  /** The control channel is up. */
  connected: boolean;
}) {
  const { sessionId, participantId, board, state, workshop, channel, connected } = opts;
  const pending = usePendingCards(sessionId, participantId, board, state, workshop);
  const edits = usePendingEdits(sessionId, board, state, workshop);
  const [mine, setMine] = useState(() => readMine(sessionId));
  const [error, setError] = useState<MessageKey | null>(null);
  const [voteBusy, setVoteBusy] = useState(false);

  useEffect(() => {
    if (!error) return;
    const timer = window.setTimeout(() => setError(null), ERROR_MS);
    return () => window.clearTimeout(timer);
  }, [error]);

  const own = useCallback(
    (id: string) => {
      rememberMine(sessionId, id);
      setMine((prev) => new Set(prev).add(id));
    },
    [sessionId],
  );
  // Ours for good once sent: after the reveal the board shows it without an author, but this
  // phone knows.
  const onBoard = useCallback((id: string) => !!board && cardsOf(board.doc).has(id), [board]);
  const outbox = usePrivateOutbox(sessionId, channel, connected, own, setError, onBoard);

  const addToBoard = (
    target: Target,
    text: string,
    anonymous: boolean,
    extra: Partial<Omit<CommitmentInput, 'text'>> = {},
  ): boolean => {
    // The composer may still show for a moment after the facilitator moved on or locked.
    if (!board || !workshop || !mayAddCard(workshop, target.kind)) {
      setError('workshop.cannotWrite');
      return false;
    }
    const id = newCardId();
    const createdAt = Date.now();
    const card = { id, kind: target.kind, text, zone: target.zone, createdAt, ...extra };
    // Remember first: if anything below throws, the card is still recoverable after a reload.
    own(id);
    pending.remember({ ...card, anonymous });
    // Offline it waits in the queue (usePendingCards adds it once the board is live again).
    if (!state.live) return true;
    addCard(board.doc, { ...card, authorId: anonymous ? undefined : participantId });
    board.markLocal(id);
    return true;
  };

  const putPrivate = async (view: PrivateCardView): Promise<boolean> => {
    if (!channel) return false;
    const { createdAt: _createdAt, ...input } = view;
    const res = await channel.request('private:put', input);
    if (!res.ok) setError(ackErrorKey(res.error.code));
    return res.ok;
  };

  const addPrivate = (target: Target, text: string, anonymous: boolean): Promise<boolean> =>
    outbox.send({ id: newCardId(), kind: target.kind, text, anonymous, createdAt: Date.now() });

  const removePrivate = async (id: string): Promise<void> => {
    if (!channel) return;
    const res = await channel.request('private:delete', { id });
    if (!res.ok) setError(ackErrorKey(res.error.code));
  };

  const isQueued = (id: string): boolean => pending.queued.some((card) => card.id === id);

  const save = (id: string, text: string): void => {
    if (!board) return;
    pending.update(id, text);
    if (isQueued(id)) return;
    if (!state.live) return edits.queue(id, text);
    setCardText(board.doc, id, text);
    board.markLocal(id);
  };

  const remove = (id: string): void => {
    if (!board) return;
    pending.forget(id);
    if (isQueued(id)) return;
    if (!state.live) return edits.queue(id, null);
    deleteCard(board.doc, id);
  };

  const vote = async (cardId: string, delta: 1 | -1): Promise<void> => {
    if (!channel) return;
    setVoteBusy(true);
    const res = await channel.request('vote', { cardId, delta });
    setVoteBusy(false);
    if (!res.ok) setError(ackErrorKey(res.error.code));
  };

  return {
    mine,
    error,
    setError,
    sending: outbox.sending,
    queued: pending.queued,
    edits: edits.edits,
    voteBusy,
    addToBoard,
    addPrivate,
    putPrivate,
    removePrivate,
    save,
    remove,
    vote,
  };
}
