import { useCallback, useMemo, useRef, useState, type PointerEvent, type RefObject } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { cardAt, placementAt, type CanvasLayout, type Placement } from './geometry';
import { dragSharer } from './sharedDrag';
import { CLICK_SLOP } from './useBackgroundGestures';
import type { Selection } from './useSelection';
import type { ViewportControls } from './useViewport';
import { toWorld } from './viewport';
import { groupInto, placeCards } from './writes';

interface Press {
  pointerId: number;
  id: string;
  /** Shift, ctrl or ⌘ held: a click toggles instead of selecting only this card. */
  toggle: boolean;
  start: { x: number; y: number };
  /** The cards that move together: the selection if this card is in it, else this card. */
  ids: string[];
  dragging: boolean;
  /** The world offset so far. */
  dx: number;
  dy: number;
}

export interface CardDrag {
  dragging: ReadonlySet<string>;
  /** The synthesis point the dragged statements would be grouped under if dropped now. */
  dropTarget: string | undefined;
  onPointerDown(event: PointerEvent<HTMLElement>): void;
  onPointerMove(event: PointerEvent<HTMLElement>): void;
  onPointerUp(event: PointerEvent<HTMLElement>): void;
  onPointerCancel(event: PointerEvent<HTMLElement>): void;
}

const NONE: ReadonlySet<string> = new Set();
const idOf = (event: PointerEvent<HTMLElement>): string | undefined =>
  event.currentTarget.dataset.cardId;

/**
 * Clicking and dragging cards. While a drag lasts, the cards follow the pointer through two CSS
 * variables on the world layer, with no React render and nothing written; on release, one
 * transaction writes where they landed, or groups the dragged statements under the synthesis point
 * they were dropped on. Handlers are stable and read the card id from `data-card-id`, so 300
 * memoised cards do not re-render on every move.
 */
export function useCardDrag(options: {
  doc: Y.Doc;
  layout: CanvasLayout;
  selection: Selection;
  view: ViewportControls;
  world: RefObject<HTMLElement | null>;
  disabled: boolean;
  /** Where other consoles see this drag live; absent in tests of the canvas alone. */
  awareness?: Awareness | null;
}): CardDrag {
  const [dragging, setDragging] = useState<ReadonlySet<string>>(NONE);
  const [dropTarget, setDropTarget] = useState<string | undefined>();
  const press = useRef<Press | undefined>(undefined);
  const latest = useRef(options);
  latest.current = options;
  const { awareness } = options;
  const share = useMemo(() => dragSharer(awareness), [awareness]);
  const shareRef = useRef(share);
  shareRef.current = share;

  const setOffset = (dx: number, dy: number): void => {
    const style = latest.current.world.current?.style;
    style?.setProperty('--drag-x', `${dx}px`);
    style?.setProperty('--drag-y', `${dy}px`);
  };

  const end = (): void => {
    press.current = undefined;
    shareRef.current.clear();
    setOffset(0, 0);
    setDragging(NONE);
    setDropTarget(undefined);
  };

  /** The synthesis point under the pointer, when the drag carries at least one statement. */
  const pointUnder = (p: Press, clientX: number, clientY: number): string | undefined => {
    const { layout, view } = latest.current;
    if (!p.ids.some((id) => layout.byId.get(id)?.card.kind === 'statement')) return undefined;
    const at = toWorld(view.viewport, view.local(clientX, clientY));
    const hit = cardAt(layout, at, new Set(p.ids));
    return hit?.card.kind === 'synthesis' ? hit.card.id : undefined;
  };

  const onPointerDown = useCallback((event: PointerEvent<HTMLElement>) => {
    const id = idOf(event);
    if (!id || event.button !== 0) return;
    // Ours, not the background's: no pan, no band.
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    const { selection } = latest.current;
    const toggle = event.shiftKey || event.ctrlKey || event.metaKey;
    if (!toggle && !selection.ids.has(id)) selection.only(id);
    press.current = {
      pointerId: event.pointerId,
      id,
      toggle,
      start: { x: event.clientX, y: event.clientY },
      ids: selection.ids.has(id) ? [...selection.ids] : [id],
      dragging: false,
      dx: 0,
      dy: 0,
    };
  }, []);

  const onPointerMove = useCallback((event: PointerEvent<HTMLElement>) => {
    const p = press.current;
    if (!p || p.pointerId !== event.pointerId) return;
    event.stopPropagation();
    const sx = event.clientX - p.start.x;
    const sy = event.clientY - p.start.y;
    if (!p.dragging) {
      if (latest.current.disabled || Math.abs(sx) + Math.abs(sy) < CLICK_SLOP) return;
      p.dragging = true;
      setDragging(new Set(p.ids));
    }
    const { scale } = latest.current.view.viewport;
    p.dx = sx / scale;
    p.dy = sy / scale;
    setOffset(p.dx, p.dy);
    shareRef.current.move(p.ids, p.dx, p.dy);
    setDropTarget(pointUnder(p, event.clientX, event.clientY));
  }, []);

  const onPointerUp = useCallback((event: PointerEvent<HTMLElement>) => {
    const p = press.current;
    if (!p || p.pointerId !== event.pointerId) return;
    event.stopPropagation();
    const { doc, layout, selection } = latest.current;
    if (!p.dragging) {
      if (p.toggle) selection.toggle(p.id);
      else selection.only(p.id);
      end();
      return;
    }
    const point = pointUnder(p, event.clientX, event.clientY);
    if (point) {
      const statements = p.ids.filter((id) => layout.byId.get(id)?.card.kind === 'statement');
      groupInto(doc, statements, point);
    } else {
      const moves = new Map<string, Placement>();
      for (const id of p.ids) {
        const placed = layout.byId.get(id);
        const to = placed && placementAt(layout, placed.x + p.dx, placed.y + p.dy);
        if (to) moves.set(id, to);
      }
      placeCards(doc, moves);
    }
    end();
  }, []);

  const onPointerCancel = useCallback((event: PointerEvent<HTMLElement>) => {
    if (press.current?.pointerId === event.pointerId) end();
  }, []);

  return { dragging, dropTarget, onPointerDown, onPointerMove, onPointerUp, onPointerCancel };
}
