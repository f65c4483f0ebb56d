import { Router, type Request } from 'express';
import * as Y from 'yjs';
import {
  listCards,
  readWorkshop,
  type BoardAt,
  type HistoryMember,
  type HistorySession,
  type MemberErased,
  type SessionDetail,
  type SessionExport,
  type SessionList,
  type SessionMembers,
  type SnapshotView,
  type UpdatesPage,
} from '@trellis/shared';
import { z } from 'zod';
import { readBoardAt, readBoardAtSeq } from '../history/reconstruct';
import type { Retention } from '../history/retention';
import { commitmentsCsv, storyMarkdown } from '../history/story';
import type { Snapshot } from '../storage/historyTypes';
import type { SessionRecord, Storage } from '../storage/types';
import { HttpError, describeZod } from './errors';

/** At most this many log entries per playback page; the replay page asks for the next one. */
const PAGE = 5000;

const Moment = z.object({ t: z.coerce.number().int().min(0).optional() });
/** The reader's IANA time zone, for the story's clock times; one Intl does not know is refused. */
const StoryQuery = z.object({
  tz: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone')
    .optional(),
});
const Range = z.object({
  after: z.coerce.number().int().min(0).default(0),
  to: z.coerce.number().int().min(0).optional(),
});

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

// Responses are built field by field from their shared types (shared/src/protocol/history.ts),
// so a stored column never reaches an organiser's screen by accident (a session's join code).
const historySession = (s: SessionRecord): HistorySession => ({
  id: s.id,
  title: s.title,
  template: s.template,
  createdAt: s.createdAt,
  endedAt: s.endedAt,
});
const snapshotView = ({ seq, time, label, kind }: Snapshot): SnapshotView => ({
  seq,
  time,
  label,
  kind,
});

/**
 * The history API ([Y2]), for organisers: past sessions, their timelines, the board at any
 * moment, the update stream for playback, and exports. Everything is rebuilt from the log.
 */
