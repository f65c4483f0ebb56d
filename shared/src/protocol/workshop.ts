import { z } from 'zod/mini';
import { CARD_KINDS } from '../cardKinds';
import { Limits } from './http';

/**
 * Session control over Socket.IO: what a facilitator may ask the server to do, and the signals
 * phones send. Each is one member of a discriminated union, validated on arrival; the server
 * handles them with an exhaustive switch.
 */
const cardId = z.string().check(z.minLength(1), z.maxLength(Limits.idMax));
const shortField = z.string().check(z.trim(), z.maxLength(Limits.commitmentFieldMax));
/** An integer within bounds: mini's spelling of `z.number().int().min(lo).max(hi)`. */
const intIn = (lo: number, hi: number) => z.int().check(z.gte(lo), z.lte(hi));

export const FacilitatorCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase:go'), index: intIn(-1, 50) }),
  z.object({
    type: z.literal('phase:edit'),
    index: intIn(0, 50),
    title: z.optional(z.string().check(z.trim(), z.maxLength(Limits.titleMax))),
    prompt: z.optional(z.string().check(z.trim(), z.maxLength(Limits.promptMax))),
    timerSeconds: z.optional(z.nullable(intIn(0, Limits.timerSecondsMax))),
  }),
  z.object({
    type: z.literal('timer:start'),
    seconds: z.optional(intIn(1, Limits.timerSecondsMax)),
  }),
  z.object({ type: z.literal('timer:pause') }),
  z.object({ type: z.literal('timer:extend'), seconds: intIn(-3600, 3600) }),
  z.object({ type: z.literal('timer:reset') }),
  z.object({ type: z.literal('reveal') }),
  z.object({ type: z.literal('lock'), locked: z.boolean() }),
  z.object({
    type: z.literal('vote:configure'),
    perParticipant: intIn(1, Limits.votesPerParticipantMax),
    hideResults: z.boolean(),
  }),
  z.object({ type: z.literal('vote:open') }),
  z.object({ type: z.literal('vote:close') }),
  z.object({
    type: z.literal('participant:remove'),
    memberId: z.string().check(z.minLength(1), z.maxLength(Limits.idMax)),
  }),
  /** [J13] Refuse joins under this name for the rest of the session (and remove who has it). */
  z.object({
    type: z.literal('participant:block'),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(Limits.nameMax)),
  }),
  z.object({
    type: z.literal('spotlight'),
    cardId: z.nullable(cardId),
    zone: z.nullable(z.string().check(z.maxLength(Limits.idMax))),
  }),
  /** The projector's QR panel: large, a small corner, or `auto` (large in the lobby only). */
  z.object({ type: z.literal('projector:qr'), size: z.enum(['large', 'small', 'auto']) }),
  z.object({ type: z.literal('session:end') }),
  z.object({
    type: z.literal('snapshot'),
    label: z.string().check(z.trim(), z.minLength(1), z.maxLength(Limits.titleMax)),
  }),
  z.object({ type: z.literal('restore'), seq: z.int().check(z.gte(0)) }),
]);

/** What made a snapshot ([Y1]): a phase change, the clock, the facilitator, the end, a reveal. */
export const SNAPSHOT_KINDS = ['phase', 'auto', 'manual', 'end', 'reveal'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** A named moment of the log; a kind a screen does not know yet is read as a manual one. */
export const SnapshotView = z.object({
  seq: z.int(),
  time: z.number(),
  label: z.string(),
  kind: z.catch(z.enum(SNAPSHOT_KINDS), 'manual'),
});
export type SnapshotView = z.infer<typeof SnapshotView>;
export type FacilitatorCommand = z.infer<typeof FacilitatorCommand>;

export const PrivateCardInput = z.object({
  id: cardId,
  kind: z.enum(CARD_KINDS),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(Limits.cardTextMax)),
  anonymous: z.boolean(),
});
export type PrivateCardInput = z.infer<typeof PrivateCardInput>;

