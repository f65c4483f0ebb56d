import type { FacilitatorCommand, WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { useTimeLeft } from '../../sync/workshop';
import { Timer } from '../workshop/Timer';

interface TimerControlsProps {
  workshop: WorkshopState;
  clockOffset: number;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
}

/** The phase timer: the server keeps the time, this only asks it to start, pause or shift. */
export function TimerControls({ workshop, clockOffset, disabled, run }: TimerControlsProps) {
  const t = useT();
  const left = useTimeLeft(workshop, clockOffset);
  const running = workshop.timer.state === 'running';
  const phaseSeconds = workshop.phase?.timerSeconds ?? 0;
  const canStart = left > 0 || phaseSeconds > 0;

  return (
    <section className="control-group timer-controls" aria-labelledby="timer-heading">
      <h2 id="timer-heading">{t('facilitate.timer')}</h2>
      <Timer
        workshop={workshop}
        clockOffset={clockOffset}
        className="console-timer"
        testId="console-timer"
        always
      />
      <div className="control-row">
        {running ? (
          <button
            type="button"
            className="button"
            data-testid="timer-pause"
            disabled={disabled}
            onClick={() => void run({ type: 'timer:pause' })}
          >
            {t('facilitate.timer.pause')}
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            data-testid="timer-start"
            disabled={disabled || !canStart}
            onClick={() => void run({ type: 'timer:start' })}
          >
            {t('facilitate.timer.start')}
          </button>
        )}
        <button
          type="button"
          className="button secondary"
          data-testid="timer-plus"
          disabled={disabled}
          onClick={() => void run({ type: 'timer:extend', seconds: 60 })}
        >
          {t('facilitate.timer.plus')}
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="timer-minus"
          disabled={disabled || left === 0}
          onClick={() => void run({ type: 'timer:extend', seconds: -60 })}
        >
          {t('facilitate.timer.minus')}
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="timer-reset"
          disabled={disabled}
          onClick={() => void run({ type: 'timer:reset' })}
        >
          {t('facilitate.timer.reset')}
        </button>
      </div>
    </section>
  );
}
