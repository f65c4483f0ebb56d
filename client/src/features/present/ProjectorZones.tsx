import { useEffect, useRef, useState } from 'react';
import type { Card } from '@trellis/shared';
import { usePlural, useT } from '../../lib/i18n';
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

/** How many cards sit wholly above the visible part of a scrolled list. */
function cardsAbove(list: HTMLElement): number {
  let above = 0;
  for (const child of list.children) {
    const el = child as HTMLElement;
    if (el.offsetTop + el.offsetHeight > list.scrollTop + 1) break;
    above++;
  }
  return above;
}

/**
 * A column that keeps its newest cards in view: nobody can scroll a projector. When the zone holds
 * more than fits at a size readable from the back, a line says how many earlier cards are above,
 * so the room knows they are not lost.
 */
function ZoneCards({
  items,
  results,
  copies,
}: {
  items: ArrangedCard[];
  results: Results;
  copies: Copies;
}) {
  const plural = usePlural();
  const ref = useRef<HTMLUListElement>(null);
  const [above, setAbove] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  }, [items.length]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => setAbove(cardsAbove(el));
    el.addEventListener('scroll', measure, { passive: true });
    // A resize (the "earlier" line appearing, the window, a late font) moves the bottom: follow it.
    const resized = new ResizeObserver(() => {
      el.scrollTo({ top: el.scrollHeight });
      measure();
    });
    resized.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, []);
  return (
    <>
      {above > 0 && (
        <p className="projector-earlier" data-testid="projector-earlier" data-count={above}>
          {plural('present.earlier', above)}
        </p>
      )}
      <ul className="projector-cards" ref={ref}>
        {items.map((item) => (
          <ProjectorCard key={item.card.id} item={item} results={results} copies={copies} />
        ))}
      </ul>
    </>
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
