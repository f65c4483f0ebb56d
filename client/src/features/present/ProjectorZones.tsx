import { useEffect, useRef } from 'react';
import type { Card } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { zoneTitle } from '../board/grouping';
import type { ArrangedCard, ArrangedZone } from '../workshop/arrange';
import { totalsOf, type Copies } from '../followup/copies';
import { CopyStatusBadge, FollowUpTotals } from '../followup/CopyStatus';
import { CommitmentDetails, VoteCount } from '../workshop/CommitmentDetails';

type Results = Readonly<Record<string, number>>;

/** Last time's commitments in a follow-up session; empty on any other board. */
const NO_COPIES: Copies = new Map();

/**
 * Zones side by side; a single zone (spotlit, or the only one in use) spreads into a grid. A zone
 * holding last time's commitments opens with how many went which way.
 */
export function ProjectorZones({
  zones,
  results,
  copies = NO_COPIES,
}: {
  zones: ArrangedZone[];
  results: Results;
  copies?: Copies;
}) {
  const t = useT();
  return (
    <main className="projector-zones" data-count={zones.length}>
      {zones.map((group) => (
        <section
          className="projector-zone"
          key={group.zone?.id ?? ''}
          data-testid="projector-zone"
          data-zone={group.zone?.id}
        >
          {group.zone && <h2 dir="auto">{zoneTitle(group.zone, t)}</h2>}
          {group.items.some((item) => copies.has(item.card.id)) && (
            <FollowUpTotals
              totals={totalsOf(
                group.items.map((item) => item.card),
                copies,
              )}
            />
          )}
          <ZoneCards items={group.items} results={results} copies={copies} />
        </section>
      ))}
    </main>
  );
}

/** A column that keeps its newest cards in view: nobody can scroll a projector. */
function ZoneCards({
  items,
  results,
  copies,
}: {
  items: ArrangedCard[];
  results: Results;
  copies: Copies;
}) {
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  }, [items.length]);
  return (
    <ul className="projector-cards" ref={ref}>
      {items.map((item) => (
        <ProjectorCard key={item.card.id} item={item} results={results} copies={copies} />
      ))}
    </ul>
  );
}

/** One card; a synthesis point shows its votes and the statements it gathers. */
export function ProjectorCard({
  item,
  results,
  copies = NO_COPIES,
  className,
}: {
  item: ArrangedCard;
  results: Results;
  copies?: Copies;
  className?: string;
}) {
  const { card, children } = item;
  const copy = copies.get(card.id);
  return (
    <li
      className={`projector-card projector-card-${card.kind} ${className ?? ''}`}
      data-testid="projector-card"
      data-card-id={card.id}
      data-kind={card.kind}
    >
      <CardBody card={card} results={results} />
      {copy && <CopyStatusBadge copy={copy} />}
      {children.length > 0 && (
        <ul className="projector-grouped">
          {children.map((child) => (
            <li
              key={child.id}
              className="projector-grouped-card"
              data-testid="projector-card"
              data-card-id={child.id}
              data-kind={child.kind}
            >
              <CardBody card={child} results={results} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function CardBody({ card, results }: { card: Card; results: Results }) {
  return (
    <>
      <p className="card-text" data-testid="card-text" dir="auto">
        {card.text}
      </p>
      {card.kind === 'commitment' && <CommitmentDetails card={card} />}
      <VoteCount count={results[card.id]} />
    </>
  );
}
