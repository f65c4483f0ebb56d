import { useMemo } from 'react';
import { readWorkshop, type WorkshopState } from '@trellis/shared';
import type { BoardConnection, BoardState } from './connectBoard';
import { useBoard, useDocVersion, useOffline } from './useBoard';
import { useWorkshopChannel, type WorkshopChannel, type WorkshopLive } from './workshop';

export interface LiveBoard {
  board: BoardConnection | null;
  state: BoardState;
  /** Whether to tell the user the board is not live (see useOffline). */
  offline: boolean;
  /** The doc's change counter: views derived from the doc, which mutates in place, depend on it. */
  version: number;
  /** The workshop state in the document (phase, timer, lock, votes…), re-read on every change. */
  workshop: WorkshopState | undefined;
  channel: WorkshopChannel | null;
  live: WorkshopLive;
}

/** One session's board and control channel, open while the page is: what every screen starts from. */
export function useLiveBoard(sessionId: string, token: string, persistAs?: string): LiveBoard {
  const { board, state } = useBoard(sessionId, token, persistAs);
  const offline = useOffline(state);
  const doc = board?.doc;
  const version = useDocVersion(doc);
  const workshop = useMemo(() => (doc ? readWorkshop(doc) : undefined), [doc, version]);
  const { channel, live } = useWorkshopChannel(board);
  return { board, state, offline, version, workshop, channel, live };
}
