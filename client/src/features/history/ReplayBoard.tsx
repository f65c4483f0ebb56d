import type { Card } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { zoneTitle } from '../board/grouping';
import { arrangeBoard } from '../workshop/arrange';
import { BoardCard } from '../workshop/BoardCard';
import type { Frame } from './replay';
import type { Members } from './useReplayData';
import './replayBoard.css';

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
            {group.items.map(({ card, children }) => (
              <BoardCard
                key={card.id}
                variant="replay"
                card={card}
                grouped={children}
                results={results}
                extra={(shown) => <Author card={shown} members={members} />}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Who wrote a card, unless it was posted anonymously: nothing may hint at its author then. */
function Author({ card, members }: { card: Card; members: Members }) {
  const t = useT();
  if (card.authorId === undefined) return null;
  const member = members.get(card.authorId);
  const name =
    member?.name ?? (member?.role === 'facilitator' ? t('role.facilitator') : t('history.unnamed'));
  return (
    <p className="replay-author" data-testid="replay-author" dir="auto">
      {t('history.author', { name })}
    </p>
  );
}
