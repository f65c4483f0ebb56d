import { useEffect, useMemo, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';

/** A drag in progress, as another console sees it: these cards, moved by this much so far. */
export interface Offset {
  dx: number;
  dy: number;
}

/** DESIGN §7: drag positions travel through awareness at most this often; only the drop is logged. */
const SHARE_EVERY_MS = 33;
/** Keeps the awareness state far under the server's 4,096-character limit ([A3]). */
const MAX_SHARED_IDS = 100;

const NO_OFFSETS: ReadonlyMap<string, Offset> = new Map();

/**
 * Tells the other consoles (a co-facilitator's laptop) where the cards being dragged are now, at
 * ≤ 30 updates a second, with the last position always sent; `clear` ends it.
 */
export function dragSharer(awareness: Awareness | null | undefined) {
  let last = 0;
  let trailing: number | undefined;
  let pending: { ids: string[]; dx: number; dy: number } | undefined;
  const flush = (): void => {
    trailing = undefined;
    last = Date.now();
    if (pending) awareness?.setLocalStateField('drag', pending);
  };
  return {
    move(ids: readonly string[], dx: number, dy: number): void {
      if (!awareness) return;
      pending = { ids: ids.slice(0, MAX_SHARED_IDS), dx: Math.round(dx), dy: Math.round(dy) };
      const wait = SHARE_EVERY_MS - (Date.now() - last);
      if (wait <= 0) flush();
      else trailing ??= window.setTimeout(flush, wait);
    },
    clear(): void {
      if (trailing !== undefined) window.clearTimeout(trailing);
      trailing = undefined;
      pending = undefined;
      if (awareness?.getLocalState()?.drag) awareness.setLocalStateField('drag', null);
    },
  };
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** Another client's `drag` field, checked: awareness is whatever a peer chose to send. */
function readDrag(state: unknown): { ids: string[]; offset: Offset } | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const drag = (state as { drag?: unknown }).drag;
  if (typeof drag !== 'object' || drag === null) return undefined;
  const { ids, dx, dy } = drag as { ids?: unknown; dx?: unknown; dy?: unknown };
  const x = num(dx);
  const y = num(dy);
  if (!Array.isArray(ids) || x === undefined || y === undefined) return undefined;
  const strings = ids.filter((id): id is string => typeof id === 'string').slice(0, MAX_SHARED_IDS);
  return { ids: strings, offset: { dx: x, dy: y } };
}

/**
 * Whether a peer's state comes from a facilitator's console. `user` is stamped by the server from
 * the connection's token ([A1]), so a participant cannot claim the role: only consoles move cards.
 */
function fromFacilitator(state: unknown): boolean {
  if (typeof state !== 'object' || state === null) return false;
  const user = (state as { user?: unknown }).user;
  return (
    typeof user === 'object' && user !== null && (user as { role?: unknown }).role === 'facilitator'
  );
}

/**
 * The cards other consoles are dragging, from the awareness states of a room (this client's own
 * left out). Only facilitators' drags count: anyone else's `drag` field is ignored.
 */
export function remoteDrags(
  states: ReadonlyMap<number, unknown>,
  selfId: number,
): ReadonlyMap<string, Offset> {
  const out = new Map<string, Offset>();
  states.forEach((state, clientId) => {
    if (clientId === selfId || !fromFacilitator(state)) return;
    const drag = readDrag(state);
    if (drag) for (const id of drag.ids) out.set(id, drag.offset);
  });
  return out.size === 0 ? NO_OFFSETS : out;
}

/** Cards other consoles are dragging right now, with their offsets. */
export function useRemoteDrags(
  awareness: Awareness | null | undefined,
): ReadonlyMap<string, Offset> {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!awareness) return;
    // This console's own drag is not shown from awareness: re-rendering the canvas for each of
    // its moves would undo the point of moving cards without React.
    const bump = (change: { added: number[]; updated: number[]; removed: number[] }): void => {
      const { added, updated, removed } = change;
      if ([...added, ...updated, ...removed].some((id) => id !== awareness.clientID))
        setVersion((v) => v + 1);
    };
    awareness.on('change', bump);
    return () => awareness.off('change', bump);
  }, [awareness]);
  return useMemo(() => {
    if (!awareness) return NO_OFFSETS;
    return remoteDrags(awareness.getStates(), awareness.clientID);
    // `version` changes with every awareness change: the states map mutates in place.
  }, [awareness, version]);
}
