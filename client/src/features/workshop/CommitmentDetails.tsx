import type { Card } from '@trellis/shared';
import { usePlural, useT } from '../../lib/i18n';

/** A commitment's structure under its text: from whom, for whom, the first small step, by when. */
export function CommitmentDetails({ card }: { card: Card }) {
  const t = useT();
  const rows = [
    ['commitment.authorOrg', card.authorOrg],
    ['commitment.org', card.org],
    ['commitment.step', card.step],
    ['commitment.by', card.by],
  ] as const;
  const filled = rows.filter(([, value]) => value !== undefined && value !== '');
  if (filled.length === 0) return null;
  return (
    <dl className="commitment-details" data-testid="commitment-details">
      {filled.map(([key, value]) => (
        <div key={key}>
          <dt>{t(key)}</dt>
          <dd dir="auto">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A published vote total, when the results are out. */
export function VoteCount({ count, className }: { count: number | undefined; className?: string }) {
  const plural = usePlural();
  if (count === undefined) return null;
  return (
    <span className={`vote-count ${className ?? ''}`} data-testid="vote-count" data-votes={count}>
      {plural('workshop.votes', count)}
    </span>
  );
}
