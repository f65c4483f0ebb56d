import type { ErrorRequestHandler, Response } from 'express';
import type { ErrorCode } from '@trellis/shared';
import type { z } from 'zod/mini';
import type { Logger } from '../log';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  payload_too_large: 413,
  rate_limited: 429,
  limit_reached: 403,
  internal: 500,
};

export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const sendError = (res: Response, code: ErrorCode, message: string): void => {
  res.status(statusOf[code]).json({ error: { code, message } });
};

export const describeZod = (err: z.core.$ZodError): string =>
  err.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');

/** Last handler: every failure leaves as `{"error":{code,message}}`, internals never leak. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) return sendError(res, err.code, err.message);
    const type = (err as { type?: unknown }).type;
    if (type === 'entity.parse.failed')
      return sendError(res, 'invalid_json', 'Body is not valid JSON');
    if (type === 'entity.too.large')
      return sendError(res, 'payload_too_large', 'Body is too large');
    if (typeof (err as { status?: unknown }).status === 'number') {
      const status = (err as { status: number }).status;
      if (status >= 400 && status < 500) return sendError(res, 'bad_request', 'Bad request');
    }
    log.error('unhandled request error', { err: String(err) });
    sendError(res, 'internal', 'Something went wrong on the server');
  };
}
