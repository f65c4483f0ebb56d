import { useMemo } from 'react';
import type { CommitmentStatus } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { findKeptToken } from '../../lib/storage';
import { commitmentPath } from './api';
import { STATUSES, TOTAL_KEYS, type CopyState, type TotalKey } from './copies';
import './followup.css';

/** How one of last time's commitments went, and the note its keeper left; note text is theirs. */
export function CopyStatusBadge({ copy }: { copy: CopyState }) {
  const t = useT();
  const key: TotalKey = copy.status ?? 'none';
  return (
    <div className="copy-status" data-testid="copy-status" data-status={key}>
      <span className={`status-chip status-${key}`}>{t(`followup.status.${key}`)}</span>
      {copy.note !== undefined && (
        <p className="copy-note">
          <span className="muted">{t('followup.noteLabel')}</span>{' '}
          <span dir="auto" data-testid="copy-note">
            {copy.note}
          </span>
        </p>
      )}
    </div>
  );
}

/**
 * On a phone: the status, and when this device kept the link to the original commitment, the way
 * to mark it. Marking goes through the link page, the one place that holds the token.
 */
export function PhoneCopy({ copy }: { copy: CopyState }) {
  const t = useT();
  const token = useMemo(() => findKeptToken(copy.from), [copy.from]);
  return (
    <>
      <CopyStatusBadge copy={copy} />
      {token && (
        <a className="link" href={commitmentPath(token)} data-testid="copy-mark-mine">
          {t('followup.markMine')}
        </a>
      )}
    </>
  );
}

/** Done / partly / not yet / not marked, counted: what the room looks at in a follow-up. */
export function FollowUpTotals({ totals }: { totals: Record<TotalKey, number> }) {
  const t = useT();
  return (
    <div className="followup-totals" data-testid="followup-totals">
      <p className="followup-totals-title">{t('followup.totals')}</p>
      <ul>
        {TOTAL_KEYS.map((key) => (
          <li
            key={key}
            className={`status-chip status-${key}`}
            data-testid="followup-total"
            data-status={key}
            data-count={totals[key]}
          >
            <span>{t(`followup.status.${key}`)}</span> <strong>{totals[key]}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The facilitator's say on someone's behalf: any status, or back to not marked. */
export function CopyStatusSelect({
  status,
  disabled,
  onChange,
}: {
  status: CommitmentStatus | undefined;
  disabled: boolean;
  onChange: (status: CommitmentStatus | undefined) => void;
}) {
  const t = useT();
  return (
    <label className="move">
      <span className="copy-select-label">{t('followup.setStatus')}</span>
      <select
        value={status ?? ''}
        disabled={disabled}
        data-testid="copy-status-select"
        onChange={(event) => onChange(STATUSES.find((s) => s === event.target.value))}
      >
        <option value="">{t('followup.status.none')}</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`followup.status.${s}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
