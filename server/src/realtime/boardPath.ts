/**
 * Where a board upgrade wants to go, parsed without ever throwing: the path and query come from
 * anyone on the network, and an exception here (outside any request's error path) would stop the
 * whole process ([R10]).
 */
export type BoardTarget =
  { ok: true; sessionId: string; token: string | undefined } | { ok: false; reason: string };

/** Session ids are ours (base64url, 16 characters); anything else cannot name a session. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseBoardTarget(rawUrl: string | undefined, prefix: string): BoardTarget {
  let url: URL;
  try {
    url = new URL(rawUrl ?? '/', 'http://local');
  } catch {
    return { ok: false, reason: 'malformed URL' };
  }
  if (!url.pathname.startsWith(prefix)) return { ok: false, reason: 'not a board path' };
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(url.pathname.slice(prefix.length));
  } catch {
    return { ok: false, reason: 'malformed percent-encoding' };
  }
  if (!SESSION_ID.test(sessionId)) return { ok: false, reason: 'not a session id' };
  // URLSearchParams replaces bad escapes instead of throwing; a token is never that long.
  const token = url.searchParams.get('token') ?? undefined;
  if (token !== undefined && token.length > 200) return { ok: false, reason: 'token too long' };
  return { ok: true, sessionId, token };
}

/** Whether an upgrade belongs to the board endpoint at all (else Socket.IO's listener takes it). */
export function isBoardPath(rawUrl: string | undefined, prefix: string): boolean {
  return (rawUrl ?? '').startsWith(prefix);
}
