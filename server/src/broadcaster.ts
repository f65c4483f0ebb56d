import type {
  MySignals,
  MyVotes,
  Presence,
  PrivateCardView,
  Reactions,
  Saved,
  Signals,
} from '@trellis/shared';

/**
 * What the server tells connected screens besides the board, named by who hears it. Built first
 * (over Socket.IO in `realtime/socketBroadcaster.ts`) and handed to the rooms' hooks and the
 * workshop service when they are constructed.
 */
export interface Broadcaster {
  /** Everyone in the session: who holds a board connection. */
  presence(sessionId: string, presence: Presence): void;
  /** One member: its changes up to this clock are on disk ([S4]). */
  saved(memberId: string, saved: Saved): void;
  /** Facilitators see who; everyone else only counts. */
  signals(sessionId: string, forFacilitators: Signals, forOthers: Signals): void;
  /** Everyone in the session, one message per window ([L4]). */
  reactions(sessionId: string, reactions: Reactions): void;
  /** One member's other devices follow its private cards, votes and toggles ([J6], [J7], [J12]). */
  privateMine(memberId: string, cards: PrivateCardView[]): void;
  votesMine(memberId: string, votes: MyVotes): void;
  signalsMine(memberId: string, mine: MySignals): void;
  /** The member was removed ([J4]): its control connections close once the current answers are out. */
  removed(memberId: string): void;
  /** The session ended ([S1]): every control connection closes once the current answers are out. */
  ended(sessionId: string): void;
}
