import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent,
  type RefObject,
} from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { onDocChange } from '../../../sync/useBoard';
import { placementAt, pointAt, type CanvasLayout, type Placement } from './geometry';
import { dragSharer } from './sharedDrag';
import { CLICK_SLOP } from './useBackgroundGestures';
import type { Selection } from './useSelection';
import type { ViewportControls } from './useViewport';
import { toWorld } from './viewport';
import { groupInto, placeCards, ungroupTo } from './writes';

interface Press {
  pointerId: number;
  id: string;
  /** Shift, ctrl or ⌘ held: a click toggles instead of selecting only this card. */
  toggle: boolean;
  start: { x: number; y: number };
  /** The cards that move together: the selection if this card is in it, else this card. */
  ids: string[];
  /** What the screen moves: those cards and the statements shown under dragged points. */
  moving: string[];
  dragging: boolean;
  /** The world offset so far. */
  dx: number;
  dy: number;
  /** Measured once, when the drag starts: the canvas element's top-left on the screen. */
  origin: { x: number; y: number };
  /** The elements that follow the pointer (cards and their fold buttons), found once too. */
  elements: HTMLElement[];
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

/** The dragged cards and, for dragged synthesis points, the statements shown in their cluster. */
function movingWith(layout: CanvasLayout, ids: readonly string[]): string[] {
  const points = new Set(ids.filter((id) => layout.clusters.has(id)));
  const under = layout.cards.filter((p) => p.point !== undefined && points.has(p.point));
  return [...new Set([...ids, ...under.map((p) => p.card.id)])];
}

/** The world's cards and fold buttons that belong to `ids`. */
function elementsOf(world: HTMLElement | null, ids: readonly string[]): HTMLElement[] {
  if (!world) return [];
  const wanted = new Set(ids);
  return [...world.querySelectorAll<HTMLElement>('.canvas-card, .canvas-fold')].filter((el) =>
    wanted.has(el.dataset.cardId ?? el.dataset.pointId ?? ''),
  );
}

/**
 * Clicking and dragging cards. While a drag lasts, the cards follow the pointer through a CSS
 * transform on each moving element, with no React render and nothing written; on release, one
 * transaction writes where they landed, or groups the dragged statements into the synthesis point
 * they were dropped on (anywhere on its cluster). A statement dragged out of its point's cluster
 * leaves the point. Handlers are stable and read the card id from `data-card-id`, so 600
 * memoised cards do not re-render on every move. Nothing is measured while the pointer moves:
 * the canvas's place on the screen is read once, when the drag starts (a variable on the world
 * layer, as this was, made every move restyle all 600 cards, and a measure on every move then
 * waited for that: 230-290 ms a move with 600 cards and the CPU slowed 4×).
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

  const shownTarget = useRef<string | undefined>(undefined);
  const showTarget = (point: string | undefined): void => {
    if (shownTarget.current === point) return;
    shownTarget.current = point;
    setDropTarget(point);
  };

  // On a big board the drop is drawn a frame or two later (useBoardVersion): until the board's
  // next layout puts them there, dropped cards stay where they were let go.
  const landing = useRef<HTMLElement[]>([]);
  const settle = (): void => {
    for (const el of landing.current) el.style.transform = '';
    landing.current = [];
  };
  useLayoutEffect(settle, [options.layout]);

  /** Ends the press; `write` is what the drop writes, if anything. */
  const end = (write?: () => void): void => {
    const elements = press.current?.elements ?? [];
    let wrote = false;
    if (write) {
      const stop = onDocChange(latest.current.doc, () => {
        wrote = true;
      });
      write();
      stop();
    }
    settle();
    if (wrote) landing.current = elements;
    else for (const el of elements) el.style.transform = '';
    press.current = undefined;
    shareRef.current.clear();
    setDragging(NONE);
    showTarget(undefined);
  };

  /** A pointer's position in world units, from the canvas's place measured at the drag's start. */
  const worldAt = (p: Press, clientX: number, clientY: number) =>
    toWorld(latest.current.view.viewport, { x: clientX - p.origin.x, y: clientY - p.origin.y });

  /**
   * The synthesis point whose cluster is under the pointer, when the drag carries a statement
   * that is not in it already (dropped back onto its own point, a statement stays put).
   */
  const pointUnder = (p: Press, clientX: number, clientY: number): string | undefined => {
    const { layout } = latest.current;
    const point = pointAt(layout, worldAt(p, clientX, clientY), new Set(p.ids));
    const joins = p.ids.some((id) => {
      const placed = layout.byId.get(id);
      return placed?.card.kind === 'statement' && placed.point !== point;
    });
    return joins ? point : undefined;
  };

  /** Over its own point's cluster, a grouped statement's drop changes nothing. */
  const home = (p: Press, clientX: number, clientY: number): ReadonlySet<string> => {
    const { layout } = latest.current;
    const point = pointAt(layout, worldAt(p, clientX, clientY), new Set(p.ids));
    return new Set(p.ids.filter((id) => point && layout.byId.get(id)?.point === point));
  };

  const onPointerDown = useCallback((event: PointerEvent<HTMLElement>) => {
    const id = idOf(event);
    if (!id || event.button !== 0) return;
    // Ours, not the background's: no pan, no band.
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    const { selection, layout } = latest.current;
    const toggle = event.shiftKey || event.ctrlKey || event.metaKey;
    if (!toggle && !selection.ids.has(id)) selection.only(id);
    // Folded statements are selected but not on screen: they stay where they are.
    const ids = (selection.ids.has(id) ? [...selection.ids] : [id]).filter((x) =>
      layout.byId.has(x),
    );
    press.current = {
      pointerId: event.pointerId,
      id,
      toggle,
      start: { x: event.clientX, y: event.clientY },
      ids,
      moving: movingWith(layout, ids),
      dragging: false,
      dx: 0,
      dy: 0,
      origin: { x: 0, y: 0 },
      elements: [],
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
      const { view, world } = latest.current;
      const zero = view.local(0, 0);
      p.origin = { x: -zero.x, y: -zero.y };
      p.elements = elementsOf(world.current, p.moving);
      setDragging(new Set(p.moving));
    }
    const { scale } = latest.current.view.viewport;
    p.dx = sx / scale;
    p.dy = sy / scale;
    const transform = `translate(${p.dx}px, ${p.dy}px)`;
    for (const el of p.elements) el.style.transform = transform;
    shareRef.current.move(p.moving, p.dx, p.dy);
    showTarget(pointUnder(p, event.clientX, event.clientY));
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
      end(() => groupInto(doc, statements, point));
      return;
    }
    const stays = home(p, event.clientX, event.clientY);
    const moves = new Map<string, Placement>();
    const leaving: string[] = [];
    for (const id of p.ids) {
      const placed = layout.byId.get(id);
      if (!placed || stays.has(id)) continue;
      const to = placementAt(layout, placed.x + p.dx, placed.y + p.dy);
      if (to) moves.set(id, to);
      if (placed.point !== undefined) leaving.push(id);
    }
    end(() => (leaving.length > 0 ? ungroupTo(doc, moves, leaving) : placeCards(doc, moves)));
  }, []);

  const onPointerCancel = useCallback((event: PointerEvent<HTMLElement>) => {
    if (press.current?.pointerId === event.pointerId) end();
  }, []);

  return { dragging, dropTarget, onPointerDown, onPointerMove, onPointerUp, onPointerCancel };
}