export function historyRouter(deps: {
  storage: Storage;
  retention: Retention;
  requireOrganiser: (req: Request) => void;
}): Router {
  const { storage } = deps;
  const router = Router();
  router.use((req, _res, next) => {
    deps.requireOrganiser(req);
    next();
  });

  const session = async (id: string) => {
    const s = await storage.sessionById(id);
    if (!s) throw new HttpError('not_found', 'No such session');
    return s;
  };
  const moment = (req: Request, fallback: number): number => {
    const q = Moment.safeParse(req.query);
    if (!q.success) throw new HttpError('bad_request', describeZod(q.error));
    return q.data.t ?? fallback;
  };
  const names = async (id: string) =>
    new Map(
      (await storage.membersOf(id)).flatMap((m) => (m.name ? [[m.id, m.name] as const] : [])),
    );

  router.get('/sessions', async (_req, res) => {
    const rows = await storage.listSessions();
    res.json({
      sessions: rows.map((r) => ({
        ...r,
        durationMs: r.lastActivity === null ? 0 : (r.endedAt ?? r.lastActivity) - r.createdAt,
      })),
    } satisfies SessionList);
  });

  router.get('/sessions/:id', async (req, res) => {
    const s = await session(req.params.id);
    const [snapshots, activity, lastSeq] = await Promise.all([
      storage.snapshots(s.id),
      storage.activity(s.id),
      storage.lastSeq(s.id),
    ]);
    // What the board showed: hidden cards stay in the document but not on any screen.
    const cards = await readBoardAtSeq(
      storage,
      s.id,
      lastSeq,
      (final) => listCards(final).filter((card) => !card.hidden).length,
    );
    res.json({
      session: historySession(s),
      lastSeq,
      snapshots: snapshots.map(snapshotView),
      activity,
      cards,
    } satisfies SessionDetail);
  });

  router.get('/sessions/:id/state', async (req, res) => {
    const s = await session(req.params.id);
    const t = moment(req, Date.now());
    const board = await readBoardAt(storage, s.id, t, (doc, seq) => ({
      seq,
      update: b64(Y.encodeStateAsUpdate(doc)),
    }));
    res.json({ t, ...board } satisfies BoardAt);
  });

  router.get('/sessions/:id/updates', async (req, res) => {
    const s = await session(req.params.id);
    const q = Range.safeParse(req.query);
    if (!q.success) throw new HttpError('bad_request', describeZod(q.error));
    const to = q.data.to ?? (await storage.lastSeq(s.id));
    const entries = (await storage.updatesBetween(s.id, q.data.after, to)).slice(0, PAGE);
    res.json({
      updates: entries.map((e) => ({ seq: e.seq, time: e.time, update: b64(e.update) })),
      more: entries.length === PAGE,
    } satisfies UpdatesPage);
  });

  router.get('/sessions/:id/export.md', async (req, res) => {
    const s = await session(req.params.id);
    const at = moment(req, Date.now());
    const query = StoryQuery.safeParse(req.query);
    if (!query.success) throw new HttpError('bad_request', describeZod(query.error));
    const snapshots = (await storage.snapshots(s.id)).filter((x) => x.time <= at);
    const participants = (await storage.membersOf(s.id)).filter((m) => m.role === 'participant');
    const named = participants.flatMap((m) => (m.name ? [m.name] : []));
    const byId = await names(s.id);
    const story = await readBoardAt(storage, s.id, at, (doc) =>
      storyMarkdown({
        doc,
        createdAt: s.createdAt,
        at,
        snapshots,
        names: byId,
        people: { participants: participants.length, named },
        ...(query.data.tz && { timeZone: query.data.tz }),
      }),
    );
    res.type('text/markdown; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="trellis-story.md"');
    res.send(story);
  });

  const membersOf = async (sessionId: string): Promise<HistoryMember[]> =>
    (await storage.membersOf(sessionId)).map((m) => ({
      id: m.id,
      role: m.role,
      name: m.name ?? null,
    }));

  // The replay page's names for attribution, without rebuilding the board as the export does.
  router.get('/sessions/:id/members', async (req, res) => {
    const s = await session(req.params.id);
    res.json({ members: await membersOf(s.id) } satisfies SessionMembers);
  });

  router.get('/sessions/:id/export.json', async (req, res) => {
    const s = await session(req.params.id);
    const at = moment(req, Date.now());
    const members = await membersOf(s.id);
    const snapshots = (await storage.snapshots(s.id)).filter((x) => x.time <= at);
    const board = await readBoardAt(storage, s.id, at, (doc, seq) => ({
      seq,
      workshop: readWorkshop(doc),
      board: {
        meta: doc.getMap('meta').toJSON(),
        zones: doc.getMap('zones').toJSON(),
        cards: listCards(doc),
      },
      state: b64(Y.encodeStateAsUpdate(doc)),
    }));
    res.setHeader('Content-Disposition', 'attachment; filename="trellis-session.json"');
    res.json({
      format: 'trellis-session/1',
      session: historySession(s),
      at,
      seq: board.seq,
      members,
      snapshots: snapshots.map(snapshotView),
      workshop: board.workshop,
      board: board.board,
      state: board.state,
    } satisfies SessionExport);
  });

  router.get('/sessions/:id/commitments.csv', async (req, res) => {
    const s = await session(req.params.id);
    const byId = await names(s.id);
    const csv = await readBoardAt(storage, s.id, moment(req, Date.now()), (doc) =>
      commitmentsCsv(doc, byId),
    );
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="trellis-commitments.csv"');
    res.send(csv);
  });

  // [Y7] Erase one participant: name gone, attribution scrubbed from the log and checkpoints.
  router.delete('/sessions/:id/members/:memberId', async (req, res) => {
    const s = await session(req.params.id);
    const member = await storage.memberById(req.params.memberId);
    if (!member || member.sessionId !== s.id)
      throw new HttpError('not_found', 'No such member in this session');
    const rewritten = await deps.retention.eraseMember(s.id, member.id);
    res.json({ erased: member.id, rewritten } satisfies MemberErased);
  });

  return router;
}
