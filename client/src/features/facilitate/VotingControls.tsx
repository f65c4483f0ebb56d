import { Limits } from '@trellis/shared';
import { useState, type FormEvent } from 'react';
import type { FacilitatorCommand, WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';

interface VotingControlsProps {
  workshop: WorkshopState;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
}

const MAX_VOTES = Limits.votesPerParticipantMax;

/** Dot voting: open and close it, how many dots each person gets, results hidden or live. */
export function VotingControls({ workshop, disabled, run }: VotingControlsProps) {
  const t = useT();
  const { voting } = workshop;
  const [per, setPer] = useState(String(voting.perParticipant));
  const [hide, setHide] = useState(voting.hideResults);
  const changed = Number(per) !== voting.perParticipant || hide !== voting.hideResults;

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    const n = Math.round(Number(per));
    if (!Number.isFinite(n) || n < 1 || n > MAX_VOTES) return;
    void run({ type: 'vote:configure', perParticipant: n, hideResults: hide });
  };

  return (
    <section className="control-group voting-controls" aria-labelledby="voting-heading">
      <h2 id="voting-heading">{t('facilitate.voting')}</h2>
      <p className="muted" data-testid="voting-state" data-state={voting.state}>
        {t(`facilitate.vote.${voting.state}`)}
      </p>
      <div className="control-row">
        {voting.state === 'open' ? (
          <button
            type="button"
            className="button primary"
            data-testid="vote-close"
            disabled={disabled}
            onClick={() => void run({ type: 'vote:close' })}
          >
            {t('facilitate.vote.closeVote')}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            data-testid="vote-open"
            disabled={disabled}
            onClick={() => void run({ type: 'vote:open' })}
          >
            {t('facilitate.vote.openVote')}
          </button>
        )}
      </div>
      <form className="vote-config" onSubmit={apply}>
        <label className="field inline-field">
          {t('facilitate.vote.per')}
          <input
            type="number"
            min={1}
            max={MAX_VOTES}
            value={per}
            onChange={(event) => setPer(event.target.value)}
            disabled={disabled}
            data-testid="vote-per"
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={hide}
            onChange={(event) => setHide(event.target.checked)}
            disabled={disabled}
            data-testid="vote-hide"
          />
          {t('facilitate.vote.hide')}
        </label>
        <button
          type="submit"
          className="button secondary"
          disabled={disabled || !changed}
          data-testid="vote-apply"
        >
          {t('facilitate.vote.apply')}
        </button>
      </form>
    </section>
  );
}
