import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type ServerOptions, WebSocket } from 'ws';
import { CloseCode } from '@trellis/shared';
import { NotOwner } from '../fleet/types';
import type { Logger } from '../log';
import type { Limiters } from '../auth/limits';
import type { Rooms } from '../rooms/rooms';
import { BoardPeer, BoardSocket, type BoardDeps } from './boardPeer';
import { MemberConnections } from './connections';
import { memberRecords } from './interned';
import { isBoardPath, parseBoardTarget } from './boardPath';
import { SessionError, type Sessions } from '../sessions';

export const YJS_PATH = '/yjs/';
const SOCKET_IO_PATH = '/socket.io/';

const PING_INTERVAL_MS = 30_000;
/**
 * How long a connection the server closes may take to answer the close frame before its socket
 * is destroyed ([R11]); `ws` waits 30 s by default, and a client that never answers kept being
 * read all that time.
 */
const CLOSE_TIMEOUT_MS = 1000;

const closeCodeFor: Record<SessionError['code'], number> = {
  unauthorized: CloseCode.Unauthorized,
  forbidden: CloseCode.Forbidden,
  not_found: CloseCode.UnknownSession,
  gone: CloseCode.SessionEnded,
};

export interface YjsEndpoint {
  close(): void;
}

/**
 * The y-websocket protocol on `/yjs/<sessionId>?token=…`. Upgrades are always accepted and bad
 * tokens answered with a close code, because browsers cannot read the HTTP status of a refused
 * upgrade and the provider would otherwise retry forever.
 */
interface YjsDeps {
  sessions: Sessions;
  rooms: Rooms;
  log: Logger;
  limiters: Pick<Limiters, 'limits' | 'boardMember' | 'boardSession'>;
  originAllowed: (req: IncomingMessage) => boolean;
}

export function attachYjs(
  server: Server,
  deps: YjsDeps & { maxMessageBytes: number },
): YjsEndpoint {
  // `closeTimeout` (ws ≥ 8.19) is not in @types/ws yet.
  const options: ServerOptions<typeof BoardSocket> & { closeTimeout: number } = {
    noServer: true,
    maxPayload: deps.maxMessageBytes,
    closeTimeout: CLOSE_TIMEOUT_MS,
    WebSocket: BoardSocket,
  };
  const wss = new WebSocketServer<typeof BoardSocket>(options);
  const board: BoardDeps = {
    rooms: deps.rooms,
    log: deps.log,
    limiters: deps.limiters,
    // [L5] Newest wins: a connection beyond the member's cap closes its oldest.
    connections: new MemberConnections<BoardPeer>(
      deps.limiters.limits.connectionsPerMember,
      (old) =>
        old.close(CloseCode.Replaced, '[L5] replaced by a newer connection of the same member'),
    ),
  };
  const { messagesPerTick } = deps.limiters.limits;

  // Every connection's listeners, with the socket as `this` (ws built it as a BoardSocket): no
  // closures per connection.
  function onMessage(this: WebSocket, data: RawData): void {
    const ws = this as BoardSocket;
    if (ws.peer?.room) ws.peer.receive(data);
    // Nothing is read off early messages until the room is there: no more than one turn's worth.
    else if (ws.early && ws.early.length < messagesPerTick) ws.early.push(data);
    else if (ws.readyState === WebSocket.OPEN) {
      ws.close(CloseCode.RateLimited, '[L1] too many messages at once; reconnect in a moment');
    }
  }
  function onPong(this: WebSocket): void {
    (this as BoardSocket).alive = true;
  }
  function onError(this: WebSocket): void {
    this.terminate();
  }
  function onClose(this: WebSocket, code: number): void {
    const { peer } = this as BoardSocket;
    if (!peer) return;
    deps.log.debug('yjs connection closed', {
      session: peer.sessionId,
      member: peer.member.id,
      code,
    });
    peer.closed();
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node's HTTP server stops listening for errors on a socket it hands to 'upgrade': a peer
    // resetting the connection now would be an uncaught 'error' event and stop the process.
    socket.on('error', () => socket.destroy());
    if (!isBoardPath(req.url, YJS_PATH)) {
      // Socket.IO's own listener takes its path; nobody else would ever answer this socket.
      if (!isBoardPath(req.url, SOCKET_IO_PATH)) refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (!deps.originAllowed(req)) {
      // [W1] Refused before the upgrade: a cross-site page learns nothing, not even a close code.
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    const target = parseBoardTarget(req.url, YJS_PATH);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // A refused connection still reads frames until its close handshake ends; a bad one makes
      // ws emit 'error', which with no listener would stop the process.
      ws.on('error', onError);
      if (!target.ok) {
        // [R10] Browsers cannot read an upgrade's HTTP status: a close code says what was wrong.
        deps.log.info('board connection refused', {
          code: CloseCode.BadMessage,
          err: target.reason,
        });
        ws.close(CloseCode.BadMessage, `[R10] ${target.reason}`);
        return;
      }
      ws.on('message', onMessage);
      ws.on('pong', onPong);
      ws.on('close', onClose);
      void serve(ws, target.sessionId, target.token, deps.sessions, board);
    });
  };
  server.on('upgrade', onUpgrade);

  const ping = setInterval(() => {
    for (const ws of wss.clients) {
      if (!ws.alive) {
        ws.terminate();
        continue;
      }
      ws.alive = false;
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  ping.unref();

  return {
    close() {
      clearInterval(ping);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Checks the token, joins the room, then hands over the messages that arrived meanwhile. */
async function serve(
  ws: BoardSocket,
  sessionId: string,
  token: string | undefined,
  sessions: Sessions,
  deps: BoardDeps,
): Promise<void> {
  let identity;
  try {
    identity = await sessions.identify(token, sessionId);
  } catch (err) {
    const code = err instanceof SessionError ? closeCodeFor[err.code] : CloseCode.InternalError;
    deps.log.info('board connection refused', { session: sessionId, code, err: String(err) });
    ws.close(code, err instanceof SessionError ? err.message : 'internal error');
    return;
  }
  if (ws.readyState !== WebSocket.OPEN) return;
  const peer = new BoardPeer(ws, memberRecords.intern(identity.member), sessionId, deps);
  ws.peer = peer;
  deps.connections.add(identity.member, peer);
  try {
    peer.room = await deps.rooms.join(sessionId, peer);
  } catch (err) {
    if (err instanceof NotOwner) {
      // Until forwarding: the stock provider reconnects after 1012 ([N1]).
      ws.close(CloseCode.ServiceRestart, 'the session is held by another node');
      return;
    }
    deps.log.error('room load failed', { session: sessionId, err: String(err) });
    ws.close(CloseCode.InternalError, 'could not load the board');
    return;
  }
  // Closed while the room loaded: out again at once.
  if (peer.closing) {
    peer.leave();
    return;
  }
  const early = ws.early ?? [];
  ws.early = undefined;
  for (const data of early) peer.receive(data);
}
