import { ErrorBody, type ErrorCode } from '@trellis/shared';

/** The structural part of a zod schema we rely on, so this module needs no zod import. */
export interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

export type ApiFailure = ErrorCode | 'network' | 'unexpected';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: ApiFailure };

// Used only when a proxy or crash answers without our error body.
const codeForStatus = (status: number): ApiFailure => {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 410:
      return 'gone';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    default:
      return 'unexpected';
  }
};

/** POSTs JSON and validates whatever comes back; a peer's bytes are never cast to a type. */
export function postJson<T>(
  path: string,
  body: unknown,
  schema: Schema<T>,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return request(path, schema, 'POST', { 'Content-Type': 'application/json', ...headers }, body);
}

/** GETs JSON that needs no organiser key (the history pages add theirs in their own helper). */
export function getJson<T>(path: string, schema: Schema<T>): Promise<ApiResult<T>> {
  return request(path, schema, 'GET', {});
}

async function request<T>(
  path: string,
  schema: Schema<T>,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: unknown,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, code: 'network' };
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (res.ok) {
    const parsed = schema.safeParse(json);
    return parsed.success
      ? { ok: true, data: parsed.data }
      : { ok: false, status: res.status, code: 'unexpected' };
  }
  const error = ErrorBody.safeParse(json);
  return {
    ok: false,
    status: res.status,
    code: error.success ? error.data.error.code : codeForStatus(res.status),
  };
}
