import express, { Router, type Request, type Response } from 'express';
import { CreateSessionRequest, JoinRequest, normaliseJoinCode } from '@trellis/shared';
import { isLimited, retryAfter, type Limiters } from '../auth/limits';
import { secretMatches } from '../auth/tokens';
import { SessionError, type Sessions } from '../sessions';
import type { Retention } from '../history/retention';
import type { Commitments } from '../workshop/commitments';
import { commitmentsRouter } from './commitments';
import type { Storage } from '../storage/types';
import { HttpError, describeZod } from './errors';
import { historyRouter } from './history';

export interface ApiDeps {
  sessions: Sessions;
  organiserKeyHash: string;
  limiters: Pick<Limiters, 'joins' | 'failedJoins'>;
  storage: Storage;
  retention: Retention;
  commitments: Commitments;
}

/**
 * [L2] Joins are throttled per address: enough for a venue NAT full of phones, far too few to
 * guess codes. Failed joins count separately and block the address once spent.
 */
async function throttleJoin(
  req: Request,
  res: Response,
  limiters: ApiDeps['limiters'],
): Promise<void> {
  const ip = req.ip ?? 'unknown';
  const failed = await limiters.failedJoins.get(ip);
  if (failed && failed.remainingPoints <= 0) {
    res.setHeader('Retry-After', String(Math.ceil(failed.msBeforeNext / 1000)));
    throw new HttpError('rate_limited', 'Too many wrong codes from this network; try again later');
  }
  try {
    await limiters.joins.consume(ip);
  } catch (err) {
    if (!isLimited(err)) throw err;
    res.setHeader('Retry-After', String(retryAfter(err)));
    throw new HttpError('rate_limited', 'Too many joins from this network; try again in a moment');
  }
}

export function requireOrganiser(req: Request, keyHash: string): void {
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
    const { title, template, followUpOf, retentionDays, cardsPerParticipant, locale } = body.data;
    if (followUpOf !== undefined && !(await deps.storage.sessionById(followUpOf))) {
      throw new HttpError('not_found', 'The session to follow up does not exist');
    }
    const created = await deps.sessions.create(title, template, {
      followUpOf,
      retentionDays,
      cardsPerParticipant,
      locale,
      ...(followUpOf !== undefined && {
        seed: (doc) => deps.commitments.seedFollowUp(doc, followUpOf),
      }),
    });
    res.status(201).json(created);
  });

  router.post('/join', async (req, res) => {
    const body = JoinRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError('bad_request', describeZod(body.error));
    await throttleJoin(req, res, deps.limiters);
    const joined = await deps.sessions
      .join(normaliseJoinCode(body.data.code), body.data.name, body.data.device)
      .catch(async (err: unknown) => {
        await deps.limiters.failedJoins.consume(req.ip ?? 'unknown').catch(() => undefined);
        return fromSessionError(err);
      });
    res.json(joined);
  });

  router.use('/commitments', commitmentsRouter(deps.commitments, deps.sessions));

  router.use(
    '/history',
    historyRouter({
      storage: deps.storage,
      retention: deps.retention,
      requireOrganiser: (req) => requireOrganiser(req, deps.organiserKeyHash),
    }),
  );

  router.use((req, _res) => {
    throw new HttpError('not_found', `No API route ${req.method} ${req.path}`);
  });
  return router;
}
