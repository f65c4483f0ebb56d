import type { WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { phasePrompt, phaseTitle } from '../workshop/phaseText';
import { Timer } from '../workshop/Timer';

/**
 * What the room is doing now, at the top of the phone: the phase's title and question and the
 * time left, or the lobby before the facilitator starts. Boards without phases show nothing.
 */
export function PhasePanel({
  workshop,
  clockOffset,
}: {
  workshop: WorkshopState | undefined;
  clockOffset: number;
}) {
  const t = useT();
  if (!workshop || workshop.template.phases.length === 0) return null;
  const { phase } = workshop;
  if (!phase) {
    return (
      <section className="phase-panel phase-lobby" data-testid="lobby" aria-live="polite">
        <p className="phase-lobby-text">{t('workshop.lobby')}</p>
      </section>
    );
  }
  return (
    <section className="phase-panel" data-phase={phase.spec.id}>
      <div className="phase-head">
        <p className="phase-step muted">
          {t('workshop.phaseOf', { n: phase.index + 1, total: workshop.phases.length })}
        </p>
        <Timer workshop={workshop} clockOffset={clockOffset} testId="timer" />
      </div>
      {/* Announced when the facilitator moves on; the ticking timer (role="timer") is not. */}
      <div aria-live="polite">
        <h2 className="phase-title" data-testid="phase-title" dir="auto">
          {phaseTitle(phase, t)}
        </h2>
        <p className="phase-prompt" data-testid="phase-prompt" dir="auto">
          {phasePrompt(phase, t)}
        </p>
      </div>
    </section>
  );
}
