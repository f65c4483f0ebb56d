import type http from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import type { ErrorRequestHandler } from 'express';
import { createProxyServer } from 'http-proxy-3';
import type { Logger } from '../log';
import { parseBoardTarget } from '../realtime/boardPath';
import { NotOwner, type Fleet } from './types';

/** Marks a forwarded request, so a node never forwards it again (no loops while a lease moves). */
const FORWARDED = 'x-trellis-forwarded';
const BOARD_PREFIX = '/yjs/';
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The session a request belongs to, when it must be served by the session's owner ([N5]): the
 * board WebSocket (/yjs/<id>), Socket.IO (`session` in its handshake query) and the session
 * routes that change a live session (DELETE /api/history/sessions/<id>/members/<member>: erasure).
 * History reads answer from the shared database on any node.
 */
export function sessionOf(req: http.IncomingMessage): string | undefined {
  const raw = req.url ?? '/';
  if (raw.startsWith(BOARD_PREFIX)) {
    const target = parseBoardTarget(raw, BOARD_PREFIX);
    return target.ok ? target.sessionId : undefined;
  }
  let url: URL;
  try {
    url = new URL(raw, 'http://local');
  } catch {
    return undefined;
  }
  const id = url.pathname.startsWith('/socket.io/')
    ? url.searchParams.get('session')
    : req.method !== 'GET' &&
      /^\/api\/history\/sessions\/([^/]+)\/members\//.exec(url.pathname)?.[1];
  return id && SESSION_ID.test(id) ? id : undefined;
}

type Upgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
type Request = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * Forwarding in front of a server's own request and upgrade listeners (Express, Socket.IO, the
 * board): a request for a session another node holds goes to that node's owner_url through
 * http-proxy-3, everything else to the listeners as before.
 */
export interface Forwarding {
  /** Stands in front of the server's listeners; call once every one of them is attached. */
  install(server: http.Server): void;
  /**
   * Express error handler: a route that found its session held by another node (NotOwner) is
   * sent there whole, its parsed JSON body with it (commitments kept or marked on a non-owner).
   */
  retryAtOwner: ErrorRequestHandler;
  /** A node stopping drops what it forwards: those clients reconnect, like its own. */
  close(): void;
}

export function forwardToOwners(fleet: Fleet, log: Logger): Forwarding {
  const proxy = createProxyServer({ xfwd: true, headers: { [FORWARDED]: '1' } });
  /** Forwarded WebSockets: upgraded, so neither the HTTP server nor ws would ever close them. */
  const tunnels = new Set<Duplex>();
  proxy.on('error', (err, req, target) => {
    log.info('forward failed', { url: req.url, err: String(err) });
    // A dead owner (its lease not yet run out): the client retries, as after any drop.
    if ('writeHead' in target && !target.headersSent) target.writeHead(502).end();
    else target.destroy();
  });

  /** The owner's URL when `req` must go there, else undefined (serve here). */
  const ownerOf = async (req: http.IncomingMessage): Promise<string | undefined> => {
    if (req.headers[FORWARDED] !== undefined) return undefined;
    const sessionId = sessionOf(req);
    return sessionId === undefined ? undefined : fleet.ownerElsewhere(sessionId);
  };

  const install = (server: http.Server): void => {
    const upgrades = server.listeners('upgrade') as Upgrade[];
    server.removeAllListeners('upgrade');
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      ownerOf(req).then(
        (target) => {
          if (!target) {
            for (const listener of upgrades) listener.call(server, req, socket, head);
            return;
          }
          tunnels.add(socket);
          socket.once('close', () => tunnels.delete(socket));
          proxy.ws(req, socket, head, { target });
        },
        (err: unknown) => {
          log.error('owner lookup failed', { err: String(err) });
          socket.destroy();
        },
      );
    });

    const requests = server.listeners('request') as Request[];
    server.removeAllListeners('request');
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      // Most requests name no session: they go on in this tick, as before.
      if (sessionOf(req) === undefined) {
        for (const listener of requests) listener.call(server, req, res);
        return;
      }
      ownerOf(req).then(
        (target) => {
          if (target) proxy.web(req, res, { target });
          else for (const listener of requests) listener.call(server, req, res);
        },
        (err: unknown) => {
          log.error('owner lookup failed', { err: String(err) });
          res.writeHead(503).end();
        },
      );
    });
  };

  const retryAtOwner: ErrorRequestHandler = (err, req, res, next) => {
    const forwarded = req.headers[FORWARDED] !== undefined;
    if (!(err instanceof NotOwner) || !err.ownerUrl || forwarded || res.headersSent) {
      next(err);
      return;
    }
    // express.json has read the body: send what it parsed.
    const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    if (body) req.headers['content-length'] = String(body.length);
    req.url = req.originalUrl;
    proxy.web(req, res, { target: err.ownerUrl, ...(body && { buffer: Readable.from([body]) }) });
  };

  return {
    install,
    retryAtOwner,
    close() {
      for (const socket of tunnels) socket.destroy();
      proxy.close();
    },
  };
}
