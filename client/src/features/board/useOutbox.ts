import { useCallback, useEffect, useRef } from 'react';
import type { Ack, ErrorCode } from '@trellis/shared';
import { readOutbox, writeOutbox, type OutboxEntry } from '../../lib/storage';
import { useStored } from '../../lib/useStored';
import { NO_ANSWER, type WorkshopChannel } from '../../sync/workshop';

/** Every request here is idempotent per card id, so a retry after a lost answer is safe. */
const RETRY_MS = 10_000;

/** What `request` answers when the server never did: the request must wait, not be dropped. */
const isNoAnswer = (res: Ack<unknown>): boolean =>
  !res.ok && res.error.code === 'internal' && res.error.message === NO_ANSWER;

/** The card a request is about: the outbox holds at most one request per card. */
export const entryId = (entry: OutboxEntry): string =>
  entry.op === 'anon:delete' ? entry.id : entry.card.id;

const same = (a: OutboxEntry, b: OutboxEntry): boolean => JSON.stringify(a) === JSON.stringify(b);

function request(channel: WorkshopChannel, entry: OutboxEntry): Promise<Ack<unknown>> {
  switch (entry.op) {
    case 'private:put': {
      const { createdAt: _createdAt, ...input } = entry.card;
      return channel.request('private:put', input);
    }
    case 'anon:put':
      return channel.request('anon:put', entry.card);
    case 'anon:delete':
      return channel.request('anon:delete', { id: entry.id });
  }
}

export interface OutboxOptions {
  sessionId: string;
  channel: WorkshopChannel | null;
  /** The control channel is up. */
  connected: boolean;
  /**
   * Whether the server would take this request now. One that it would not (writing is locked,
   * the phase moved on) waits on the device instead of being refused; a change of this function
   * sends what it lets through.
   */
  ready: (entry: OutboxEntry) => boolean;
  /** The server took it (or it had taken it before and the answer was lost). */
  onSent: (entry: OutboxEntry) => void;
  /** The server refused it for good: the request is dropped. */
  onRefused: (entry: OutboxEntry, code: ErrorCode) => void;
  /**
   * Whether a refusal only says that an earlier attempt already did it (its answer was lost): a
   * private card revealed meanwhile, a deletion of a card that is gone.
   */
  alreadyDone: (entry: OutboxEntry) => boolean;
}

/**
 * Requests for the control channel that must not be lost: private cards, and every write of an
 * anonymous card (only the server may write those into the board, [J14]). Each is written to
 * storage before it is sent and leaves only when the server has answered, so one made in a dead
 * spot of the Wi-Fi (or before a reload) is sent when the channel is back; until then the card
 * shows "sending…". A newer request for the same card replaces a waiting one (a rewrite of a text
 * not yet sent, a deletion of a card not yet saved), and an answer to an older attempt never
 * drops the newer request.
 */
export function useOutbox({
  sessionId,
  channel,
  connected,
  ready,
  onSent,
  onRefused,
  alreadyDone,
}: OutboxOptions): {
  entries: OutboxEntry[];
  /**
   * Queues a request and sends it if it can go now: `false` only when the server refused it, so
   * a composer gives its text back; `true` once sent or queued.
   */
  send: (entry: OutboxEntry) => Promise<boolean>;
} {
  const [entries, store] = useStored(
    useCallback(() => readOutbox(sessionId), [sessionId]),
    useCallback((next: OutboxEntry[]) => writeOutbox(sessionId, next), [sessionId]),
  );
  const inFlight = useRef(new Set<string>());
  const flushRef = useRef<() => void>(() => undefined);

  /** `undefined`: no answer yet (still queued); otherwise whether the server took it. */
  const attempt = useCallback(
    async (entry: OutboxEntry): Promise<boolean | undefined> => {
      const id = entryId(entry);
      if (!channel || inFlight.current.has(id)) return undefined;
      inFlight.current.add(id);
      const res = await request(channel, entry);
      inFlight.current.delete(id);
      if (isNoAnswer(res)) return undefined;
      // Rewritten while this attempt was out: the newer request stays, and goes now.
      const newer = readOutbox(sessionId).some((e) => entryId(e) === id && !same(e, entry));
      store((stored) => stored.filter((e) => entryId(e) !== id || !same(e, entry)));
      if (newer) queueMicrotask(() => flushRef.current());
      if (res.ok || alreadyDone(entry)) {
        onSent(entry);
        return true;
      }
      onRefused(entry, res.error.code);
      return false;
    },
    [channel, sessionId, store, onSent, onRefused, alreadyDone],
  );

  const send = async (entry: OutboxEntry): Promise<boolean> => {
    const id = entryId(entry);
    store((stored) => [...stored.filter((e) => entryId(e) !== id), entry]);
    if (!connected || !ready(entry)) return true;
    return (await attempt(entry)) !== false;
  };

  // Back online, writing reopened, or a reload with requests waiting: send them, oldest first;
  // and again now and then, for an answer lost on a connection that never noticed it was dead.
  useEffect(() => {
    if (!connected) return;
    let stopped = false;
    const flush = async (): Promise<void> => {
      for (const entry of readOutbox(sessionId)) {
        if (stopped) return;
        if (ready(entry)) await attempt(entry);
      }
    };
    flushRef.current = () => void flush();
    void flush();
    const timer = window.setInterval(() => void flush(), RETRY_MS);
    return () => {
      stopped = true;
      flushRef.current = () => undefined;
      window.clearInterval(timer);
    };
  }, [connected, sessionId, attempt, ready]);

  return { entries, send };
}
