import { useEffect, useMemo } from 'react';
import { useT } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { forgetMembership, readMembership, type Membership } from '../../lib/storage';
import { useLiveBoard } from '../../sync/useLiveBoard';
import { Banner } from '../../ui/Banner';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { BoardNotices } from './BoardNotices';
import { PhasePanel } from './PhasePanel';
import { PhoneZones, PrivateCards } from './PhoneCards';
import { phoneHandlers, votesOf } from './phoneHandlers';
import { usePhoneView } from './phoneView';
import { PhoneWriting } from './PhoneWriting';
import { ReactionsBar } from './ReactionsBar';
import { SignalButtons } from './SignalButtons';
import { useParticipantActions } from './useParticipantActions';
import { VotesLeft } from './VoteControls';
import './board.css';
import './workshop.css';

/** `/s/<sessionId>`: the participant's phone. Without a membership there is nothing to show. */
export default function BoardPage({ sessionId }: { sessionId: string }) {
  const membership = useMemo(() => readMembership(sessionId), [sessionId]);
  useEffect(() => {
    if (!membership) navigate('/', { replace: true });
  }, [membership]);
  return membership ? <ParticipantBoard sessionId={sessionId} membership={membership} /> : null;
}

function ParticipantBoard({
  sessionId,
  membership,
}: {
  sessionId: string;
  membership: Membership;
}) {
  const t = useT();
  const { participantId } = membership;
  // Kept per member: another person joining on this phone must not inherit these unsent changes.
  const liveBoard = useLiveBoard(
    sessionId,
    membership.token,
    `trellis:board:${sessionId}:${participantId}`,
  );
  const { state, workshop, channel, live } = liveBoard;
  const actions = useParticipantActions(sessionId, participantId, liveBoard);
  const view = usePhoneView(liveBoard, actions.pending);

  // A removed member's token is refused from now on: the next visit starts at the join page.
  useEffect(() => {
    if (state.closeReason === 'removed') forgetMembership(sessionId);
  }, [state.closeReason, sessionId]);

  const closed = state.closeReason !== null || workshop?.ended === true;
  const locked = workshop?.locked === true;
  const readOnly = closed || locked;
  const writing = view?.writing ?? { mode: 'none' };
  const title = view?.meta.title || state.session?.title || '';
  const voting = workshop?.voting;
  const handlers = phoneHandlers({
    sessionId,
    participantId,
    actions,
    workshop,
    live,
    channel,
    view,
    closed,
  });

  return (
    <div className="page board-page">
      <header className="board-header">
        <h1 data-testid="board-title" dir="auto">
          {title || t('app.name')}
        </h1>
        {membership.name && (
          <p className="muted" dir="auto">
            {membership.name}
          </p>
        )}
        <LanguagePicker />
      </header>
      <BoardNotices
        state={state}
        offline={liveBoard.offline}
        recovery={
          <a className="link" href="/">
            {t('board.joinAgain')}
          </a>
        }
      />
      <PhasePanel workshop={workshop} clockOffset={live.clockOffset} />
      {locked && !closed && (
        <Banner tone="warning" testId="locked-notice">
          {t('workshop.locked')}
        </Banner>
      )}
      {actions.error && (
        <Banner tone="error" testId="action-error">
          {t(actions.error)}
        </Banner>
      )}
      {!closed && (
        <div className="signals-panel">
          <SignalButtons
            key={workshop?.phaseIndex}
            sessionId={sessionId}
            channel={channel}
            mine={live.mySignals}
            agreePhase={workshop?.phase?.spec.agree === true}
            disabled={closed}
            onError={actions.setError}
          />
          <ReactionsBar channel={channel} disabled={closed} onError={actions.setError} />
        </div>
      )}
      {handlers.voteFor && voting && (
        <VotesLeft remaining={Math.max(0, voting.perParticipant - votesOf(live).spent)} />
      )}
      <main className="board-zones">
        <PrivateCards
          cards={live.privateMine.filter((card) => !actions.pending.privateDeleting.has(card.id))}
          sending={actions.pending.privateSending}
          participantId={participantId}
          readOnly={readOnly || writing.mode !== 'private'}
          onSave={(card, text) => actions.putPrivate({ ...card, text })}
          onDelete={actions.removePrivate}
        />
        {view && <PhoneZones zones={view.zones} readOnly={readOnly} handlers={handlers} />}
      </main>
      <PhoneWriting
        sessionId={sessionId}
        writing={writing}
        workshop={workshop}
        actions={actions}
        disabled={readOnly || !liveBoard.board}
      />
    </div>
  );
}
