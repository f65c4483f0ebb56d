import { useCallback, useId, useMemo, useRef, type KeyboardEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { directionOf, type Card } from '@trellis/shared';
import { useLocale, useT } from '../../../lib/i18n';
import type { PointOption, ZoneOption } from '../FacilitatorCard';
import type { CardHandlers } from './CanvasCard';
import { cardsByZone, pointSummaries } from './canvasIndex';
import { CanvasToolbar } from './CanvasToolbar';
import { CanvasZone } from './CanvasZone';
import { cardRect, intersects, layoutCanvas, type PlacedCard, type Rect } from './geometry';
import { useBackgroundGestures } from './useBackgroundGestures';
import { useRemoteDrags } from './sharedDrag';
import { useCardDrag } from './useCardDrag';
import { useCardFocus } from './useCardFocus';
import { useCardKeys } from './useCardKeys';
import { useSelection } from './useSelection';
import { useViewport } from './useViewport';
import { transformOf, ZOOM_STEP } from './viewport';
import './canvas.css';

interface BoardCanvasProps {
  doc: Y.Doc;
  /** Every card, hidden ones included, in creation order. */
  cards: readonly Card[];
  zones: readonly ZoneOption[];
  points: readonly PointOption[];
  results: Readonly<Record<string, number>>;
  /** Where a new synthesis point goes: the same zone the list view's form uses. */
  pointZone: string | undefined;
  disabled: boolean;
  /** Shares this console's drags and shows other consoles' as they happen. */
  awareness?: Awareness | null;
  /** The card on the projector's spotlight, and how to change it (a facilitator command). */
  spotlight: string | undefined;
  onSpotlight: (cardId: string | null) => void;
}

const isTyping = (target: EventTarget): boolean =>
  target instanceof HTMLElement && target.closest('input, textarea, select') !== null;

const NO_CARDS: readonly PlacedCard[] = [];

/**
 * The facilitator's canvas: zones as labelled columns, cards where they were put, pan and zoom,
 * multi-select, and grouping the selection into synthesis points. Everything it writes goes
 * through `writes.ts`, one transaction per gesture.
 */
export function BoardCanvas(props: BoardCanvasProps) {
  const { doc, cards, zones, results, disabled, awareness } = props;
  const t = useT();
  const rtl = directionOf(useLocale()) === 'rtl';
  const helpId = useId();
  const layout = useMemo(() => layoutCanvas(cards, zones, rtl), [cards, zones, rtl]);
  const existing = useMemo(() => new Set(cards.map((card) => card.id)), [cards]);
  const selection = useSelection(existing);
  const viewportEl = useRef<HTMLDivElement>(null);
  const worldEl = useRef<HTMLDivElement>(null);
  const view = useViewport(viewportEl, layout.bounds);
  const drag = useCardDrag({ doc, layout, selection, view, world: worldEl, disabled, awareness });
  const remote = useRemoteDrags(awareness);
  const onKeyDown = useCardKeys({ doc, layout, selection, disabled });
  const { onFocus, onBlur } = useCardFocus(viewportEl, layout, view.show);

  const { onPointerDown, onPointerMove, onPointerUp, onPointerCancel } = drag;
  const handlers = useMemo<CardHandlers>(
    () => ({
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel,
      onKeyDown,
      onFocus,
      onBlur,
    }),
    [onPointerDown, onPointerMove, onPointerUp, onPointerCancel, onKeyDown, onFocus, onBlur],
  );

  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const { add, clear } = selection;
  const onBand = useCallback(
    (world: Rect) =>
      add(
        layoutRef.current.cards
          .filter((placed) => intersects(cardRect(placed), world))
          .map((placed) => placed.card.id),
      ),
    [add],
  );
  const background = useBackgroundGestures(view, onBand, clear);
  const byZone = useMemo(() => cardsByZone(layout), [layout]);
  const pointInfo = useMemo(() => pointSummaries(cards), [cards]);

  // Zoom keys anywhere in the canvas but in a text field: + (or =, unshifted on most layouts),
  // − and 0 to fit. Escape lets go of the selection.
  const onRegionKey = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === '+' || event.key === '=') view.zoomBy(ZOOM_STEP);
    else if (event.key === '-' || event.key === '−') view.zoomBy(1 / ZOOM_STEP);
    else if (event.key === '0') view.fit();
    else if (event.key === 'Escape') clear();
    else return;
    event.preventDefault();
  };

  const { band } = background;
  return (
    <section
      className="board-canvas"
      aria-label={t('canvas.label')}
      aria-describedby={helpId}
      onKeyDown={onRegionKey}
      data-testid="board-canvas"
    >
      <CanvasToolbar {...props} selection={selection} view={view} />
      <p id={helpId} className="canvas-help muted">
        {t('canvas.help')}
      </p>
      <div
        ref={viewportEl}
        className="canvas-viewport"
        data-testid="canvas-viewport"
        onPointerDown={background.onPointerDown}
        onPointerMove={background.onPointerMove}
        onPointerUp={background.onPointerUp}
        onPointerCancel={background.onPointerCancel}
      >
        <div
          ref={worldEl}
          className="canvas-world"
          data-testid="canvas-world"
          data-scale={view.viewport.scale}
          style={{ transform: transformOf(view.viewport) }}
        >
          {layout.zones.map((region) => (
            <CanvasZone
              key={region.id ?? ''}
              region={region}
              cards={byZone.get(region.id) ?? NO_CARDS}
              selected={selection.ids}
              dragging={drag.dragging}
              remote={remote}
              dropTarget={drag.dropTarget}
              points={pointInfo}
              results={results}
              handlers={handlers}
            />
          ))}
        </div>
        {band && (
          <div
            className="canvas-band"
            style={{ left: band.x, top: band.y, width: band.w, height: band.h }}
            aria-hidden="true"
          />
        )}
      </div>
    </section>
  );
}
