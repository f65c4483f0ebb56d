import { z } from 'zod/mini';

/**
 * What the history API answers (PROTOCOL.md "History"), validated before use: the replay page
 * never trusts a peer's JSON to have the shape it expects. Unknown fields are dropped.
 */
export const SessionSummary = z.object({
  id: z.string(),
  title: z.string(),
  template: z.string(),
  createdAt: z.number(),
  endedAt: z.nullable(z.number()),
  participants: z.int().check(z.gte(0)),
  updates: z.int().check(z.gte(0)),
  lastActivity: z.nullable(z.number()),
  durationMs: z.number().check(z.gte(0)),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionList = z.object({ sessions: z.array(SessionSummary) });

/** A named moment; kinds the page does not know yet are shown like a manual snapshot. */
export const Snapshot = z.object({
  seq: z.int(),
  time: z.number(),
  label: z.string(),
  kind: z.catch(z.enum(['phase', 'auto', 'manual', 'end']), 'manual'),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const ActivityMinute = z.object({
  minute: z.number(),
  updates: z.int().check(z.gte(0)),
  members: z.int().check(z.gte(0)),
});
export type ActivityMinute = z.infer<typeof ActivityMinute>;

export const SessionDetail = z.object({
  session: z.object({
    id: z.string(),
    title: z.string(),
    template: z.string(),
    createdAt: z.number(),
    endedAt: z.nullable(z.number()),
  }),
  lastSeq: z.int(),
  snapshots: z.array(Snapshot),
  activity: z.array(ActivityMinute),
  cards: z.int().check(z.gte(0)),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

/** One page of the update log; `update` is a base64 Yjs update. */
export const UpdatesPage = z.object({
  updates: z.array(z.object({ seq: z.int(), time: z.number(), update: z.string() })),
  more: z.boolean(),
});
export type UpdatesPage = z.infer<typeof UpdatesPage>;

/** Who took part (id → name, for attribution). */
export const SessionMembers = z.object({
  members: z.array(z.object({ id: z.string(), role: z.string(), name: z.nullable(z.string()) })),
});
