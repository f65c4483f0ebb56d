import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { directionOf, type Card } from '@trellis/shared';
import { useLocale, usePlural, useT } from '../../../lib/i18n';
import type { PointOption, ZoneOption } from '../FacilitatorCard';
import type { CardHandlers, CardWords } from './CanvasCard';
import { cardsByZone } from './canvasIndex';
import { CanvasToolbar } from './CanvasToolbar';
import { CanvasZone } from './CanvasZone';
import { cardRect, intersects, layoutCanvas, type PlacedCard, type Rect } from './geometry';
import { useBackgroundGestures } from './useBackgroundGestures';
import { useRemoteDrags } from './sharedDrag';
import { useStableCards } from './stableCards';
import { useCardDrag } from './useCardDrag';
import { useCardFocus } from './useCardFocus';
import { useCardKeys } from './useCardKeys';
import { useGradualCards } from './useGradualCards';
import { toggled, useSelection } from './useSelection';
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
 * The facilitator's canvas: zones packed to the screen's shape, cards where they were put, each
 * synthesis point with its statements gathered under it (folded away on demand), pan and zoom,
 * multi-select, and grouping the selection into synthesis points. Everything it writes goes
 * through `writes.ts`, one transaction per gesture.
 */
export function BoardCanvas(props: BoardCanvasProps) {
  const { doc, zones, results, disabled, awareness } = props;
  const cards = useStableCards(props.cards);
  const t = useT();
  const plural = usePlural();
  const words = useMemo<CardWords>(
    () => ({
      hidden: t('canvas.hiddenTag'),
      statements: (count) => plural('canvas.statements', count),
    }),
    [t, plural],
  );
  const rtl = directionOf(useLocale()) === 'rtl';
  const helpId = useId();
  // Which points this console folded: a view of its own, like the selection.
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const onFold = useCallback(
    (pointId: string) => setFolded((before) => toggled(before, pointId)),
    [],
  );
  const layout = useMemo(
    () => layoutCanvas(cards, zones, rtl, folded),
    [cards, zones, rtl, folded],
  );
  const existing = useMemo(() => new Set(cards.map((card) => card.id)), [cards]);
  const selection = useSelection(existing);
  const viewportEl = useRef<HTMLDivElement>(null);
  const worldEl = useRef<HTMLDivElement>(null);
  const view = useViewport(viewportEl, layout.bounds, rtl);
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
  const { viewport: camera, size } = view;
  const shown = useGradualCards(
    layout.cards,
    size.w > 0
      ? {
          x: -camera.x / camera.scale,
          y: -camera.y / camera.scale,
          w: size.w / camera.scale,
          h: size.h / camera.scale,
        }
      : undefined,
  );
  const byZone = useMemo(() => cardsByZone(layout, shown), [layout, shown]);

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
      <CanvasToolbar {...props} cards={cards} selection={selection} view={view} layout={layout} />
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
        <div className="canvas-backdrop" aria-hidden="true" />
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
              clusters={layout.clusters}
              results={results}
              handlers={handlers}
              words={words}
              onFold={onFold}
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
