import { memo, type FocusEvent, type KeyboardEvent, type PointerEvent } from 'react';
import type { Card } from '@trellis/shared';
import { VoteCount } from '../../workshop/CommitmentDetails';
import type { Offset } from './sharedDrag';

export interface CardHandlers {
  onPointerDown(event: PointerEvent<HTMLElement>): void;
  onPointerMove(event: PointerEvent<HTMLElement>): void;
  onPointerUp(event: PointerEvent<HTMLElement>): void;
  onPointerCancel(event: PointerEvent<HTMLElement>): void;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  onFocus(event: FocusEvent<HTMLElement>): void;
  onBlur(event: FocusEvent<HTMLElement>): void;
}

/** The words a card shows besides its own, read once for the canvas in the screen's language. */
export interface CardWords {
  hidden: string;
  statements(count: number): string;
}

interface CanvasCardProps {
  card: Card;
  /** World position of the top-left corner. */
  x: number;
  y: number;
  selected: boolean;
  dragging: boolean;
  /** Being dragged on another console: shown where it is now, not yet written. */
  remote: Offset | undefined;
  dropTarget: boolean;
  /** A statement shown in its synthesis point's cluster. */
  inPoint: boolean;
  /** A synthesis point's statement count. */
  grouped: number;
  votes: number | undefined;
  handlers: CardHandlers;
  words: CardWords;
}

/**
 * One card on the canvas: a toggle button (pressed = selected), so screen readers announce the
 * selection and Tab reaches every card in zone order (a point's statements right after it). It holds no controls of its own: what to do
 * with the selection is in the toolbar, and editing stays in the list view. Positioned with
 * physical `left`/`top` on purpose: canvas coordinates are the same in every language. It uses no
 * hook: 600 cards each subscribing to the language three times cost more than drawing them.
 */
export const CanvasCard = memo(function CanvasCard(props: CanvasCardProps) {
  const { card, x, y, selected, dragging, remote, dropTarget, inPoint, grouped, votes } = props;
  const { handlers, words } = props;
  const classes = [
    'canvas-card',
    `canvas-card-${card.kind}`,
    selected && 'is-selected',
    dragging && 'is-dragging',
    remote && 'is-remote-dragging',
    dropTarget && 'is-drop-target',
    inPoint && 'is-in-point',
    card.hidden && 'is-hidden',
  ];
  return (
    <div
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      className={classes.filter(Boolean).join(' ')}
      style={{
        left: x,
        top: y,
        ...(remote && { transform: `translate(${remote.dx}px, ${remote.dy}px)` }),
      }}
      data-testid="canvas-card"
      data-card-id={card.id}
      data-kind={card.kind}
      data-hidden={card.hidden}
      {...handlers}
    >
      <CardFace card={card} grouped={grouped} votes={votes} words={words} />
    </div>
  );
});

/**
 * What a card says, apart from where it is and how it is marked: a card that only moves (the
 * board packed again around a drop or a grouping moves hundreds) re-renders its box, not this.
 */
const CardFace = memo(function CardFace(props: {
  card: Card;
  grouped: number;
  votes: number | undefined;
  words: CardWords;
}) {
  const { card, grouped, votes, words } = props;
  return (
    <>
      <p className="canvas-card-text" dir="auto">
        {card.text}
      </p>
      <p className="canvas-card-meta">
        {card.kind === 'synthesis' && <span>{words.statements(grouped)}</span>}
        {votes !== undefined && <VoteCount count={votes} />}
        {card.hidden && <span>{words.hidden}</span>}
      </p>
    </>
  );
});
