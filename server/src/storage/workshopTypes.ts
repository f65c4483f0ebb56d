import type { CardKind } from '@trellis/shared';

/** A card written in a private phase: kept here, out of the document, until revealed. */
export interface PrivateCard {
  sessionId: string;
  cardId: string;
  memberId: string;
  kind: CardKind;
  text: string;
  anonymous: boolean;
  createdAt: number;
  /** When the reveal took it out of waiting: put on the board, or left off it when hidden. */
  revealedAt: number | null;
  /** Screened out by the facilitator: the reveal leaves it off the board ([J16]). */
  hidden: boolean;
  /** The waiting card it duplicates (hidden too), kept as the record of a merge ([J16]). */
  mergedInto: string | null;
}

/** What a phone's put stores: the author's side of a private card, unscreened. */
export type NewPrivateCard = Omit<PrivateCard, 'revealedAt' | 'hidden' | 'mergedInto'>;

/** How the facilitator screened a waiting card ([J16]): shown (`hidden` false) carries no merge. */
export interface PrivateScreening {
  hidden: boolean;
  mergedInto: string | null;
}

/**
 * Why a screening was not stored: the card is not waiting (`notWaiting`), or a merge's target is
 * not a waiting card that is shown (`badTarget`).
 */
export type ScreenRefusal = 'notWaiting' | 'badTarget';

/**
 * Why a private card was not stored ([J6]): its id is another member's private card (`taken`),
 * the member already has `max` cards waiting (`overCap`), or the card was revealed (`revealed`).
 */
export type PrivatePutRefusal = 'taken' | 'overCap' | 'revealed';

export interface CommitmentLink {
  tokenHash: string;
  sessionId: string;
  cardId: string;
  memberId: string;
  createdAt: number;
}

/** What the workshop features keep beside the board document. */
export interface WorkshopStorage {
  /** Marks a member removed and bans its device (if it named one) from joining again ([J13]). */
  removeMember(memberId: string, time: number): Promise<void>;
  isRemoved(memberId: string): Promise<boolean>;
  /** Refuses joins under this name (normalised) for the rest of the session ([J13]). */
  blockName(sessionId: string, name: string): Promise<void>;
  /** Whether a join with this device hash or name is refused. */
  isBanned(
    sessionId: string,
    deviceHash: string | undefined,
    name: string | undefined,
  ): Promise<boolean>;

  /**
   * Stores a private card, or its new text and kind if the member already has it waiting. The
   * checks and the write are one transaction, so concurrent puts (of one id by two members, or of
   * many cards by one member) cannot pass a check together. `createdAt` is kept on an update.
   */
  putPrivateCard(
    card: NewPrivateCard,
    options: { max: number },
  ): Promise<PrivatePutRefusal | undefined>;
  /**
   * Screens a waiting card ([J16]). A merge checks its target in the same transaction, and the
   * cards already merged into this one follow it to the new target: a merge never chains.
   */
  screenPrivateCard(
    sessionId: string,
    cardId: string,
    screening: PrivateScreening,
  ): Promise<ScreenRefusal | undefined>;
  deletePrivateCard(sessionId: string, cardId: string, memberId: string): Promise<boolean>;
  privateCards(sessionId: string, memberId?: string): Promise<PrivateCard[]>;
  /** Who wrote the private card with this id, revealed or not. */
  privateCardOwner(sessionId: string, cardId: string): Promise<string | undefined>;
  /** Private cards not yet revealed, all members together (a count, not a read of every card). */
  waitingPrivateCount(sessionId: string): Promise<number>;

  /** Every member's votes in a session: memberId → cardId → count. Written through TableWrite. */
  votesOfSession(sessionId: string): Promise<Map<string, Map<string, number>>>;

  /** A device's private link to its commitment: only the token's hash is stored. */
  addCommitmentLink(link: CommitmentLink): Promise<void>;
  commitmentLink(tokenHash: string): Promise<CommitmentLink | undefined>;
  followUpsOf(previousId: string): Promise<{ id: string; title: string }[]>;

  /** Who may edit a card whose entry the server wrote (revealed and anonymous cards); written
   * through TableWrite, with the change that inserts the card. */
  cardOwners(sessionId: string): Promise<Map<string, string>>;
}
