import { Router } from 'express';
import { CommitmentStatusRequest } from '@trellis/shared';
import type { Commitments } from '../workshop/commitments';
import { CommandError } from '../workshop/errors';
import { HttpError, describeZod } from './errors';

const asHttp = (err: unknown): never => {
  if (err instanceof CommandError) throw new HttpError(err.code, err.message);
  throw err;
};

/** A kept commitment, reached by its device token alone (PROTOCOL.md [K1], [K3]). */
export function commitmentsRouter(commitments: Commitments): Router {
  const router = Router();
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
