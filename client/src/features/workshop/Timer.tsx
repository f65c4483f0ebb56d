import type { WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { useChange } from '../../lib/useChange';
import { useAnnounce } from '../../ui/Announcer';
import { useTimeLeft } from '../../sync/workshop';
import { formatClock } from './phaseText';

interface TimerProps {
  workshop: WorkshopState | undefined;
  clockOffset: number;
  className?: string;
  testId?: string;
  /** Show `00:00` for a phase without a timer (the console); other screens hide it. */
  always?: boolean;
}

/**
 * The phase timer in server time: every screen computes from the same `endsAt`, corrected by its
 * own clock offset, so phones and the projector reach zero together.
 */
export function Timer({ workshop, clockOffset, className, testId, always = false }: TimerProps) {
  const t = useT();
  const say = useAnnounce();
  const left = useTimeLeft(workshop, clockOffset);
  const timer = workshop?.timer;
  const state = timer?.state === 'running' && left === 0 ? 'over' : timer?.state;
  // The digits tick silently (a timer role is not live); reaching zero is said once.
  useChange(state, (before) => {
    if (before === 'running' && state === 'over') say(t('announce.timeUp'));
  });
  if (!timer || (!always && timer.state === 'idle' && timer.remainingMs === 0)) return null;
  return (
    <p
      className={`timer timer-${state} ${className ?? ''}`}
      data-testid={testId}
      data-state={state}
      role="timer"
      aria-label={t('workshop.timer')}
      dir="ltr"
    >
      {formatClock(left)}
    </p>
  );
}
