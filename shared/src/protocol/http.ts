import { z } from 'zod/mini';
import { LOCALES } from '../i18n/locales';
import { TEMPLATE_IDS } from '../templates';

/** Limits a peer cannot exceed; the server enforces them, the client uses them for its inputs. */
export const Limits = {
  /** Session titles, phase titles, snapshot labels. */
  titleMax: 120,
  nameMax: 40,
  cardTextMax: 500,
  /** A phase's prompt, as the facilitator rewords it. */
  promptMax: 500,
  /** The note on a follow-up copy ("how it went"). */
  noteMax: 300,
  joinCodeLength: 7,
  /** What a phone may type into the join box (spaces and dashes included). */
  joinCodeInputMax: 32,
  /** Bearer tokens are 43 characters; anything far longer is not one. */
  tokenMax: 200,
  /** Dot votes a facilitator may give each participant. */
  votesPerParticipantMax: 20,
  /** A phase timer's longest run. */
  timerSecondsMax: 24 * 3600,
  retentionDaysMax: 3650,
  /** Private cards one participant may have waiting for the reveal ([J6]). */
  privateCardsWaiting: 20,
  /** One awareness state, serialised ([A3]), and states per board connection ([A4]). */
  awarenessStateChars: 4096,
  awarenessStatesPerConnection: 4,
  /** Card ids, zone ids, member and session ids in every path ([G11]). */
  idMax: 64,
  /** A commitment's organisation, first step and date. */
  commitmentFieldMax: 200,
  /** Cards one participant may have on the board, unless the session sets its own ([G12]). */
  cardsPerParticipant: 50,
  cardsPerParticipantMax: 500,
  /** Bytes one participant's accepted changes may add to a session's log ([G12]). */
  logBytesPerParticipant: 4 * 1024 * 1024,
  /** Card positions on the canvas, in pixels from the zone's corner ([G5]). */
  positionMax: 100_000,
  /** A card's `createdAt` (ms): wide enough for any phone's wrong clock, not for ±8.64e15. */
  createdAtMin: Date.UTC(2020, 0, 1),
  createdAtMax: Date.UTC(2100, 0, 1),
  /** Device ids a phone keeps to be recognised after a removal ([J13]). */
  deviceIdMin: 16,
  deviceIdMax: 64,
} as const;

/** Unambiguous alphabet for join codes: no 0/O, 1/I/L. 31^7 ≈ 2^34.7 combinations. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Phones type codes in any case, with spaces or dashes; this is the one normal form. */
export const normaliseJoinCode = (raw: string): string =>
  raw.toUpperCase().replace(/[^0-9A-Z]/g, '');

export const CreateSessionRequest = z.object({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(Limits.titleMax)),
  template: z._default(z.enum(TEMPLATE_IDS), 'open'),
  /** An earlier session whose commitments this one opens with. */
  followUpOf: z.optional(z.string().check(z.minLength(1), z.maxLength(Limits.idMax))),
  /** Days this session's data is kept after it ends; absent: the instance's `RETENTION_DAYS`. */
  retentionDays: z.optional(z.int().check(z.gte(1), z.lte(Limits.retentionDaysMax))),
  /** Cards each participant may have on the board ([G12]); absent: `Limits.cardsPerParticipant`. */
  cardsPerParticipant: z.optional(z.int().check(z.gte(1), z.lte(Limits.cardsPerParticipantMax))),
  /** The facilitator's language: the template's ground rules are written in it (else English). */
  locale: z.optional(z.enum(LOCALES)),
});
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const CreateSessionResponse = z.object({
  id: z.string(),
  joinCode: z.string(),
  facilitatorToken: z.string(),
  projectorToken: z.string(),
});
export type CreateSessionResponse = z.infer<typeof CreateSessionResponse>;

export const JoinRequest = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(Limits.joinCodeInputMax)),
  name: z.optional(z.string().check(z.trim(), z.maxLength(Limits.nameMax))),
  /**
   * A random id the phone keeps in its storage, so a participant the facilitator removed cannot
   * come straight back with the same code ([J13]). Only its hash is stored.
   */
  device: z.optional(
    z
      .string()
      .check(
        z.minLength(Limits.deviceIdMin),
        z.maxLength(Limits.deviceIdMax),
        z.regex(/^[A-Za-z0-9_-]+$/),
      ),
  ),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const JoinResponse = z.object({
  sessionId: z.string(),
  participantId: z.string(),
  token: z.string(),
});
export type JoinResponse = z.infer<typeof JoinResponse>;

export const ErrorCode = z.enum([
  'bad_request',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'gone',
  'payload_too_large',
  'rate_limited',
  /** A per-participant limit is reached (cards on the board, [G12]); the message says which. */
  'limit_reached',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const CommitmentStatus = z.enum(['done', 'partly', 'not_yet']);
export type CommitmentStatus = z.infer<typeof CommitmentStatus>;

/** What a kept commitment link shows: the promise, and how it went at each follow-up. */
export const CommitmentView = z.object({
  sessionId: z.string(),
  sessionTitle: z.string(),
  createdAt: z.number(),
  text: z.string(),
  org: z.optional(z.string()),
  step: z.optional(z.string()),
  by: z.optional(z.string()),
  authorOrg: z.optional(z.string()),
  followUps: z.array(
    z.object({
      sessionId: z.string(),
      title: z.string(),
      status: z.optional(CommitmentStatus),
      note: z.optional(z.string()),
    }),
  ),
});
export type CommitmentView = z.infer<typeof CommitmentView>;

/** A private link kept to one's commitment ([K1]): its device token. */
export const KeptLink = z.object({ token: z.string() });
export type KeptLink = z.infer<typeof KeptLink>;

export const CommitmentStatusRequest = z.object({
  sessionId: z.string().check(z.minLength(1), z.maxLength(Limits.idMax)),
  status: CommitmentStatus,
  note: z.optional(z.string().check(z.trim(), z.maxLength(Limits.noteMax))),
});
export type CommitmentStatusRequest = z.infer<typeof CommitmentStatusRequest>;
