import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  addCard,
  CARD_KINDS,
  cardsOf,
  deleteCard,
  listCards,
  mayAddCard,
  newCardId,
  readCard,
  setCardText,
  type ErrorCode,
  type MessageKey,
  type PrivateCardView,
  type WorkshopState,
} from '@trellis/shared';
import { readMine, readPending, rememberMine, type OutboxEntry } from '../../lib/storage';
import type { BoardConnection, BoardState, CardSync } from '../../sync/connectBoard';
import { useDocVersion } from '../../sync/useBoard';
import type { WorkshopChannel } from '../../sync/workshop';
import { ackErrorKey } from '../workshop/phaseText';
import { anonOverlay, anonPut, isAnonWrite, reflected, type AnonWrite } from './anonymous';
import type { CommitmentInput } from './CommitmentForm';
import { ownCardCount } from './ownCards';
import { entryId, useOutbox } from './useOutbox';
import { usePendingCards } from './usePendingCards';
import { usePendingEdits } from './usePendingEdits';
import type { Writing } from './writing';

type Target = Extract<Writing, { mode: 'open' | 'private' }>;

const ERROR_MS = 6000;
/** How long an answered anonymous write may wait for its board update before the board wins. */
const SETTLE_MS = 5000;

interface Settled {
  entry: AnonWrite;
  at: number;
}

