import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Ack, ErrorCode } from '@trellis/shared';
import type { BoardConnection, BoardState } from './connectBoard';
import { localOutbox, type Intent, type ServerIntent } from './intents';
import { Outbox, SETTLE_MS, statusOf, type CardStatus, type OutboxState } from './outbox';
import { pendingOf, type Pending } from './pending';
import { NO_ANSWER } from './request';
import type { WorkshopChannel } from './workshop';

const EMPTY: OutboxState = { intents: [], settled: [] };
const noSubscribe = (): (() => void) => () => undefined;
const emptyState = (): OutboxState => EMPTY;

async function requestFor(
  channel: WorkshopChannel,
  intent: ServerIntent,
): Promise<Ack<unknown> | undefined> {
  const answer = (res: Ack<unknown>): Ack<unknown> | undefined =>
    res === NO_ANSWER ? undefined : res;
  switch (intent.op) {
    case 'private:put': {
      const { createdAt: _createdAt, ...input } = intent.card;
      return answer(await channel.putPrivate(input));
    }
    case 'private:delete':
      return answer(await channel.deletePrivate(intent.id));
    case 'anon:put':
      return answer(await channel.request('anon:put', intent.card));
    case 'anon:delete':
      return answer(await channel.request('anon:delete', { id: intent.id }));
  }
}

export interface OutboxOptions {
  sessionId: string;
  participantId: string;
  board: BoardConnection | null;
  state: BoardState;
  channel: WorkshopChannel | null;
  /** The control channel is up. */
  connected: boolean;
  /** Whether the board would take this intent now (see `OutboxConditions.takes`). */
  takes: (intent: Intent) => boolean;
  onRefused: (intent: ServerIntent, code: ErrorCode) => void;
  /** The doc's change counter: what the outbox shows depends on what the board holds. */
  version: number;
}

/**
 * The phone's outbox (sync/outbox.ts) for as long as its board is open: told of every change of
 * the board, the channel and the workshop, and asked again every few seconds for answers that
 * never came and answered writes the board never showed.
 */
export function useOutbox(options: OutboxOptions): {
  outbox: Outbox | null;
  pending: Pending;
  /** Where a card's latest change from this phone is; `undefined`: nothing pending. */
  statusOf: (id: string) => CardStatus | undefined;
} {
  const { sessionId, participantId, board, state, channel, connected, takes, version } = options;
  const onRefused = useRef(options.onRefused);
  onRefused.current = options.onRefused;
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  useEffect(() => {
    if (!board || !channel) return;
    const created = new Outbox(localOutbox(sessionId), {
      doc: board.doc,
      participantId,
      savedClock: (client) => board.savedClock(client),
      request: (intent) => requestFor(channel, intent),
      refresh: () => board.refresh(),
      onRefused: (intent, code) => onRefused.current(intent, code),
    });
    setOutbox(created);
    const timer = window.setInterval(() => created.flush(), SETTLE_MS);
    return () => {
      window.clearInterval(timer);
      created.destroy();
      setOutbox(null);
    };
  }, [sessionId, participantId, board, channel]);

  useEffect(() => {
    outbox?.update({ live: state.live, connected, takes });
  }, [outbox, state.live, state.saved, connected, takes, version]);

  const snapshot = useSyncExternalStore(
    outbox?.subscribe ?? noSubscribe,
    outbox?.getState ?? emptyState,
  );
  const doc = board?.doc;
  const pending = useMemo(
    () => pendingOf(snapshot, doc, participantId),
    // `version`: whether a card is on the board changes with the doc, which mutates in place.
    [snapshot, doc, participantId, version],
  );
  const conditions = { live: state.live, connected, takes };
  return { outbox, pending, statusOf: (id) => statusOf(snapshot, id, conditions) };
}
