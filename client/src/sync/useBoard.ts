import { useEffect, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { connectBoard, IDLE_BOARD, type BoardConnection, type BoardState } from './connectBoard';

const noSubscribe = (): (() => void) => () => undefined;
const idleState = (): BoardState => IDLE_BOARD;

/**
 * Opens the board for as long as the component is mounted. The connection is made in an effect,
 * not during render, so StrictMode's double mount opens and closes cleanly instead of leaking.
 */
export function useBoard(
  sessionId: string,
  token: string,
  persistAs?: string,
): { board: BoardConnection | null; state: BoardState } {
  const [board, setBoard] = useState<BoardConnection | null>(null);
  useEffect(() => {
    const connection = connectBoard({ sessionId, token, ...(persistAs && { persistAs }) });
    setBoard(connection);
    return () => {
      connection.destroy();
      setBoard(null);
    };
  }, [sessionId, token, persistAs]);
  const state = useSyncExternalStore(board?.subscribe ?? noSubscribe, board?.getState ?? idleState);
  return { board, state };
}

/**
 * Calls `listener` after every transaction that changed the doc, as an 'update' listener would be,
 * without one: while any is registered, Yjs encodes every update again, the server's included
 * (a third of the first sync of a 600-card board; connectBoard leaves none for those).
 */
export function onDocChange(doc: Y.Doc, listener: (tr: Y.Transaction) => void): () => void {
  const after = (tr: Y.Transaction): void => {
    const wrote = [...tr.afterState].some(
      ([client, clock]) => tr.beforeState.get(client) !== clock,
    );
    if (wrote || tr.deleteSet.clients.size > 0) listener(tr);
  };
  doc.on('afterTransaction', after);
  return () => doc.off('afterTransaction', after);
}

/** A number that changes after every doc update, to recompute views derived from the doc. */
export function useDocVersion(doc: Y.Doc | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const stop = onDocChange(doc, () => setVersion((v) => v + 1));
    setVersion((v) => v + 1);
    return stop;
  }, [doc]);
  return version;
}

/**
 * True when the board should tell the user it is not live: the browser is offline, or the board
 * has been down for a moment after working, or it has not come up within a grace period. Both
 * delays exist because venue Wi-Fi blips and slow first connects are normal, and a banner that
 * flashes on every hiccup only alarms people.
 */
export function useOffline(state: BoardState, startGraceMs = 3000, dropGraceMs = 1500): boolean {
  const [startOver, setStartOver] = useState(false);
  const [dropped, setDropped] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setStartOver(true), startGraceMs);
    return () => window.clearTimeout(timer);
  }, [startGraceMs]);
  const down = state.everConnected && state.status !== 'connected';
  useEffect(() => {
    if (!down) {
      setDropped(false);
      return;
    }
    const timer = window.setTimeout(() => setDropped(true), dropGraceMs);
    return () => window.clearTimeout(timer);
  }, [down, dropGraceMs]);
  if (state.closeReason) return false;
  if (!state.online) return true;
  if (state.status === 'connected') return false;
  return state.everConnected ? dropped : startOver;
}
