import {
  AnonCardInput,
  CardRef,
  CommitmentRef,
  FacilitatorCommand,
  PrivateCardInput,
  PrivateScreen,
  ReactionInput,
  SignalInput,
  VoteInput,
} from '@trellis/shared';
import type { Commitments } from '../workshop/commitments';
import type { Workshop } from '../workshop/service';
import type { ReactionCoalescer } from './reactions';
import { done, NoPayload, type Routes } from './requests';

export type WorkshopEvent = Exclude<keyof Routes, 'session:get' | 'clock'>;

/**
 * The workshop's requests: facilitator commands, private and anonymous writing, votes, signals,
 * reactions and kept commitments. Each payload has passed its schema before `run` sees it.
 */
export function workshopRoutes(deps: {
  workshop: Workshop;
  commitments: Commitments;
  reactions: ReactionCoalescer;
}): Routes<WorkshopEvent> {
  const { workshop, commitments, reactions } = deps;
  return {
    facilitate: { schema: FacilitatorCommand, run: (cmd, who) => done(workshop.command(who, cmd)) },
    'private:put': {
      schema: PrivateCardInput,
      run: (input, who) => workshop.putPrivate(who, input),
    },
    'private:delete': { schema: CardRef, run: ({ id }, who) => workshop.deletePrivate(who, id) },
    'private:list': { schema: NoPayload, run: (_, who) => workshop.privateWriting.inbox(who) },
    'private:screen': {
      schema: PrivateScreen,
      run: async (input, who) => {
        const inbox = await workshop.privateWriting.screen(who, input);
        // Co-facilitators' consoles read their inbox again on the signals it sends.
        await workshop.publishSignals(who.session.id);
        return inbox;
      },
    },
    'anon:put': { schema: AnonCardInput, run: (input, who) => workshop.anon.put(who, input) },
    'anon:delete': { schema: CardRef, run: ({ id }, who) => workshop.anon.delete(who, id) },
    vote: { schema: VoteInput, run: (input, who) => workshop.vote(who, input) },
    signal: { schema: SignalInput, run: (input, who) => done(workshop.signal(who, input)) },
    'commitment:keep': {
      schema: CommitmentRef,
      run: ({ cardId }, who) => commitments.keep(who, cardId),
    },
    snapshots: { schema: NoPayload, run: (_, who) => workshop.listSnapshots(who) },
    // [L4] Counted and sent with the session's other taps of this window, sender included.
    react: {
      schema: ReactionInput,
      run: ({ emoji }, who) => done(reactions.add(who.session.id, emoji)),
    },
  };
}
