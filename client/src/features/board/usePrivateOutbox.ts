import { useCallback, useEffect, useRef } from 'react';
import type { Ack, MessageKey, PrivateCardView } from '@trellis/shared';
import { readOutbox, writeOutbox } from '../../lib/storage';
import { useStored } from '../../lib/useStored';
import { NO_ANSWER, type WorkshopChannel } from '../../sync/workshop';
import { ackErrorKey } from '../workshop/phaseText';

/** `private:put` is idempotent per card id, so a retry after a lost answer is safe. */
const RETRY_MS = 10_000;

/** What `request` answers when the server never did: the card must wait, not be dropped. */
const isNoAnswer = (res: Ack<unknown>): boolean =>
  !res.ok && res.error.code === 'internal' && res.error.message === NO_ANSWER;

/**
 * Private cards on their way to the server. Each is written to storage before it is sent and
 * leaves only when the server has answered, so a card written in a dead spot of the Wi-Fi (or
 * before a reload) is sent when the control channel is back; until then it shows "sending…".
 * A refusal (the phase moved on) drops it with the server's reason, unless the card is on the board
 * already: then an earlier attempt landed and was revealed while its answer was lost.
 */
export function usePrivateOutbox(
  sessionId: string,
  channel: WorkshopChannel | null,
  connected: boolean,
  onSent: (id: string) => void,
  onError: (key: MessageKey) => void,
  /** Whether the board holds this card: a retry refused because it was revealed meanwhile. */
  onBoard: (id: string) => boolean,
): {
  sending: PrivateCardView[];
  send: (card: PrivateCardView) => Promise<boolean>;
} {
  const [sending, store] = useStored(
    useCallback(() => readOutbox(sessionId), [sessionId]),
    useCallback((cards: PrivateCardView[]) => writeOutbox(sessionId, cards), [sessionId]),
  );
  const inFlight = useRef(new Set<string>());

  /** `undefined`: no answer yet (still queued); otherwise whether the server took it. */
  const attempt = useCallback(
    async (card: PrivateCardView): Promise<boolean | undefined> => {
      if (!channel || inFlight.current.has(card.id)) return undefined;
      inFlight.current.add(card.id);
      const { createdAt: _createdAt, ...input } = card;
      const res = await channel.request('private:put', input);
      inFlight.current.delete(card.id);
      if (isNoAnswer(res)) return undefined;
      store((cards) => cards.filter((c) => c.id !== card.id));
      // An earlier attempt did land (its answer was lost) and the facilitator revealed it since.
      if (!res.ok && onBoard(card.id)) {
        onSent(card.id);
        return true;
      }
      if (!res.ok) {
        onError(ackErrorKey(res.error.code));
        return false;
      }
      onSent(card.id);
      return true;
    },
    [channel, store, onSent, onError, onBoard],
  );

  const send = async (card: PrivateCardView): Promise<boolean> => {
    store((cards) => [...cards.filter((c) => c.id !== card.id), card]);
    if (!connected) return true;
    // Queued (true) unless the server said no: then the composer gets its text back.
    return (await attempt(card)) !== false;
  };

  // Back online (or a reload with cards waiting): send what is queued, oldest first; and again
  // now and then, for an answer lost on a connection that never noticed it was dead.
  useEffect(() => {
    if (!connected) return;
    const flush = async (): Promise<void> => {
      for (const card of readOutbox(sessionId)) await attempt(card);
    };
    void flush();
    const timer = window.setInterval(() => void flush(), RETRY_MS);
    return () => window.clearInterval(timer);
  }, [connected, sessionId, attempt]);

  return { sending, send };
}
