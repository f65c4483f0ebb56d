import express, { Router, type Request } from 'express';
import { CreateSessionRequest, JoinRequest, normaliseJoinCode } from '@trellis/shared';
import { secretMatches } from '../auth/tokens';
import { SessionError, type Sessions } from '../sessions';
import { HttpError, describeZod } from './errors';

export interface ApiDeps {
  sessions: Sessions;
  organiserKeyHash: string;
  /** Seam for join throttling (rate limits land with the "Guard the room" issue). */
  beforeJoin?: (req: Request) => Promise<void>;
}

function requireOrganiser(req: Request, keyHash: string): void {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (!match?.[1] || !secretMatches(match[1], keyHash)) {
    throw new HttpError('unauthorized', 'Organiser key missing or wrong');
  }
}

const fromSessionError = (err: unknown): never => {
  if (err instanceof SessionError) throw new HttpError(err.code, err.message);
  throw err;
};

/** The JSON API under /api (PROTOCOL.md "HTTP"). */
export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/sessions', async (req, res) => {
    requireOrganiser(req, deps.organiserKeyHash);
    const body = CreateSessionRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError('bad_request', describeZod(body.error));
    const created = await deps.sessions.create(body.data.title, body.data.template);
    res.status(201).json(created);
  });

  router.post('/join', async (req, res) => {
    const body = JoinRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError('bad_request', describeZod(body.error));
    await deps.beforeJoin?.(req);
    const joined = await deps.sessions
      .join(normaliseJoinCode(body.data.code), body.data.name)
      .catch(fromSessionError);
    res.json(joined);
  });

  router.use((req, _res) => {
    throw new HttpError('not_found', `No API route ${req.method} ${req.path}`);
  });
  return router;
}
