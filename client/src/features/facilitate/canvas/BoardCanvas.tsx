import {
  useCallback,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  type FocusEvent,
  type KeyboardEvent,
} from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { directionOf, setCardText, type Card } from '@trellis/shared';
import { useLocale, useT } from '../../../lib/i18n';
import type { PointOption, ZoneOption } from '../FacilitatorCard';
import type { CardHandlers } from './CanvasCard';
import { CanvasZone } from './CanvasZone';
import { cardRect, intersects, layoutCanvas, type PlacedCard, type Rect } from './geometry';
import { SelectionActions } from './SelectionActions';
import { useBackgroundGestures } from './useBackgroundGestures';
import { useRemoteDrags } from './sharedDrag';
import { useCardDrag } from './useCardDrag';
import { useCardKeys } from './useCardKeys';
import { useSelection } from './useSelection';
import { useViewport } from './useViewport';
import { transformOf, ZOOM_STEP } from './viewport';
import { deleteCards, groupInto, groupIntoNewPoint, hideCards } from './writes';
import { ZoomControls } from './ZoomControls';
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

/**
 * The facilitator's canvas: zones as labelled columns, cards where they were put, pan and zoom,
 * multi-select, and grouping the selection into synthesis points. Everything it writes goes
 * through `writes.ts`, one transaction per gesture.
 */
export function BoardCanvas(props: BoardCanvasProps) {
  const { doc, cards, zones, points, results, pointZone, disabled, awareness, spotlight } = props;
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

  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const { show } = view;
  const onFocus = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      // Only keyboard focus pans: a click focuses too, and panning under a starting drag would
      // leave the card away from the pointer.
      if (!event.currentTarget.matches(':focus-visible')) return;
      const placed = layoutRef.current.byId.get(event.currentTarget.dataset.cardId ?? '');
      if (placed) show(cardRect(placed));
    },
    [show],
  );

  // A card moved to another zone is re-mounted in that zone's group, and the browser drops the
  // focus with the old element: give it back, so arrow presses carry on across zones.
  const focused = useRef<string | undefined>(undefined);
  const onFocusIn = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      focused.current = event.currentTarget.dataset.cardId;
      onFocus(event);
    },
    [onFocus],
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
    const el = viewportEl.current?.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`);
    el?.focus({ preventScroll: true });
  }, [layout]);

  const { onPointerDown, onPointerMove, onPointerUp, onPointerCancel } = drag;
  const handlers = useMemo<CardHandlers>(
    () => ({
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel,
      onKeyDown,
      onFocus: onFocusIn,
      onBlur,
    }),
    [onPointerDown, onPointerMove, onPointerUp, onPointerCancel, onKeyDown, onFocusIn, onBlur],
  );

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

  const byZone = useMemo(() => {
    const out = new Map<string | undefined, PlacedCard[]>();
    for (const placed of layout.cards) {
      const list = out.get(placed.zoneId) ?? [];
      list.push(placed);
      out.set(placed.zoneId, list);
    }
    return out;
  }, [layout]);

  const pointInfo = useMemo(() => {
    const out = new Map<string, { text: string; grouped: number }>();
    for (const card of cards) {
      if (card.kind === 'synthesis') out.set(card.id, { text: card.text, grouped: 0 });
    }
    for (const card of cards) {
      const point = card.group !== undefined ? out.get(card.group) : undefined;
      if (point && card.kind === 'statement') point.grouped++;
    }
    return out;
  }, [cards]);

  const selectedCards = cards.filter((card) => selection.ids.has(card.id));
  const statementIds = selectedCards
    .filter((card) => card.kind === 'statement')
    .map((card) => card.id);

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
      <div className="canvas-toolbar">
        <ZoomControls
          scale={view.viewport.scale}
          onZoomIn={() => view.zoomBy(ZOOM_STEP)}
          onZoomOut={() => view.zoomBy(1 / ZOOM_STEP)}
          onFit={view.fit}
        />
        <SelectionActions
          selected={selectedCards.length}
          statements={statementIds.length}
          allHidden={selectedCards.length > 0 && selectedCards.every((card) => card.hidden)}
          points={points}
          disabled={disabled}
          onGroupInto={(pointId) => groupInto(doc, statementIds, pointId)}
          onNewPoint={(text) =>
            selection.only(groupIntoNewPoint(doc, statementIds, text, pointZone))
          }
          onHide={(hidden) => hideCards(doc, [...selection.ids], hidden)}
          spotlit={selectedCards.length === 1 && selectedCards[0]!.id === spotlight}
          onSpotlight={(on) => props.onSpotlight(on ? (selectedCards[0]?.id ?? null) : null)}
          single={selectedCards.length === 1 ? selectedCards[0] : undefined}
          onEdit={(id, text) => setCardText(doc, id, text)}
          onDelete={() => {
            deleteCards(doc, [...selection.ids]);
            clear();
          }}
          onClear={clear}
        />
      </div>
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

const NO_CARDS: readonly PlacedCard[] = [];