/**
 * Everything a phone does to the workshop: named cards into the shared board (open phases),
 * anonymous cards and private cards through the server (the phone never writes an anonymous card
 * into the board itself, [J14]), dot votes. Refusals become one translated message.
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
  const version = useDocVersion(board?.doc);
  const pending = usePendingCards(sessionId, participantId, board, state, workshop);
  const [mine, setMine] = useState(() => readMine(sessionId));
  const [error, setError] = useState<MessageKey | null>(null);
  const [voteBusy, setVoteBusy] = useState(false);
  /** Anonymous writes the server took whose result has not reached this board yet. */
  const [settled, setSettled] = useState<readonly Settled[]>([]);

  useEffect(() => {
    if (!error) return;
    const timer = window.setTimeout(() => setError(null), ERROR_MS);
    return () => window.clearTimeout(timer);
  }, [error]);

  const own = useCallback(
    (id: string) => {
      rememberMine(sessionId, id);
      setMine((prev) => (prev.has(id) ? prev : new Set(prev).add(id)));
    },
    [sessionId],
  );
  const cardOf = useCallback(
    (id: string) => (board ? readCard(id, cardsOf(board.doc).get(id)) : undefined),
    [board],
  );
  const onBoard = useCallback((id: string) => cardOf(id) !== undefined, [cardOf]);

  // What the board takes now, as plain values: the outbox re-sends whenever they change.
  const writable = !!workshop && !workshop.locked && !workshop.ended;
  const addable = workshop ? CARD_KINDS.filter((kind) => mayAddCard(workshop, kind)).join() : '';
  const ready = useCallback(
    (entry: OutboxEntry): boolean => {
      if (entry.op === 'private:put') return true;
      if (!writable) return false;
      // A rewrite or deletion of a card on the board needs writing open; a new card, its kind.
      if (entry.op === 'anon:delete' || onBoard(entry.card.id)) return true;
      return addable.split(',').includes(entry.card.kind);
    },
    [writable, addable, onBoard],
  );

  const onSent = useCallback(
    (entry: OutboxEntry) => {
      if (entry.op !== 'anon:delete') own(entryId(entry));
      if (isAnonWrite(entry)) {
        const id = entryId(entry);
        setSettled((prev) => [
          ...prev.filter((s) => entryId(s.entry) !== id),
          { entry, at: Date.now() },
        ]);
      }
    },
    [own],
  );
  const onRefused = useCallback((_entry: OutboxEntry, code: ErrorCode) => {
    setError(ackErrorKey(code));
  }, []);
  const alreadyDone = useCallback(
    (entry: OutboxEntry): boolean => {
      switch (entry.op) {
        // An earlier attempt did land (its answer was lost) and the facilitator revealed it since.
        case 'private:put':
          return onBoard(entry.card.id);
        case 'anon:delete':
          return !onBoard(entry.id);
        case 'anon:put':
          return false;
      }
    },
    [onBoard],
  );
  const outbox = useOutbox({
    sessionId,
    channel,
    connected,
    ready,
    onSent,
    onRefused,
    alreadyDone,
  });

  // Anonymous cards an earlier version of this app queued for the board go to the server.
  useEffect(() => {
    for (const card of readPending(sessionId)) {
      if (!card.anonymous) continue;
      pending.forget(card.id);
      void outbox.send(anonPut(card));
    }
    // Once per session: what is queued from now on never holds an anonymous card.
  }, [sessionId]);

  // Answered writes leave the overlay once the board shows them, or, while the board is live, after
  // a while whatever it says (the facilitator may have changed the card since). While the board is
  // down they stay: the server holds them, and the board will bring them when it is back.
  useEffect(() => {
    if (settled.length === 0) return;
    const now = Date.now();
    const keep = settled.filter(
      (s) =>
        (!state.live || now - s.at < SETTLE_MS) && !reflected(s.entry, cardOf(entryId(s.entry))),
    );
    if (keep.length !== settled.length) setSettled(keep);
    if (keep.length === 0) return;
    const timer = window.setTimeout(() => setSettled((prev) => [...prev]), SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, [settled, version, cardOf, state.live]);

  const overlay = useMemo(
    () =>
      anonOverlay(
        outbox.entries,
        settled.map((s) => s.entry),
        onBoard,
        (entry) => connected && !ready(entry),
      ),
    // `version`: whether a card is on the board changes with the doc, which mutates in place.
    [outbox.entries, settled, onBoard, connected, ready, version],
  );

  /** A change to an anonymous card queued offline by an earlier version goes to the server. */
  const divertEdit = (id: string, text: string | null): void => {
    const card = cardOf(id);
    if (!card) return;
    void outbox.send(text === null ? { op: 'anon:delete', id } : anonPut({ ...card, text }));
  };
  const edits = usePendingEdits(sessionId, board, state, workshop, divertEdit);
  const sending = useMemo(
    () => outbox.entries.flatMap((e) => (e.op === 'private:put' ? [e.card] : [])),
    [outbox.entries],
  );
  const queued = useMemo(
    () => [...pending.queued, ...overlay.queued],
    [pending.queued, overlay.queued],
  );
  const allEdits = useMemo(
    () => ({ ...edits.edits, ...overlay.edits }),
    [edits.edits, overlay.edits],
  );
  const ownCount = useMemo(
    () =>
      ownCardCount({
        cards: board ? listCards(board.doc) : [],
        participantId,
        mine,
        queued,
        edits: allEdits,
      }),
    // `version`: the doc mutates in place.
    [board, participantId, mine, queued, allEdits, version],
  );
  /** The phone holds as many cards as the session takes ([G12]): nothing new goes out. */
  const atLimit = workshop !== undefined && ownCount >= workshop.cardLimit;

  /** The anonymous card `id` as it will be, when it is one of this phone's anonymous cards. */
  const anonCard = (id: string): AnonWrite | undefined => {
    const queued = outbox.entries.find((e) => e.op === 'anon:put' && e.card.id === id);
    if (queued?.op === 'anon:put') return queued;
    const card = cardOf(id);
    if (card) return card.authorId === undefined && mine.has(id) ? anonPut(card) : undefined;
    return settled.find((s) => s.entry.op === 'anon:put' && s.entry.card.id === id)?.entry;
  };

  const addToBoard = (
    target: Target,
    text: string,
    anonymous: boolean,
    extra: Partial<Omit<CommitmentInput, 'text'>> = {},
  ): boolean | Promise<boolean> => {
    // The composer may still show for a moment after the facilitator moved on or locked.
    if (!board || !workshop || !mayAddCard(workshop, target.kind)) {
      setError('workshop.cannotWrite');
      return false;
    }
    // The composer says why; the server would refuse it anyway ([G12]).
    if (atLimit) return false;
    const id = newCardId();
    const createdAt = Date.now();
    const card = { id, kind: target.kind, text, zone: target.zone, createdAt, ...extra };
    // Remember first: if anything below throws, the card is still recoverable after a reload.
    own(id);
    if (anonymous) return outbox.send(anonPut(card));
    pending.remember({ ...card, anonymous: false });
    // Offline it waits in the queue (usePendingCards adds it once the board is live again).
    if (!state.live) return true;
    addCard(board.doc, { ...card, authorId: participantId });
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

  const addPrivate = (target: Target, text: string, anonymous: boolean): Promise<boolean> => {
    const card = { id: newCardId(), kind: target.kind, text, anonymous, createdAt: Date.now() };
    return outbox.send({ op: 'private:put', card });
  };

  const removePrivate = async (id: string): Promise<void> => {
    if (!channel) return;
    const res = await channel.request('private:delete', { id });
    if (!res.ok) setError(ackErrorKey(res.error.code));
  };

  const isQueued = (id: string): boolean => pending.queued.some((card) => card.id === id);

  const save = (id: string, text: string): void => {
    if (!board) return;
    const anon = anonCard(id);
    if (anon?.op === 'anon:put') {
      void outbox.send({ ...anon, card: { ...anon.card, text } });
      return;
    }
    pending.update(id, text);
    if (isQueued(id)) return;
    if (!state.live) return edits.queue(id, text);
    setCardText(board.doc, id, text);
    board.markLocal(id);
  };

  const remove = (id: string): void => {
    if (!board) return;
    if (anonCard(id)) {
      void outbox.send({ op: 'anon:delete', id });
      return;
    }
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
    sending,
    /** Cards this phone added that the board does not hold yet, named and anonymous. */
    queued,
    /** Changes this phone made that the board does not show yet; `null` is a deletion. */
    edits: allEdits,
    /** This phone's cards for the board, as the card cap counts them ([G12]). */
    ownCount,
    atLimit,
    /** Where an anonymous card's latest write is; `undefined` for every other card. */
    anonSync: (id: string): CardSync | undefined => overlay.sync.get(id),
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
