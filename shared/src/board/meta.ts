import type * as Y from 'yjs';
import { z } from 'zod/mini';
import { Limits } from '../protocol/http';

/**
 * The session's state in the document's `meta` map (PROTOCOL.md §7), written only by the server
 * (seed, facilitator commands) and by facilitators. Every field once, with its schema: readers
 * parse (meta is data from the network), the writer is typed by it.
 */
export const TimerState = z.object({
  state: z.enum(['idle', 'running', 'paused']),
  /** Server epoch ms when a running timer reaches zero. */
  endsAt: z.nullable(z.number()),
  /** Left on a paused (or idle) timer. */
  remainingMs: z.number().check(z.gte(0)),
  totalMs: z.number().check(z.gte(0)),
});
export type TimerState = z.infer<typeof TimerState>;

export const VotingState = z.object({
  state: z.enum(['closed', 'open', 'done']),
  perParticipant: z.int().check(z.gte(1), z.lte(Limits.votesPerParticipantMax)),
  hideResults: z.boolean(),
});
export type VotingState = z.infer<typeof VotingState>;

export const PhaseOverride = z.object({
  title: z.optional(z.string().check(z.maxLength(Limits.titleMax))),
  prompt: z.optional(z.string().check(z.maxLength(Limits.promptMax))),
  timerSeconds: z.optional(z.nullable(z.int().check(z.gte(0), z.lte(Limits.timerSecondsMax)))),
});
export type PhaseOverride = z.infer<typeof PhaseOverride>;

export const Spotlight = z.object({ cardId: z.optional(z.string()), zone: z.optional(z.string()) });
export type Spotlight = z.infer<typeof Spotlight>;

export const ProjectorQr = z.enum(['large', 'small']);
export type ProjectorQr = z.infer<typeof ProjectorQr>;

export const META_FIELDS = {
  title: z.string(),
  template: z.string(),
  createdAt: z.number(),
  /** Index into the session's phases (`phasesOf`); −1 is the lobby. */
  phase: z.int(),
  /** The facilitator's wording of each phase, when edited. */
  phases: z.array(PhaseOverride),
  timer: TimerState,
  locked: z.boolean(),
  voting: VotingState,
  /** Published vote counts per card (absent while hidden). */
  results: z.record(z.string(), z.number()),
  spotlight: z.nullable(Spotlight),
  revealedAt: z.number(),
  ended: z.boolean(),
  /** Cards each participant may have on the board ([G12]). */
  cardLimit: z.int().check(z.gte(1), z.lte(Limits.cardsPerParticipantMax)),
  /** The facilitator's choice of QR panel on the projector; absent: large in the lobby only. */
  projectorQr: ProjectorQr,
  /** A follow-up session ([K2]): its phases open with last time's commitments. */
  followUp: z.boolean(),
} as const;

export type MetaField = keyof typeof META_FIELDS;
export type MetaFields = { [K in MetaField]: z.infer<(typeof META_FIELDS)[K]> };

export const metaOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');

/** One field of `meta`, parsed; undefined when absent or malformed. */
export function readMetaField<K extends MetaField>(doc: Y.Doc, key: K): MetaFields[K] | undefined {
  const parsed = META_FIELDS[key].safeParse(metaOf(doc).get(key));
  return parsed.success ? (parsed.data as MetaFields[K]) : undefined;
}

/**
 * The one writer of `meta`: typed by the schemas above. Values are stored as plain JSON (Yjs
 * keeps them as written), so a zod-parsed object with `undefined` members never reaches the doc.
 */
export function writeMeta(doc: Y.Doc, patch: Partial<MetaFields>): void {
  const meta = metaOf(doc);
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) meta.delete(key);
      else meta.set(key, JSON.parse(JSON.stringify(value)) as unknown);
    }
  });
}

export interface Meta {
  title: string;
  template: string;
  createdAt: number;
}

export function readMeta(doc: Y.Doc): Meta {
  return {
    title: readMetaField(doc, 'title') ?? '',
    template: readMetaField(doc, 'template') ?? 'open',
    createdAt: readMetaField(doc, 'createdAt') ?? 0,
  };
}
