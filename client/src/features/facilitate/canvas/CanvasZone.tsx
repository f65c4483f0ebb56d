import { memo, useId } from 'react';
import { CanvasCard, type CardHandlers } from './CanvasCard';
import type { PlacedCard, ZoneRegion } from './geometry';
import type { Offset } from './sharedDrag';

interface CanvasZoneProps {
  region: ZoneRegion;
  cards: readonly PlacedCard[];
  selected: ReadonlySet<string>;
  dragging: ReadonlySet<string>;
  /** Cards another console is dragging, and by how much so far. */
  remote: ReadonlyMap<string, Offset>;
  dropTarget: string | undefined;
  /** Synthesis point id → its text and how many statements it gathers. */
  points: ReadonlyMap<string, { text: string; grouped: number }>;
  results: Readonly<Record<string, number>>;
  handlers: CardHandlers;
}

/**
 * One zone: a labelled group holding the zone's region (drawn behind) and its cards, so a screen
 * reader meets each zone's title right before its cards, in zone order. Memoised: panning and
 * zooming change none of these props, so 300 cards are not re-rendered on every frame.
 */
export const CanvasZone = memo(function CanvasZone(props: CanvasZoneProps) {
  const { region, cards, selected, dragging, remote, dropTarget, points, results, handlers } =
    props;
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
      >
        {region.title && (
          <h2 className="canvas-zone-title" id={titleId} dir="auto">
            {region.title}
          </h2>
        )}
      </div>
      {cards.map((placed) => {
        const { card } = placed;
        const point = card.group !== undefined ? points.get(card.group) : undefined;
        return (
          <CanvasCard
            key={card.id}
            card={card}
            x={placed.x}
            y={placed.y}
            selected={selected.has(card.id)}
            dragging={dragging.has(card.id)}
            remote={remote.get(card.id)}
            dropTarget={dropTarget === card.id}
            pointText={card.kind === 'statement' ? point?.text : undefined}
            grouped={points.get(card.id)?.grouped ?? 0}
            votes={results[card.id]}
            handlers={handlers}
          />
        );
      })}
    </div>
  );
});
