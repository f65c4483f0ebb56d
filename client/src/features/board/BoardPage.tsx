import { useEffect, useMemo } from 'react';
import {
  listCards,
  mayAddCard,
  listZones,
  metaOf,
  readMeta,
  type Card,
  type WorkshopState,
} from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { forgetMembership, readMembership, type Membership } from '../../lib/storage';
import type { CardSync } from '../../sync/connectBoard';
import { useBoard, useDocVersion, useOffline } from '../../sync/useBoard';
import { useWorkshopChannel, useWorkshopState } from '../../sync/workshop';
import { Banner } from '../../ui/Banner';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { readCopies } from '../followup/copies';
import { PhoneCopy } from '../followup/CopyStatus';
import { arrangeBoard, type ArrangedZone } from '../workshop/arrange';
import { BoardNotices } from './BoardNotices';
import { KeepCopy } from './KeepCopy';
import { CommitmentForm } from './CommitmentForm';
import { Composer } from './Composer';
import { PhasePanel } from './PhasePanel';
import { PhoneZones, PrivateCards, type CardHandlers } from './PhoneCards';
import { ReactionsBar } from './ReactionsBar';
import { SignalButtons } from './SignalButtons';
import { useParticipantActions } from './useParticipantActions';
import { queuedCard } from './usePendingCards';
import { withEdits } from './usePendingEdits';
import { VotesLeft } from './VoteControls';
import { writingFor, type Writing } from './writing';
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

/**
 * A phased board shows only what matters now: zones that hold cards and the zone the phase
 * writes to. A board without phases keeps every zone, empty ones included, as a map of the room.
 */
function visibleZones(
  zones: ArrangedZone[],
  workshop: WorkshopState | undefined,
  writing: Writing,
): ArrangedZone[] {
  if (!workshop || workshop.template.phases.length === 0) return zones;
  const target = writing.mode === 'none' ? undefined : writing.zone;
  return zones.filter((group) => group.items.length > 0 || group.zone?.id === target);
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
  const { board, state } = useBoard(
    sessionId,
    membership.token,
    `trellis:board:${sessionId}:${participantId}`,
  );
  const offline = useOffline(state);
  const version = useDocVersion(board?.doc);
  const workshop = useWorkshopState(board?.doc);
  const { channel, live } = useWorkshopChannel(board);
  const actions = useParticipantActions({
    sessionId,
    participantId,
    board,
    state,
    workshop,
    channel,
    connected: live.connected,
  });

  // A removed member's token is refused from now on: the next visit starts at the join page.
  useEffect(() => {
    if (state.closeReason === 'removed') forgetMembership(sessionId);
  }, [state.closeReason, sessionId]);

  const view = useMemo(() => {
    if (!board) return undefined;
    const zones = listZones(board.doc);
    return {
      meta: readMeta(board.doc),
      // Until the server's seed arrives the doc cannot say which template, hence what to write.
      seeded: metaOf(board.doc).has('template'),
      zones,
      // Changes queued offline show as they will be, marked "sending…".
      arranged: arrangeBoard(
        [
          ...withEdits(listCards(board.doc), actions.edits),
          ...actions.queued.map((c) => queuedCard(c, participantId)),
        ],
        zones,
      ),
      // A follow-up session's copies of last time's commitments, with how each went.
      copies: readCopies(board.doc),
    };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version, actions.queued, actions.edits, participantId]);

  const closed = state.closeReason !== null || workshop?.ended === true;
  const locked = workshop?.locked === true;
  const readOnly = closed || locked;
  const writing: Writing =
    view?.seeded === true ? writingFor(workshop, view.meta, view.zones) : { mode: 'none' };
  const title = view?.meta.title || state.session?.title || '';
  const voting = workshop?.voting;
  const votingOpen = voting?.state === 'open' && !closed;

  // At the card cap the composer says so and sends nothing ([G12]).
  const full = actions.atLimit ? actions.ownCount : undefined;

  const myVotes = live.votes?.votes ?? {};
  const spent = Object.values(myVotes).reduce((sum, n) => sum + n, 0);
  const isOwn = (card: Card): boolean =>
    card.authorId === participantId || actions.mine.has(card.id);
  const syncOf = (id: string): CardSync => {
    const anonymous = actions.anonSync(id);
    if (anonymous) return anonymous;
    if (id in actions.edits) return state.live && locked ? 'waiting' : 'sending';
    const queued = actions.queued.find((card) => card.id === id);
    if (!queued) return board?.cardSync(id) ?? 'saved';
    // Online, a queued card is one the workshop does not take now; offline it goes when back.
    return state.live && workshop && !mayAddCard(workshop, queued.kind) ? 'waiting' : 'sending';
  };
  const handlers: CardHandlers = {
    isOwn,
    syncOf,
    onSave: actions.save,
    onDelete: actions.remove,
    voteFor: votingOpen
      ? (id) => ({
          mine: myVotes[id] ?? 0,
          canAdd: spent < (voting?.perParticipant ?? 0),
          busy: actions.voteBusy,
          onVote: (delta) => void actions.vote(id, delta),
        })
      : undefined,
    results: workshop?.results ?? {},
    afterCard: (card) => {
      const copy = view?.copies.get(card.id);
      if (copy) return <PhoneCopy copy={copy} />;
      // Only once the server holds the card: it checks that the commitment is ours ([K1]).
      return card.kind === 'commitment' && isOwn(card) && syncOf(card.id) === 'saved' && !closed ? (
        <KeepCopy sessionId={sessionId} cardId={card.id} channel={channel} />
      ) : null;
    },
  };

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
        offline={offline}
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
      {votingOpen && voting && <VotesLeft remaining={Math.max(0, voting.perParticipant - spent)} />}
      <main className="board-zones">
        <PrivateCards
          cards={live.privateMine}
          sending={actions.sending}
          participantId={participantId}
          readOnly={readOnly || writing.mode !== 'private'}
          onSave={(card, text) => void actions.putPrivate({ ...card, text })}
          onDelete={(id) => void actions.removePrivate(id)}
        />
        {view && (
          <PhoneZones
            zones={visibleZones(view.arranged, workshop, writing)}
            readOnly={readOnly}
            handlers={handlers}
          />
        )}
      </main>
      {writing.mode === 'private' && (
        <Composer
          sessionId={sessionId}
          disabled={readOnly || !channel}
          anonymousByDefault={workshop?.template.anonymousByDefault}
          onAdd={(text, anonymous) => actions.addPrivate(writing, text, anonymous)}
        />
      )}
      {writing.mode === 'open' && writing.structured && (
        <CommitmentForm
          sessionId={sessionId}
          disabled={readOnly || !board}
          full={full}
          anonymousByDefault={workshop?.template.anonymousByDefault ?? false}
          onAdd={({ text, ...extra }, anonymous) =>
            actions.addToBoard(writing, text, anonymous, extra)
          }
        />
      )}
      {writing.mode === 'open' && !writing.structured && (
        <Composer
          sessionId={sessionId}
          disabled={readOnly || !board}
          full={full}
          anonymousByDefault={workshop?.template.anonymousByDefault}
          onAdd={(text, anonymous) => actions.addToBoard(writing, text, anonymous)}
        />
      )}
    </div>
  );
}
