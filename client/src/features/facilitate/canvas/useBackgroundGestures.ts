import { useCallback, useRef, useState, type PointerEvent } from 'react';
import type { Point, Rect } from './geometry';
import type { ViewportControls } from './useViewport';
import { panBy, toWorld, zoomAt } from './viewport';

/** Pointer travel below this is a click, not a drag: a hand on a trackpad is never still. */
export const CLICK_SLOP = 4;

type Gesture =
  | { kind: 'pan'; last: Point; travelled: number }
  | { kind: 'band'; start: Point; end: Point }
  | { kind: 'pinch'; distance: number };

export interface BackgroundGestures {
  /** The rubber band in the canvas element's pixels, while one is drawn. */
  band: Rect | undefined;
  onPointerDown(event: PointerEvent<HTMLElement>): void;
  onPointerMove(event: PointerEvent<HTMLElement>): void;
  onPointerUp(event: PointerEvent<HTMLElement>): void;
  onPointerCancel(event: PointerEvent<HTMLElement>): void;
}

const bandRect = (a: Point, b: Point): Rect => ({
  x: Math.min(a.x, b.x),
  y: Math.min(a.y, b.y),
  w: Math.abs(a.x - b.x),
  h: Math.abs(a.y - b.y),
});

/**
 * Gestures that start on the empty canvas (cards stop their own pointer events): drag pans,
 * shift + drag draws a selection band, two fingers pinch-zoom, and a click clears the selection.
 * Shift is the band's modifier because shift-click already means "add to the selection".
 */
export function useBackgroundGestures(
  view: ViewportControls,
  onBand: (world: Rect) => void,
  onEmptyClick: () => void,
): BackgroundGestures {
  const [band, setBand] = useState<Rect | undefined>();
  const gesture = useRef<Gesture | undefined>(undefined);
  const pointers = useRef(new Map<number, Point>());
  const { local, setViewport } = view;
  const camera = useRef(view.viewport);
  camera.current = view.viewport;

  const pinchState = (): { centre: Point; distance: number } | undefined => {
    const [a, b] = [...pointers.current.values()];
    if (!a || !b) return undefined;
    return {
      centre: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
      distance: Math.hypot(a.x - b.x, a.y - b.y) || 1,
    };
  };

  const onPointerDown = useCallback(
    (event: PointerEvent<HTMLElement>) => {
      if (event.pointerType === 'mouse' && event.button !== 0 && event.button !== 1) return;
      const at = local(event.clientX, event.clientY);
      pointers.current.set(event.pointerId, at);
      event.currentTarget.setPointerCapture(event.pointerId);
      const pinch = pointers.current.size === 2 ? pinchState() : undefined;
      if (pinch) {
        setBand(undefined);
        gesture.current = { kind: 'pinch', distance: pinch.distance };
      } else if (event.shiftKey && event.button === 0) {
        gesture.current = { kind: 'band', start: at, end: at };
      } else {
        gesture.current = { kind: 'pan', last: at, travelled: 0 };
      }
    },
    [local],
  );

  const onPointerMove = useCallback(
    (event: PointerEvent<HTMLElement>) => {
      if (!pointers.current.has(event.pointerId)) return;
      const at = local(event.clientX, event.clientY);
      pointers.current.set(event.pointerId, at);
      const g = gesture.current;
      if (!g) return;
      if (g.kind === 'pinch') {
        const pinch = pinchState();
        if (!pinch) return;
        const factor = pinch.distance / g.distance;
        g.distance = pinch.distance;
        setViewport((v) => zoomAt(v, factor, pinch.centre));
      } else if (g.kind === 'band') {
        g.end = at;
        setBand(bandRect(g.start, at));
      } else {
        const dx = at.x - g.last.x;
        const dy = at.y - g.last.y;
        g.last = at;
        g.travelled += Math.abs(dx) + Math.abs(dy);
        if (dx !== 0 || dy !== 0) setViewport((v) => panBy(v, dx, dy));
      }
    },
    [local, setViewport],
  );

  const finish = useCallback(
    (event: PointerEvent<HTMLElement>, commit: boolean) => {
      if (!pointers.current.delete(event.pointerId)) return;
      const g = gesture.current;
      if (pointers.current.size > 0) {
        // One finger of a pinch lifted: the other carries on as a pan, from where it is.
        const [rest] = pointers.current.values();
        gesture.current = rest ? { kind: 'pan', last: rest, travelled: CLICK_SLOP } : undefined;
        return;
      }
      gesture.current = undefined;
      setBand(undefined);
      if (!commit || !g) return;
      if (g.kind === 'band') {
        const r = bandRect(g.start, g.end);
        if (r.w < CLICK_SLOP && r.h < CLICK_SLOP) return;
        // The band is drawn in screen pixels; selection is decided in world units.
        const v = camera.current;
        onBand(
          bandRect(toWorld(v, { x: r.x, y: r.y }), toWorld(v, { x: r.x + r.w, y: r.y + r.h })),
        );
      } else if (g.kind === 'pan' && g.travelled < CLICK_SLOP) {
        onEmptyClick();
      }
    },
    [onBand, onEmptyClick],
  );

  const onPointerUp = useCallback(
    (event: PointerEvent<HTMLElement>) => finish(event, true),
    [finish],
  );
  const onPointerCancel = useCallback(
    (event: PointerEvent<HTMLElement>) => finish(event, false),
    [finish],
  );

  return { band, onPointerDown, onPointerMove, onPointerUp, onPointerCancel };
}
