import type { FacilitatorCommand, Signals, WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { Choice } from '../../ui/Choice';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { QrSizeControl } from '../present/JoinPanel';
import type { ZoneOption } from './FacilitatorCard';

interface SessionControlsProps {
  workshop: WorkshopState;
  signals: Signals | null;
  zones: readonly ZoneOption[];
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
}

/** Reveal, lock, what the projector focuses on, and the end of the session. */
export function SessionControls({ workshop, signals, zones, disabled, run }: SessionControlsProps) {
  const t = useT();
  const waiting = signals?.privateCount ?? 0;
  const spotZone = workshop.spotlight?.zone ?? '';

  return (
    <section className="control-group session-controls" aria-labelledby="session-heading">
      <h2 id="session-heading">{t('facilitate.session')}</h2>
      <div className="control-row">
        <button
          type="button"
          className="button primary"
          data-testid="reveal"
          data-count={waiting}
          disabled={disabled || waiting === 0}
          onClick={() => void run({ type: 'reveal' })}
        >
          {t('facilitate.reveal', { count: waiting })}
        </button>
        <button
          type="button"
          className={`button ${workshop.locked ? 'primary' : 'secondary'}`}
          aria-pressed={workshop.locked}
          data-testid="lock-toggle"
          disabled={disabled}
          onClick={() => void run({ type: 'lock', locked: !workshop.locked })}
        >
          {workshop.locked ? t('facilitate.unlock') : t('facilitate.lock')}
        </button>
      </div>
      <Choice
        label={t('facilitate.spotlightZone')}
        shown
        className="field inline-field"
        value={spotZone}
        options={zones}
        name={(zone) => zone.title}
        none={t('facilitate.spotlightNone')}
        testId="spotlight-zone"
        disabled={disabled}
        onChange={(zone) =>
          void run({ type: 'spotlight', cardId: null, zone: zone === '' ? null : zone })
        }
      />
      <QrSizeControl workshop={workshop} disabled={disabled} run={run} />
      {workshop.spotlight?.cardId && (
        <button
          type="button"
          className="button secondary"
          data-testid="spotlight-clear"
          disabled={disabled}
          onClick={() => void run({ type: 'spotlight', cardId: null, zone: null })}
        >
          {t('facilitate.spotlightClear')}
        </button>
      )}
      <ConfirmButton
        label={t('facilitate.end')}
        question={t('facilitate.endConfirm')}
        confirmLabel={t('facilitate.endYes')}
        cancelLabel={t('board.cancel')}
        disabled={disabled}
        testId="end-session"
        onConfirm={() => void run({ type: 'session:end' })}
      />
    </section>
  );
}
