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
import type { Identity } from '../sessions';
import type { Commitments } from '../workshop/commitments';
import type { Workshop } from '../workshop/service';
import type { ReactionCoalescer } from './reactions';
import { done, NoPayload, type Routes } from './requests';

export type WorkshopEvent = Exclude<keyof Routes, 'session:get' | 'clock'>;

/**
 * The workshop's requests: facilitator commands, private and anonymous writing, votes, signals,
 * reactions and kept commitments. Each payload has passed its schema before `run` sees it.
 */
export function workshopRoutes(
  identity: Identity,
  deps: { workshop: Workshop; commitments: Commitments; reactions: ReactionCoalescer },
): Routes<WorkshopEvent> {
  const { workshop, commitments, reactions } = deps;
  return {
    facilitate: { schema: FacilitatorCommand, run: (cmd) => done(workshop.command(identity, cmd)) },
    'private:put': {
      schema: PrivateCardInput,
      run: (input) => workshop.putPrivate(identity, input),
    },
    'private:delete': {
      schema: CardRef,
      run: ({ id }) => workshop.deletePrivate(identity, id),
    },
    'private:list': { schema: NoPayload, run: () => workshop.privateWriting.inbox(identity) },
    'private:screen': {
      schema: PrivateScreen,
      run: async (input) => {
        const inbox = await workshop.privateWriting.screen(identity, input);
        // Co-facilitators' consoles read their inbox again on the signals it sends.
        await workshop.publishSignals(identity.session.id);
        return inbox;
      },
    },
    'anon:put': { schema: AnonCardInput, run: (input) => workshop.anon.put(identity, input) },
    'anon:delete': { schema: CardRef, run: ({ id }) => workshop.anon.delete(identity, id) },
    vote: { schema: VoteInput, run: (input) => workshop.vote(identity, input) },
    signal: { schema: SignalInput, run: (input) => done(workshop.signal(identity, input)) },
    'commitment:keep': {
      schema: CommitmentRef,
      run: ({ cardId }) => commitments.keep(identity, cardId),
    },
    snapshots: { schema: NoPayload, run: () => workshop.listSnapshots(identity) },
    // [L4] Counted and sent with the session's other taps of this window, sender included.
    react: {
      schema: ReactionInput,
      run: ({ emoji }) => done(reactions.add(identity.session.id, emoji)),
    },
  };
}