export const PrivateCardView = z.extend(PrivateCardInput, { createdAt: z.number() });
export type PrivateCardView = z.infer<typeof PrivateCardView>;

/**
 * [J15] A waiting private card as the facilitator screens it before the reveal. An anonymous card
 * carries nothing that names its author ([J14]): no member id, no name.
 */
export const InboxCard = z.extend(PrivateCardView, {
  /** The author's name, only on a card posted with it (and only if the author gave one). */
  author: z.optional(z.string()),
  /** Left off the board at the reveal. */
  hidden: z.boolean(),
  /** A duplicate of this waiting card: hidden, and kept in the session's records as such. */
  mergedInto: z.optional(cardId),
});
export type InboxCard = z.infer<typeof InboxCard>;

/** [J16] How the facilitator screens one waiting card: hide it, show it again, or merge it. */
export const PrivateScreen = z.object({
  id: cardId,
  action: z.enum(['hide', 'show', 'merge']),
  /** For `merge`: the waiting card this one duplicates, which is revealed in its stead. */
  into: z.optional(cardId),
});
export type PrivateScreen = z.infer<typeof PrivateScreen>;

/**
 * [J14] An anonymous card on the shared board, written by the server on its author's behalf so
 * that no Yjs clientID, awareness state or timing of the author's own connection names it. The
 * same id again replaces the card's text and fields (idempotent: a retry after a lost answer is
 * safe). The server picks the zone and the time.
 */
export const AnonCardInput = z.object({
  id: cardId,
  kind: z.enum(CARD_KINDS),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(Limits.cardTextMax)),
  org: z.optional(shortField),
  step: z.optional(shortField),
  by: z.optional(shortField),
  authorOrg: z.optional(shortField),
});
export type AnonCardInput = z.infer<typeof AnonCardInput>;

/** One card by id: a private card to delete, an anonymous card to delete. */
export const CardRef = z.object({ id: cardId });
export type CardRef = z.infer<typeof CardRef>;

/** The commitment card a participant keeps a link to ([K1]). */
export const CommitmentRef = z.object({ cardId });
export type CommitmentRef = z.infer<typeof CommitmentRef>;

export const VoteInput = z.object({ cardId, delta: z.union([z.literal(1), z.literal(-1)]) });
export type VoteInput = z.infer<typeof VoteInput>;

export const MyVotes = z.object({
  votes: z.record(z.string(), z.int()),
  remaining: z.int(),
});
export type MyVotes = z.infer<typeof MyVotes>;

export const SignalInput = z.object({ type: z.enum(['ready', 'hand', 'agree']), on: z.boolean() });
export type SignalInput = z.infer<typeof SignalInput>;

/** A participant's own toggles, so a reloaded phone shows its hand still up ([J12]). */
export const MySignals = z.object({ ready: z.boolean(), hand: z.boolean(), agree: z.boolean() });
export type MySignals = z.infer<typeof MySignals>;

/** Live counts; facilitators also get who (ids), everyone else only numbers. */
export const Signals = z.object({
  ready: z.int(),
  hands: z.int(),
  agreed: z.int(),
  /** Facilitators only: member ids per signal. */
  who: z.optional(
    z.object({
      ready: z.array(z.string()),
      hands: z.array(z.string()),
      agreed: z.array(z.string()),
    }),
  ),
  /** Private cards waiting for reveal (a number: their text never leaves the server). */
  privateCount: z.int(),
});
export type Signals = z.infer<typeof Signals>;

export const REACTIONS = ['👍', '❤️', '👏', '💡', '🤝', '😮'] as const;
export const ReactionInput = z.object({ emoji: z.enum(REACTIONS) });
export type ReactionInput = z.infer<typeof ReactionInput>;

/** Reactions of one short window, counted per emoji: one message however many people tap ([L4]). */
export const Reactions = z.array(
  z.object({ emoji: z.enum(REACTIONS), count: z.int().check(z.gte(1)) }),
);
export type Reactions = z.infer<typeof Reactions>;
