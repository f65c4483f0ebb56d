import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { useT } from '../../lib/i18n';
import { useBlockSize } from '../../lib/useBlockSize';
import { navigate } from '../../lib/router';
import { forgetMembership, readMembership, type Membership } from '../../lib/storage';
import { useLiveBoard } from '../../sync/useLiveBoard';
import type { CardStatus } from '../../sync/outbox';
import { Announcer, LiveRegion } from '../../ui/Announcer';
import { Banner } from '../../ui/Banner';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { BoardNotices } from './BoardNotices';
import { PhasePanel } from './PhasePanel';
import { EndedKeep } from './EndedKeep';
import { PhoneZones, PrivateCards } from './PhoneCards';
import { phoneHandlers, votesOf } from './phoneHandlers';
import { usePhoneView } from './phoneView';
import { PhoneWriting } from './PhoneWriting';
import { ReactionsBar } from './ReactionsBar';
import { SignalButtons } from './SignalButtons';
import { useBoardAnnouncements } from './useBoardAnnouncements';
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
  return membership ? (
    <Announcer>
      <ParticipantBoard sessionId={sessionId} membership={membership} />
    </Announcer>
  ) : null;
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

  const ended = state.closeReason === 'ended' || workshop?.ended === true;
  const closed = state.closeReason !== null || ended;
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
    memberToken: membership.token,
    view,
    closed,
  });
  const privateCards = live.privateMine.filter(
    (card) => !actions.pending.privateDeleting.has(card.id),
  );
  const signals = {
    sessionId,
    channel,
    mine: live.mySignals,
    disabled: closed,
    onError: actions.setError,
  };
  const votesLeft = handlers.voteFor && voting && (
    <VotesLeft remaining={Math.max(0, voting.perParticipant - votesOf(live).spent)} />
  );
  // What the phase asks of this phone, first: the big "I agree", the vote, the composer or the
  // commitment form. A short one stays in view while the board scrolls under it.
  const sticky = votesLeft || (writing.mode !== 'none' && !writing.structured);
  // Its height keeps every control the board scrolls under it clear of it when focused from the
  // keyboard (scroll-margin in board.css), so focus is never hidden behind it.
  const actionRef = useRef<HTMLDivElement>(null);
  const stickyBlock = useBlockSize(actionRef, Boolean(sticky));

  const statuses = new Map<string, CardStatus>();
  for (const card of privateCards) statuses.set(card.id, 'saved');
  for (const card of actions.pending.privateSending) {
    if (!statuses.has(card.id)) statuses.set(card.id, 'sending');
  }
  for (const { card, children } of view?.zones.flatMap((group) => group.items) ?? []) {
    for (const one of [card, ...children]) {
      if (handlers.isOwn(one)) statuses.set(one.id, handlers.statusOf(one.id));
    }
  }
  useBoardAnnouncements({
    zones: view?.zones,
    synced: state.synced,
    isOwn: handlers.isOwn,
    statuses,
  });

  return (
    <div
      className="page board-page"
      style={{ '--sticky-block': `${stickyBlock}px` } as CSSProperties}
    >
      <header className="board-header">
        <h1 data-testid="board-title" dir="auto" title={title || undefined}>
          {title || t('app.name')}
        </h1>
        {membership.name && (
          <p className="board-name muted" dir="auto">
            {membership.name}
          </p>
        )}
        <LanguagePicker />
      </header>
      {/* One landmark for everything under the header: the phase, its action, the board. */}
      <main className="board-main">
        <BoardNotices
          state={state}
          offline={liveBoard.offline}
          recovery={
            <a className="link" href="/">
              {t('board.joinAgain')}
            </a>
          }
        />
        {/* Once ended, the banner says where the room is; a stopped timer would only mislead. */}
        {!ended && <PhasePanel workshop={workshop} clockOffset={live.clockOffset} />}
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
        <div
          ref={actionRef}
          className={sticky ? 'phone-action sticky' : 'phone-action'}
          data-testid="phone-action"
        >
          {!closed && workshop?.phase?.spec.agree === true && (
            <SignalButtons key={workshop.phaseIndex} {...signals} show="agree" />
          )}
          {votesLeft}
          <PhoneWriting
            sessionId={sessionId}
            writing={ended ? { mode: 'none' } : writing}
            workshop={workshop}
            actions={actions}
            disabled={readOnly || !liveBoard.board}
            privateCards={privateCards.length + actions.pending.privateSending.length}
          />
          {ended && view && (
            <EndedKeep
              sessionId={sessionId}
              memberToken={membership.token}
              commitments={view.zones
                .flatMap((group) => group.items.flatMap((item) => [item.card, ...item.children]))
                .filter(handlers.keepable)}
            />
          )}
        </div>
        {!closed && <SignalButtons key={workshop?.phaseIndex} {...signals} show="status" />}
        <div className="board-zones">
          <PrivateCards
            cards={privateCards}
            sending={actions.pending.privateSending}
            participantId={participantId}
            readOnly={readOnly || writing.mode !== 'private'}
            onSave={(card, text) => actions.putPrivate({ ...card, text })}
            onDelete={actions.removePrivate}
          />
          {view && <PhoneZones zones={view.zones} readOnly={readOnly} handlers={handlers} />}
        </div>
        {!closed && <ReactionsBar channel={channel} disabled={closed} onError={actions.setError} />}
        <LiveRegion />
      </main>
    </div>
  );
}
