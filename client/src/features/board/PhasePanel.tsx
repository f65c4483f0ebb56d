import type { WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { useChange } from '../../lib/useChange';
import { useAnnounce } from '../../ui/Announcer';
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
  const say = useAnnounce();
  // Said through the page's live region, there from the start: the panel's new words arrive in
  // new elements, which screen readers would not read (the lobby's first phase above all).
  useChange(workshop?.phaseIndex, (before) => {
    const phase = workshop?.phase;
    if (before === undefined || !phase) return;
    say(
      t('announce.phase', {
        n: phase.index + 1,
        total: workshop.phases.length,
        title: phaseTitle(phase, t),
        prompt: phasePrompt(phase, t),
      }),
    );
  });
  if (!workshop || workshop.template.phases.length === 0) return null;
  const { phase } = workshop;
  if (!phase) {
    return (
      <section className="phase-panel phase-lobby" data-testid="lobby">
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
      <div className="phase-words">
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
