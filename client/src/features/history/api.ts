import { ErrorBody, SessionList, type SessionSummary } from '@trellis/shared';
import type { ApiFailure, ApiResult, Schema } from '../../lib/api';

const auth = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });

// Used only when a proxy or crash answers without our error body.
const failureFor = (status: number): ApiFailure =>
  status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'unexpected';

async function failure(res: Response): Promise<{ ok: false; status: number; code: ApiFailure }> {
  const error = ErrorBody.safeParse(await res.json().catch(() => undefined));
  return {
    ok: false,
    status: res.status,
    code: error.success ? error.data.error.code : failureFor(res.status),
  };
}

/** GETs a history endpoint with the organiser key and validates the answer. */
export async function getJson<T>(
  path: string,
  schema: Schema<T>,
  key: string,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { Accept: 'application/json', ...auth(key) },
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
    });
  } catch {
    return { ok: false, status: 0, code: 'network' };
  }
  if (!res.ok) return failure(res);
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, status: res.status, code: 'unexpected' };
}

/** Past sessions, newest first: the history list and the organiser's follow-up choice. */
export async function listSessions(
  key: string,
  signal?: AbortSignal,
): Promise<ApiResult<SessionSummary[]>> {
  const res = await getJson('/api/history/sessions', SessionList, key, signal);
  return res.ok
    ? { ok: true, data: [...res.data.sessions].sort((a, b) => b.createdAt - a.createdAt) }
    : res;
}

/** DELETEs a history resource with the organiser key; the answer's body is not needed. */
export async function deleteWithKey(path: string, key: string): Promise<ApiResult<null>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'DELETE',
      headers: { Accept: 'application/json', ...auth(key) },
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, code: 'network' };
  }
  if (!res.ok) return failure(res);
  return { ok: true, data: null };
}

/**
 * Exports need the organiser key in a header, which a plain link cannot send: fetch the file and
 * hand it to the browser as a Blob download, so the key never goes into a URL.
 */
export async function downloadFile(
  path: string,
  key: string,
  filename: string,
): Promise<ApiResult<null>> {
  let res: Response;
  try {
    res = await fetch(path, { headers: auth(key), credentials: 'same-origin' });
  } catch {
    return { ok: false, status: 0, code: 'network' };
  }
  if (!res.ok) return failure(res);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; free the Blob a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, data: null };
}

/** Binary Yjs updates travel as base64 in JSON. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
