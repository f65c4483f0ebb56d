import { z } from 'zod/mini';
import { SnapshotView } from './workshop';

/**
 * What the history API answers (PROTOCOL.md "History"): the server builds objects of these types
 * and the replay page validates what it receives against them. Unknown fields are dropped.
 */
const count = z.int().check(z.gte(0));
/** A server time: milliseconds since the epoch. */
const ms = z.number();

/** A session as the history pages show it. */
export const HistorySession = z.object({
  id: z.string(),
  title: z.string(),
  template: z.string(),
  createdAt: ms,
  endedAt: z.nullable(ms),
});
export type HistorySession = z.infer<typeof HistorySession>;

export const SessionSummary = z.extend(HistorySession, {
  participants: count,
  updates: count,
  lastActivity: z.nullable(ms),
  durationMs: z.number().check(z.gte(0)),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** `GET /api/history/sessions` */
export const SessionList = z.object({ sessions: z.array(SessionSummary) });
export type SessionList = z.infer<typeof SessionList>;

export const ActivityMinute = z.object({ minute: ms, updates: count, members: count });
export type ActivityMinute = z.infer<typeof ActivityMinute>;

/** `GET /api/history/sessions/:id`: the timeline. */
export const SessionDetail = z.object({
  session: HistorySession,
  lastSeq: z.int(),
  snapshots: z.array(SnapshotView),
  activity: z.array(ActivityMinute),
  cards: count,
});
export type SessionDetail = z.infer<typeof SessionDetail>;

/** `GET /api/history/sessions/:id/state?t=`: the whole board at `t` as one base64 Yjs update. */
export const BoardAt = z.object({ t: ms, seq: z.int(), update: z.string() });
export type BoardAt = z.infer<typeof BoardAt>;

/** `GET /api/history/sessions/:id/updates`: one page of the log; `update` is base64 Yjs. */
export const UpdatesPage = z.object({
  updates: z.array(z.object({ seq: z.int(), time: ms, update: z.string() })),
  more: z.boolean(),
});
export type UpdatesPage = z.infer<typeof UpdatesPage>;

/** Who took part, for attribution (an erased member has no name left). */
export const HistoryMember = z.object({
  id: z.string(),
  role: z.string(),
  name: z.nullable(z.string()),
});
export type HistoryMember = z.infer<typeof HistoryMember>;

/** `GET /api/history/sessions/:id/members` */
export const SessionMembers = z.object({ members: z.array(HistoryMember) });
export type SessionMembers = z.infer<typeof SessionMembers>;

/** `GET /api/history/sessions/:id/export.json`: the board's parts are as the document holds them. */
export const SessionExport = z.object({
  format: z.literal('trellis-session/1'),
  session: HistorySession,
  at: ms,
  seq: z.int(),
  members: z.array(HistoryMember),
  snapshots: z.array(SnapshotView),
  workshop: z.unknown(),
  board: z.object({
    meta: z.record(z.string(), z.unknown()),
    zones: z.record(z.string(), z.unknown()),
    cards: z.array(z.unknown()),
  }),
  state: z.string(),
});
export type SessionExport = z.infer<typeof SessionExport>;

/** `DELETE /api/history/sessions/:id/members/:memberId` ([Y7]) */
export const MemberErased = z.object({ erased: z.string(), rewritten: count });
export type MemberErased = z.infer<typeof MemberErased>;
