import type { Card } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { zoneTitle } from '../board/grouping';
import { arrangeBoard, type ArrangedCard } from '../workshop/arrange';
import { CommitmentDetails, VoteCount } from '../workshop/CommitmentDetails';
import type { Frame } from './replay';
import type { Members } from './useReplayData';
import './replayBoard.css';

type Results = Readonly<Record<string, number>>;

/**
 * The board at the replayed moment, laid out like the projector (zones as columns, statements
 * under their synthesis point, published votes), plus who wrote each card unless it is anonymous.
 * Hidden cards stay hidden, as they were in the room.
 */
export function ReplayBoard({ frame, members }: { frame: Frame; members: Members }) {
  const t = useT();
  const zones = arrangeBoard(frame.cards, frame.zones).filter((group) => group.items.length > 0);
  if (zones.length === 0) {
    return (
      <p className="replay-empty" data-testid="replay-empty">
        {t('history.emptyBoard')}
      </p>
    );
  }
  const results = frame.workshop.results;
  return (
    <div className="replay-board" data-testid="replay-board" data-count={zones.length}>
      {zones.map((group) => (
        <section className="replay-zone" key={group.zone?.id ?? ''} data-zone={group.zone?.id}>
          {group.zone && <h2 dir="auto">{zoneTitle(group.zone, t)}</h2>}
          <ul className="replay-cards">
            {group.items.map((item) => (
              <ReplayCard key={item.card.id} item={item} results={results} members={members} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function ReplayCard({
  item,
  results,
  members,
}: {
  item: ArrangedCard;
  results: Results;
  members: Members;
}) {
  const { card, children } = item;
  return (
    <li
      className={`replay-card replay-card-${card.kind}`}
      data-testid="replay-card"
      data-card-id={card.id}
      data-kind={card.kind}
    >
      <CardBody card={card} results={results} members={members} />
      {children.length > 0 && (
        <ul className="replay-grouped">
          {children.map((child) => (
            <li
              key={child.id}
              className="replay-grouped-card"
              data-testid="replay-card"
              data-card-id={child.id}
              data-kind={child.kind}
            >
              <CardBody card={child} results={results} members={members} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function CardBody({ card, results, members }: { card: Card; results: Results; members: Members }) {
  const t = useT();
  // No authorId means the card was posted anonymously: nothing may hint at who wrote it.
  const member = card.authorId === undefined ? undefined : members.get(card.authorId);
  const author =
    card.authorId === undefined
      ? undefined
      : (member?.name ??
        (member?.role === 'facilitator' ? t('role.facilitator') : t('history.unnamed')));
  return (
    <>
      <p className="card-text" data-testid="card-text" dir="auto">
        {card.text}
      </p>
      {card.kind === 'commitment' && <CommitmentDetails card={card} />}
      <VoteCount count={results[card.id]} />
      {author !== undefined && (
        <p className="replay-author" data-testid="replay-author" dir="auto">
          {t('history.author', { name: author })}
        </p>
      )}
    </>
  );
}
