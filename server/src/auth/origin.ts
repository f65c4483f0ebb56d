import type { IncomingMessage } from 'node:http';

/**
 * Cross-site WebSocket hijacking defence: browsers always send Origin on WebSocket and Socket.IO
 * handshakes, and a page on another site must not ride a participant's token. Same-origin pages,
 * configured origins and non-browser clients (no Origin header: stock Node providers) pass.
 */
export function originGuard(allowed: readonly string[]): (req: IncomingMessage) => boolean {
  const list = new Set(allowed.map((o) => o.toLowerCase().replace(/\/$/, '')));
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.host === req.headers.host) return true;
    return list.has(url.origin.toLowerCase());
  };
}
