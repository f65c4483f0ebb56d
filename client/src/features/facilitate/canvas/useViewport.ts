import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Point, Rect } from './geometry';
import { fitRect, IDENTITY, panBy, reveal, zoomAt, type Viewport } from './viewport';

export interface ViewportControls {
  viewport: Viewport;
  /** The canvas element's size in its own pixels (0 before it is measured). */
  size: { w: number; h: number };
  setViewport: (update: (v: Viewport) => Viewport) => void;
  zoomBy(factor: number): void;
  fit(): void;
  /** Pans just enough to show a world rect (a card that took the focus). */
  show(rect: Rect): void;
  /** A pointer's position in the canvas element's own pixels. */
  local(clientX: number, clientY: number): Point;
}

/**
 * The camera, its size, and the wheel: ctrl/⌘ + wheel (and a touchpad pinch, which Chromium and
 * Firefox report as ctrl + wheel) zooms at the pointer; a plain wheel or two-finger scroll pans.
 * The canvas fits the board until the facilitator first pans or zooms, so zones arriving with the
 * first sync are shown whole (or from their start, at a legible size, when they cannot be).
 */
export function useViewport(
  element: RefObject<HTMLElement | null>,
  bounds: Rect,
  rtl = false,
): ViewportControls {
  const [viewport, setRaw] = useState<Viewport>(IDENTITY);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const moved = useRef(false);
  const latest = useRef({ bounds, size, rtl });
  latest.current = { bounds, size, rtl };

  const setViewport = useCallback((update: (v: Viewport) => Viewport) => {
    moved.current = true;
    setRaw(update);
  }, []);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, [element]);

  // Only the width decides whether to refit: cards dropped lower make the board taller, and the
  // view jumping after every drop would be worse than a board that runs off the bottom.
  useEffect(() => {
    if (moved.current) return;
    const { bounds: b } = latest.current;
    setRaw(fitRect(b, size.w, size.h, { rtl: latest.current.rtl }));
  }, [bounds.w, size.w, size.h, rtl]);

  const local = useCallback(
    (clientX: number, clientY: number): Point => {
      const box = element.current?.getBoundingClientRect();
      return { x: clientX - (box?.left ?? 0), y: clientY - (box?.top ?? 0) };
    },
    [element],
  );

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    // Not React's onWheel: React listens passively, and only an active listener may stop the
    // page from scrolling or the browser from zooming the whole page.
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? el.clientHeight : 1;
      const dx = event.deltaX * unit;
      const dy = event.deltaY * unit;
      if (event.ctrlKey || event.metaKey) {
        const at = local(event.clientX, event.clientY);
        setViewport((v) => zoomAt(v, Math.exp(-dy * 0.0025), at));
      } else if (event.shiftKey && dx === 0) {
        setViewport((v) => panBy(v, -dy, 0));
      } else {
        setViewport((v) => panBy(v, -dx, -dy));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [element, local, setViewport]);

  const zoomBy = useCallback(
    (factor: number) => {
      const { size: s } = latest.current;
      setViewport((v) => zoomAt(v, factor, { x: s.w / 2, y: s.h / 2 }));
    },
    [setViewport],
  );
  const fit = useCallback(() => {
    const { bounds: b, size: s } = latest.current;
    setViewport(() => fitRect(b, s.w, s.h, { rtl: latest.current.rtl }));
  }, [setViewport]);
  const show = useCallback((rect: Rect) => {
    const { size: s } = latest.current;
    // Not a user move: following the focus should not stop the first-sync fit.
    setRaw((v) => reveal(v, rect, s.w, s.h));
  }, []);

  return { viewport, size, setViewport, zoomBy, fit, show, local };
}
