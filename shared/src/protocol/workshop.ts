import { z } from 'zod';
import { CARD_KINDS } from '../cardKinds';
import { Limits } from './http';

/**
 * Session control over Socket.IO: what a facilitator may ask the server to do, and the signals
 * phones send. Each is one member of a discriminated union, validated on arrival; the server
 * handles them with an exhaustive switch.
 */
const cardId = z.string().min(1).max(64);

export const FacilitatorCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase:go'), index: z.number().int().min(-1).max(50) }),
  z.object({
    type: z.literal('phase:edit'),
    index: z.number().int().min(0).max(50),
    title: z.string().trim().max(120).optional(),
    prompt: z.string().trim().max(500).optional(),
    timerSeconds: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600)
      .nullable()
      .optional(),
  }),
  z.object({
    type: z.literal('timer:start'),
    seconds: z
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .optional(),
  }),
  z.object({ type: z.literal('timer:pause') }),
  z.object({ type: z.literal('timer:extend'), seconds: z.number().int().min(-3600).max(3600) }),
  z.object({ type: z.literal('timer:reset') }),
  z.object({ type: z.literal('reveal') }),
  z.object({ type: z.literal('lock'), locked: z.boolean() }),
  z.object({
    type: z.literal('vote:configure'),
    perParticipant: z.number().int().min(1).max(20),
    hideResults: z.boolean(),
  }),
  z.object({ type: z.literal('vote:open') }),
  z.object({ type: z.literal('vote:close') }),
  z.object({ type: z.literal('participant:remove'), memberId: z.string().min(1).max(64) }),
  z.object({
    type: z.literal('spotlight'),
    cardId: cardId.nullable(),
    zone: z.string().max(64).nullable(),
  }),
  z.object({ type: z.literal('session:end') }),
  z.object({ type: z.literal('snapshot'), label: z.string().trim().min(1).max(120) }),
  z.object({ type: z.literal('restore'), seq: z.number().int().min(0) }),
]);

export const SnapshotView = z.object({
  seq: z.number().int(),
  time: z.number(),
  label: z.string(),
  kind: z.enum(['phase', 'auto', 'manual', 'end']),
});
export type SnapshotView = z.infer<typeof SnapshotView>;
export type FacilitatorCommand = z.infer<typeof FacilitatorCommand>;

export const PrivateCardInput = z.object({
  id: cardId,
  kind: z.enum(CARD_KINDS),
  text: z.string().trim().min(1).max(Limits.cardTextMax),
  anonymous: z.boolean(),
});
export type PrivateCardInput = z.infer<typeof PrivateCardInput>;

export const PrivateCardView = PrivateCardInput.extend({ createdAt: z.number() });
export type PrivateCardView = z.infer<typeof PrivateCardView>;

export const VoteInput = z.object({ cardId, delta: z.union([z.literal(1), z.literal(-1)]) });
export type VoteInput = z.infer<typeof VoteInput>;

export const MyVotes = z.object({
  votes: z.record(z.string(), z.number().int()),
  remaining: z.number().int(),
});
export type MyVotes = z.infer<typeof MyVotes>;

export const SignalInput = z.object({ type: z.enum(['ready', 'hand', 'agree']), on: z.boolean() });
export type SignalInput = z.infer<typeof SignalInput>;

/** Live counts; facilitators also get who (ids), everyone else only numbers. */
export const Signals = z.object({
  ready: z.number().int(),
  hands: z.number().int(),
  agreed: z.number().int(),
  /** Facilitators only: member ids per signal. */
  who: z
    .object({ ready: z.array(z.string()), hands: z.array(z.string()), agreed: z.array(z.string()) })
    .optional(),
  /** Private cards waiting for reveal (a number: their text never leaves the server). */
  privateCount: z.number().int(),
});
export type Signals = z.infer<typeof Signals>;

export const REACTIONS = ['👍', '❤️', '👏', '💡', '🤝', '😮'] as const;
export const ReactionInput = z.object({ emoji: z.enum(REACTIONS) });
export type ReactionInput = z.infer<typeof ReactionInput>;
