import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  listCards,
  mayAddCard,
  newCardId,
  type ErrorCode,
  type MessageKey,
  type PrivateCardView,
} from '@trellis/shared';
import { readMine, rememberMine } from '../../lib/storage';
import { putBody } from '../../sync/intents';
import type { LiveBoard } from '../../sync/useLiveBoard';
import { useOutbox } from '../../sync/useOutbox';
import { ackErrorKey } from '../workshop/phaseText';
import { boardTakes } from './boardTakes';
import type { CommitmentInput } from './CommitmentForm';
import { ownCardCount } from './ownCards';
import type { Writing } from './writing';

type Target = Extract<Writing, { mode: 'open' | 'private' }>;

const ERROR_MS = 6000;

/**
 * Everything a phone does to the workshop: its cards go through the outbox (sync/outbox.ts),
 * which decides how each reaches the server and when; dot votes go straight to the server.
 * Refusals become one translated message.
 */
export function useParticipantActions(sessionId: string, participantId: string, live: LiveBoard) {
  const { board, state, workshop, channel, version } = live;
  const [mine, setMine] = useState(() => readMine(sessionId));
  const [error, setError] = useState<MessageKey | null>(null);
  const [voteBusy, setVoteBusy] = useState(false);

  useEffect(() => {
    if (!error) return;
    const timer = window.setTimeout(() => setError(null), ERROR_MS);
    return () => window.clearTimeout(timer);
  }, [error]);

  const takes = useMemo(() => boardTakes(workshop, board?.doc), [workshop, board]);
  const onRefused = useCallback((_intent: unknown, code: ErrorCode) => {
    setError(ackErrorKey(code));
  }, []);
  const { outbox, pending, statusOf } = useOutbox({
    sessionId,
    participantId,
    board,
    state,
    channel,
    connected: live.live.connected,
    takes,
    onRefused,
    version,
  });

  /** Remembered first: anonymous cards name nobody on the board, so only this phone knows. */
  const own = (id: string): void => {
    rememberMine(sessionId, id);
    setMine((prev) => (prev.has(id) ? prev : new Set(prev).add(id)));
  };

  const ownCount = useMemo(
    () =>
      ownCardCount({
        cards: board ? listCards(board.doc) : [],
        participantId,
        mine,
        queued: pending.queued,
        edits: pending.edits,
      }),
    // `version`: the doc mutates in place.
    [board, participantId, mine, pending, version],
  );
  /** The phone holds as many cards as the session takes ([G12]): nothing new goes out. */
  const atLimit = workshop !== undefined && ownCount >= workshop.cardLimit;

  const addToBoard = (
    target: Target,
    text: string,
    anonymous: boolean,
    extra: Partial<Omit<CommitmentInput, 'text'>> = {},
  ): boolean | Promise<boolean> => {
    // The composer may still show for a moment after the facilitator moved on or locked.
    if (!outbox || !workshop || !mayAddCard(workshop, target.kind)) {
      setError('workshop.cannotWrite');
      return false;
    }
    // The composer says why; the server would refuse it anyway ([G12]).
    if (atLimit) return false;
    const id = newCardId();
    own(id);
    const card = { id, kind: target.kind, text, zone: target.zone, createdAt: Date.now() };
    return outbox.send({
      op: anonymous ? 'anon:put' : 'card:put',
      ...putBody({ ...card, ...extra }),
    });
  };

  const addPrivate = (
    target: Target,
    text: string,
    anonymous: boolean,
  ): boolean | Promise<boolean> => {
    if (!outbox) return false;
    const id = newCardId();
    own(id);
    const card = { id, kind: target.kind, text, anonymous, createdAt: Date.now() };
    return outbox.send({ op: 'private:put', card });
  };

  const vote = async (cardId: string, delta: 1 | -1): Promise<void> => {
    if (!channel) return;
    setVoteBusy(true);
    const res = await channel.vote({ cardId, delta });
    setVoteBusy(false);
    if (!res.ok) setError(ackErrorKey(res.error.code));
  };

  return {
    mine,
    error,
    setError,
    /** What this phone has sent or queued that the board does not show yet. */
    pending,
    /** This phone's cards for the board, as the card cap counts them ([G12]). */
    ownCount,
    atLimit,
    statusOf,
    voteBusy,
    addToBoard,
    addPrivate,
    putPrivate: (card: PrivateCardView) => void outbox?.send({ op: 'private:put', card }),
    removePrivate: (id: string) => void outbox?.send({ op: 'private:delete', id }),
    save: (id: string, text: string) => void outbox?.edit(id, text),
    remove: (id: string) => void outbox?.remove(id),
    vote,
  };
}
