import type { MessageKey, Signals, WorkshopState } from '@trellis/shared';
import { useT, type Translate } from '../../lib/i18n';

interface Hint {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/**
 * The one thing to do next, for a facilitator who has never seen Trellis. Derived from the phase's
 * data (what phones may do, voting, private writing), so a template needs no text of its own; the
 * buttons it names are quoted with their own labels, so the words always match the screen.
 */
export function hintFor(workshop: WorkshopState, signals: Signals | null, t: Translate): Hint {
  const { phase, phaseIndex, phases, voting } = workshop;
  const next = t('facilitate.next');
  const end = t('facilitate.end');
  if (phases.length === 0) return { key: 'facilitate.hint.open', params: { end } };
  if (phaseIndex < 0 || !phase) return { key: 'facilitate.hint.lobby', params: { next } };
  const { spec } = phase;
  if (spec.agree)
    return { key: 'facilitate.hint.agree', params: { agree: t('workshop.agree'), next } };
  if (spec.writing === 'private') {
    const count = signals?.privateCount ?? 0;
    return count > 0
      ? {
          key: 'facilitate.hint.reveal',
          params: { count, reveal: t('facilitate.reveal', { count }) },
        }
      : { key: 'facilitate.hint.private' };
  }
  if (spec.voting) {
    if (voting.state === 'open')
      return { key: 'facilitate.hint.voting', params: { close: t('facilitate.vote.closeVote') } };
    if (voting.state === 'done') return { key: 'facilitate.hint.votingDone', params: { next } };
    return { key: 'facilitate.hint.synthesis', params: { vote: t('facilitate.vote.openVote') } };
  }
  if (spec.writing === 'open') {
    return spec.kinds.includes('commitment')
      ? { key: 'facilitate.hint.commitment' }
      : { key: 'facilitate.hint.write', params: { lock: t('facilitate.lock') } };
  }
  if (phaseIndex === phases.length - 1) return { key: 'facilitate.hint.close', params: { end } };
  return { key: 'facilitate.hint.discuss', params: { spotlight: t('facilitate.spotlight') } };
}

/** A quiet line under the header: read once, then out of the way. Announced when it changes. */
export function FacilitatorHint({
  workshop,
  signals,
}: {
  workshop: WorkshopState;
  signals: Signals | null;
}) {
  const t = useT();
  const { key, params } = hintFor(workshop, signals, t);
  return (
    <p className="facilitator-hint" role="status" data-testid="facilitator-hint" data-hint={key}>
      <strong>{t('facilitate.hint.label')}</strong> {t(key, params)}
    </p>
  );
}
