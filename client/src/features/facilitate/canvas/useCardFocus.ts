import { useCallback, useLayoutEffect, useRef, type FocusEvent, type RefObject } from 'react';
import { cardRect, type CanvasLayout, type Rect } from './geometry';

/**
 * Keyboard focus on the canvas's cards: a card focused from the keyboard is panned into view,
 * and one moved to another zone (re-mounted there, so the browser drops its focus) gets the
 * focus back, so arrow presses carry on across zones.
 */
export function useCardFocus(
  viewport: RefObject<HTMLDivElement | null>,
  layout: CanvasLayout,
  show: (rect: Rect) => void,
): {
  onFocus: (event: FocusEvent<HTMLElement>) => void;
  onBlur: (event: FocusEvent<HTMLElement>) => void;
} {
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const focused = useRef<string | undefined>(undefined);

  const onFocus = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      focused.current = event.currentTarget.dataset.cardId;
      // Only keyboard focus pans: a click focuses too, and panning under a starting drag would
      // leave the card away from the pointer.
      if (!event.currentTarget.matches(':focus-visible')) return;
      const placed = layoutRef.current.byId.get(event.currentTarget.dataset.cardId ?? '');
      if (placed) show(cardRect(placed));
    },
    [show],
  );
  const onBlur = useCallback((event: FocusEvent<HTMLElement>) => {
    const el = event.currentTarget;
    // Still in the page afterwards: the focus really went elsewhere.
    queueMicrotask(() => {
      if (el.isConnected && focused.current === el.dataset.cardId) focused.current = undefined;
    });
  }, []);
  useLayoutEffect(() => {
    const id = focused.current;
    if (id === undefined || document.activeElement !== document.body) return;
    const el = viewport.current?.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`);
    el?.focus({ preventScroll: true });
  }, [layout, viewport]);
  return { onFocus, onBlur };
}
