import { Fragment, memo, useId } from 'react';
import { useT } from '../../../lib/i18n';
import { CanvasCard, type CardHandlers, type CardWords } from './CanvasCard';
import { CARD_H, CARD_W, type Cluster, type PlacedCard, type ZoneRegion } from './geometry';
import type { Offset } from './sharedDrag';

interface CanvasZoneProps {
  region: ZoneRegion;
  cards: readonly PlacedCard[];
  /** Every synthesis point's cluster on the board, by point id. */
  clusters: ReadonlyMap<string, Cluster>;
  selected: ReadonlySet<string>;
  dragging: ReadonlySet<string>;
  /** Cards another console is dragging, and by how much so far. */
  remote: ReadonlyMap<string, Offset>;
  dropTarget: string | undefined;
  results: Readonly<Record<string, number>>;
  handlers: CardHandlers;
  words: CardWords;
  onFold: (pointId: string) => void;
}

/**
 * One zone: a labelled group holding the zone's region (drawn behind), its synthesis points' frames
 * and its cards, so a screen reader meets each zone's title right before its cards, in zone order.
 * Memoised: panning and zooming change none of these props, so 300 cards are not re-rendered on
 * every frame.
 */
export const CanvasZone = memo(function CanvasZone(props: CanvasZoneProps) {
  const { region, cards, clusters, selected, dragging, remote, dropTarget, results } = props;
  const { handlers, words, onFold } = props;
  // Zone ids come from the doc: never trust one as an HTML id.
  const titleId = useId();
  const { x, y, w, h } = region.rect;
  return (
    <div role="group" aria-labelledby={region.title ? titleId : undefined}>
      <div
        className="canvas-zone"
        style={{ left: x, top: y, width: w, height: h }}
        data-testid="canvas-zone"
        data-zone={region.id}
        data-cols={region.cols}
      >
        {region.title && (
          <h2 className="canvas-zone-title" id={titleId} dir="auto">
            {region.title}
          </h2>
        )}
      </div>
      {cards.map((placed) => {
        const cluster = clusters.get(placed.card.id);
        return cluster ? (
          <ClusterFrame
            key={`frame-${cluster.pointId}`}
            cluster={cluster}
            dropTarget={dropTarget === cluster.pointId}
          />
        ) : null;
      })}
      {cards.map((placed) => {
        const { card } = placed;
        const cluster = clusters.get(card.id);
        // Keyed by card: a card taken out of the zone must not shift the others onto the
        // elements of their neighbours (keyless, every card after it was rebuilt).
        return (
          <Fragment key={card.id}>
            <CanvasCard
              card={card}
              x={placed.x}
              y={placed.y}
              selected={selected.has(card.id)}
              dragging={dragging.has(card.id)}
              remote={remote.get(card.id)}
              dropTarget={dropTarget === card.id}
              inPoint={placed.point !== undefined}
              grouped={cluster?.grouped ?? 0}
              votes={results[card.id]}
              handlers={handlers}
              words={words}
            />
            {cluster && cluster.grouped > 0 && (
              <FoldToggle
                placed={placed}
                folded={cluster.folded}
                dragging={dragging.has(card.id)}
                onFold={onFold}
              />
            )}
          </Fragment>
        );
      })}
    </div>
  );
});

/** Behind a point and its statements: what shows they belong together, and lights up as a drop. */
function ClusterFrame({ cluster, dropTarget }: { cluster: Cluster; dropTarget: boolean }) {
  const { x, y, w, h } = cluster.rect;
  return (
    <div
      className={`canvas-cluster${dropTarget ? ' is-drop-target' : ''}`}
      style={{ left: x, top: y, width: w, height: h }}
      data-testid="canvas-cluster"
      data-point-id={cluster.pointId}
      data-folded={cluster.folded}
      aria-hidden="true"
    />
  );
}

/**
 * Folds a point's statements under it, or unfolds them: a button of its own beside the point's
 * card (a card is itself a button, and buttons do not nest), reached by Tab right after it.
 */
function FoldToggle(props: {
  placed: PlacedCard;
  folded: boolean;
  dragging: boolean;
  onFold: (pointId: string) => void;
}) {
  const t = useT();
  const { placed, folded, dragging, onFold } = props;
  const { card } = placed;
  return (
    <button
      type="button"
      className={`canvas-fold${dragging ? ' is-dragging' : ''}`}
      style={{ left: placed.x + CARD_W - 36, top: placed.y + CARD_H - 36 }}
      aria-expanded={!folded}
      aria-label={t(folded ? 'canvas.unfold' : 'canvas.fold', { point: card.text })}
      // Its own click, not the start of a pan or a band on the canvas behind it.
      onPointerDown={(event) => event.stopPropagation()}
      onClick={() => onFold(card.id)}
      data-testid="canvas-fold"
      data-point-id={card.id}
    >
      <span aria-hidden="true">{folded ? '+' : '−'}</span>
    </button>
  );
}
