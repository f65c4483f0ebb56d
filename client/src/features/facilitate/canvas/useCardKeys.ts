import { useCallback, useRef, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { acrossZones, placementAt, type CanvasLayout, type Placement } from './geometry';
import type { Selection } from './useSelection';
import { placeCards } from './writes';

/** World units per arrow press; with shift, a card's width at a time. */
export const STEP = 8;
export const BIG_STEP = 40;

const ARROWS: Readonly<Record<string, readonly [-1 | 0 | 1, -1 | 0 | 1]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The keyboard on a focused card: Enter selects only it, Space adds it to or takes it out of the
 * selection, the arrows move the selection (or the focused card alone, when it is not selected),
 * across to the next zone once against a zone's side, and Escape clears it. A synthesis point
 * moves with its statements; a statement in a point stays in it (the toolbar takes it out). Each
 * press is one transaction: a key press is already a final position, unlike a pointer move. Arrow
 * keys are physical like the canvas: → moves right in Arabic too.
 */
export function useCardKeys(options: {
  doc: Y.Doc;
  layout: CanvasLayout;
  selection: Selection;
  disabled: boolean;
}): (event: KeyboardEvent<HTMLElement>) => void {
  const latest = useRef(options);
  latest.current = options;

  return useCallback((event: KeyboardEvent<HTMLElement>) => {
    const id = event.currentTarget.dataset.cardId;
    if (!id || event.altKey || event.ctrlKey || event.metaKey) return;
    const { doc, layout, selection, disabled } = latest.current;
    const arrow = ARROWS[event.key];
    if (event.key === 'Enter') {
      selection.only(id);
    } else if (event.key === ' ') {
      selection.toggle(id);
    } else if (event.key === 'Escape') {
      selection.clear();
    } else if (arrow) {
      if (disabled) return;
      const step = event.shiftKey ? BIG_STEP : STEP;
      const ids = selection.ids.has(id) ? [...selection.ids] : [id];
      if (!selection.ids.has(id)) selection.only(id);
      const moves = new Map<string, Placement>();
      for (const moving of ids) {
        const placed = layout.byId.get(moving);
        // A statement in a point's cluster sits where its point puts it: the point moves it.
        if (!placed || placed.point !== undefined) continue;
        // Against the zone's side, a sideways press crosses into the next zone: the keyboard's
        // equivalent of dropping a card on another column.
        const [dx, dy] = arrow;
        const across = dx !== 0 ? acrossZones(layout, placed, dx) : undefined;
        const to = across ?? placementAt(layout, placed.x + dx * step, placed.y + dy * step);
        if (to) moves.set(moving, to);
      }
      if (moves.size > 0) placeCards(doc, moves);
    } else {
      return;
    }
    // Space would scroll the page and the arrows would scroll it too.
    event.preventDefault();
    event.stopPropagation();
  }, []);
}
