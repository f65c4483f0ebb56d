import type { CSSProperties, ReactNode } from 'react';
import type { Card } from '@trellis/shared';
import { CommitmentDetails, VoteCount } from './CommitmentDetails';

type Results = Readonly<Record<string, number>>;

export interface BoardCardProps {
  /** Which screen draws it: names its classes (`projector-card`) and test id. */
  variant: 'projector' | 'replay';
  card: Card;
  /** The statements gathered under a synthesis point (or the part of them this piece shows). */
  grouped: readonly Card[];
  results: Results;
  /** What a screen adds under a card's words: a follow-up status, who wrote it. */
  extra?: ((card: Card) => ReactNode) | undefined;
  className?: string | undefined;
  style?: CSSProperties | undefined;
  /** Extra attributes for a screen's own bookkeeping (the projector's pages). */
  data?: Readonly<Record<`data-${string}`, string | number | undefined>> | undefined;
}

/**
 * A card as the big screens draw it — the projector and the replay: its words, a commitment's
 * details, its published votes, and for a synthesis point the statements folded under it.
 */
export function BoardCard({
  variant,
  card,
  grouped,
  results,
  extra,
  className,
  style,
  data,
}: BoardCardProps) {
  return (
    <li
      className={`${variant}-card ${variant}-card-${card.kind} ${className ?? ''}`}
      data-testid={`${variant}-card`}
      data-card-id={card.id}
      data-kind={card.kind}
      style={style}
      {...data}
    >
      <CardBody card={card} results={results} extra={extra} />
      {grouped.length > 0 && (
        <ul className={`${variant}-grouped`}>
          {grouped.map((child) => (
            <li
              key={child.id}
              className={`${variant}-grouped-card`}
              data-testid={`${variant}-card`}
              data-card-id={child.id}
              data-kind={child.kind}
            >
              <CardBody card={child} results={results} extra={extra} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function CardBody({
  card,
  results,
  extra,
}: {
  card: Card;
  results: Results;
  extra: ((card: Card) => ReactNode) | undefined;
}) {
  return (
    <>
      <p className="card-text" data-testid="card-text" dir="auto">
        {card.text}
      </p>
      {card.kind === 'commitment' && <CommitmentDetails card={card} />}
      <VoteCount count={results[card.id]} />
      {extra?.(card)}
    </>
  );
}
