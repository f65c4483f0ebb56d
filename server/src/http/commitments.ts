import { Router, type Request } from 'express';
import { CommitmentRef, CommitmentStatusRequest } from '@trellis/shared';
import { SessionError, type Sessions } from '../sessions';
import type { Commitments } from '../workshop/commitments';
import { CommandError } from '../workshop/errors';
import { HttpError, describeZod } from './errors';

const asHttp = (err: unknown): never => {
  if (err instanceof CommandError || err instanceof SessionError) {
    throw new HttpError(err.code, err.message);
  }
  throw err;
};

const bearer = (req: Request): string | undefined =>
  /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];

/** A kept commitment, reached by its device token alone (PROTOCOL.md [K1], [K3]). */
export function commitmentsRouter(commitments: Commitments, sessions: Sessions): Router {
  const router = Router();
  /**
   * [K1] Keeping a link over HTTP with the participant's own token: unlike Socket.IO, this answers
   * after the session ended too, for as long as its data is kept, so a phone that did not keep its
   * link during the meeting still can on the ended screen.
   */
  router.post('/', async (req, res) => {
    const body = CommitmentRef.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError('bad_request', describeZod(body.error));
    const identity = await sessions
      .identify(bearer(req), undefined, { ended: 'allow' })
      .catch(asHttp);
    res.json(await commitments.keep(identity, body.data.cardId).catch(asHttp));
  });
  router.get('/:token', async (req, res) => {
    res.json(await commitments.view(req.params.token).catch(asHttp));
  });
  router.post('/:token/status', async (req, res) => {
    const body = CommitmentStatusRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError('bad_request', describeZod(body.error));
    res.json(await commitments.setStatus(req.params.token, body.data).catch(asHttp));
  });
  return router;
}
