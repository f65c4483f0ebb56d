import { usePlural, useT } from '../../lib/i18n';

export interface CardVote {
  /** This phone's dots on the card. */
  mine: number;
  /** False once every vote is spent: the server would refuse another. */
  canAdd: boolean;
  busy: boolean;
  onVote: (delta: 1 | -1) => void;
}

/** − n + under a card while the vote is open; big enough for a thumb. */
export function VoteControls({ vote }: { vote: CardVote }) {
  const t = useT();
  return (
    <div className="vote-controls" role="group" aria-label={t('workshop.vote.group')}>
      <button
        type="button"
        className="button vote-button"
        data-testid="vote-minus"
        aria-label={t('workshop.vote.minus')}
        disabled={vote.busy || vote.mine === 0}
        onClick={() => vote.onVote(-1)}
      >
        −
      </button>
      <span className="vote-mine" data-testid="vote-mine" aria-live="polite">
        {t('workshop.vote.mine', { count: vote.mine })}
      </span>
      <button
        type="button"
        className="button primary vote-button"
        data-testid="vote-plus"
        aria-label={t('workshop.vote.plus')}
        disabled={vote.busy || !vote.canAdd}
        onClick={() => vote.onVote(1)}
      >
        +
      </button>
    </div>
  );
}

/** "2 votes left" above the cards while the vote is open. */
export function VotesLeft({ remaining }: { remaining: number }) {
  const t = useT();
  const plural = usePlural();
  return (
    <div className="votes-left" data-testid="votes-left" data-remaining={remaining} role="status">
      <p>{t('workshop.vote.open')}</p>
      <p className="votes-left-count">{plural('workshop.votesLeft', remaining)}</p>
    </div>
  );
}
