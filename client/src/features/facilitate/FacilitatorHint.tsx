import { REVIEW_PHASE, type MessageKey, type Signals, type WorkshopState } from '@trellis/shared';
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
  if (spec.id === REVIEW_PHASE.id) return { key: 'facilitate.hint.review', params: { next } };
  if (spec.agree)
    return { key: 'facilitate.hint.agree', params: { agree: t('workshop.agree'), next } };
  if (spec.writing === 'private') {
    const count = signals?.privateCount ?? 0;
    if (count > 0) {
      return {
        key: 'facilitate.hint.reveal',
        params: { count, reveal: t('facilitate.reveal', { count }) },
      };
    }
    // Nothing waiting after a reveal: the cards are up, the room reads them.
    return workshop.revealed
      ? { key: 'facilitate.hint.revealed', params: { next } }
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
  sessionId,
  workshop,
  signals,
  ended,
}: {
  sessionId: string;
  /** Absent on a console opened after the end: the board is not served any more. */
  workshop: WorkshopState | undefined;
  signals: Signals | null;
  ended: boolean;
}) {
  const t = useT();
  if (ended || !workshop) return <EndedHint sessionId={sessionId} />;
  const { key, params } = hintFor(workshop, signals, t);
  return (
    <p className="facilitator-hint" role="status" data-testid="facilitator-hint" data-hint={key}>
      <strong>{t('facilitate.hint.label')}</strong> {t(key, params)}
    </p>
  );
}

/**
 * After "End session": where the session lives on. The replay page holds the exports too; both
 * ask for the organiser key.
 */
function EndedHint({ sessionId }: { sessionId: string }) {
  const t = useT();
  const replay = `/history/${encodeURIComponent(sessionId)}`;
  return (
    <div
      className="facilitator-hint"
      role="status"
      data-testid="facilitator-hint"
      data-hint="facilitate.hint.ended"
    >
      <p>
        <strong>{t('facilitate.hint.label')}</strong> {t('facilitate.hint.ended')}
      </p>
      <p className="ended-links">
        <a className="button primary" href={replay} data-testid="ended-replay">
          {t('facilitate.ended.replay')}
        </a>
        <a className="button secondary" href={`${replay}#exports`} data-testid="ended-exports">
          {t('facilitate.ended.exports')}
        </a>
      </p>
    </div>
  );
}
