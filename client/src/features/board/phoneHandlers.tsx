import type { Card, WorkshopState } from '@trellis/shared';
import type { WorkshopLive } from '../../sync/workshop';
import { PhoneCopy } from '../followup/CopyStatus';
import { KeepCopy } from './KeepCopy';
import type { CardHandlers } from './PhoneCards';
import type { PhoneView } from './phoneView';
import type { useParticipantActions } from './useParticipantActions';

interface HandlerInputs {
  sessionId: string;
  participantId: string;
  actions: ReturnType<typeof useParticipantActions>;
  workshop: WorkshopState | undefined;
  live: WorkshopLive;
  /** The participant's token: keeping a commitment link goes over HTTP with it. */
  memberToken: string;
  view: PhoneView | undefined;
  closed: boolean;
}

/** Votes this phone has spent, and the total of the vote. */
export function votesOf(live: WorkshopLive): {
  mine: Readonly<Record<string, number>>;
  spent: number;
} {
  const mine = live.votes?.votes ?? {};
  return { mine, spent: Object.values(mine).reduce((sum, n) => sum + n, 0) };
}

/** What the phone's cards do: its own are edited and deleted, every card takes dot votes. */
export function phoneHandlers(inputs: HandlerInputs): CardHandlers {
  const { sessionId, participantId, actions, workshop, live, memberToken, view, closed } = inputs;
  const voting = workshop?.voting;
  const votes = votesOf(live);
  const isOwn = (card: Card): boolean =>
    card.authorId === participantId || actions.mine.has(card.id);
  // Nothing pending on this phone: the server holds the card as it shows.
  const statusOf = (id: string) => actions.statusOf(id) ?? 'saved';
  const keepable = (card: Card): boolean =>
    card.kind === 'commitment' && isOwn(card) && statusOf(card.id) === 'saved';
  return {
    isOwn,
    statusOf,
    keepable,
    onSave: actions.save,
    onDelete: actions.remove,
    voteFor:
      voting?.state === 'open' && !closed
        ? (id) => ({
            mine: votes.mine[id] ?? 0,
            canAdd: votes.spent < voting.perParticipant,
            busy: actions.voteBusy,
            onVote: (delta) => void actions.vote(id, delta),
          })
        : undefined,
    results: workshop?.results ?? {},
    afterCard: (card) => {
      const copy = view?.copies.get(card.id);
      if (copy) return <PhoneCopy copy={copy} />;
      // Once the server holds the card: it checks that the commitment is ours ([K1]). After the
      // end the ended screen offers it (EndedKeep), above the board.
      return !closed && keepable(card) ? (
        <KeepCopy sessionId={sessionId} cardId={card.id} memberToken={memberToken} />
      ) : null;
    },
  };
}
