import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocketServer, type RawData, type ServerOptions, WebSocket } from 'ws';
import { CloseCode } from '@trellis/shared';
import { oncePerCause, type Logger } from '../log';
import { isLimited, type Limiters } from '../auth/limits';
import type { Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import type { Rooms } from '../rooms/rooms';
import { MessageType } from '../rooms/messages';
import { boardPeer, TurnBudget } from './boardPeer';
import { MemberConnections } from './connections';
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
  limiters: Pick<Limiters, 'limits' | 'boardMember' | 'boardSession' | 'syncRequests'>;
  originAllowed: (req: IncomingMessage) => boolean;
}

export function attachYjs(
  server: Server,
  deps: YjsDeps & { maxMessageBytes: number },
): YjsEndpoint {
  // `closeTimeout` (ws ≥ 8.19) is not in @types/ws yet.
  const options: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    maxPayload: deps.maxMessageBytes,
    closeTimeout: CLOSE_TIMEOUT_MS,
  };
  const wss = new WebSocketServer(options);
  // [L5] Newest wins: a connection beyond the member's cap closes its oldest.
  const connections = new MemberConnections<Peer>(
    deps.limiters.limits.connectionsPerMember,
    (old) =>
      old.close(CloseCode.Replaced, '[L5] replaced by a newer connection of the same member'),
  );

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
      ws.on('error', () => ws.terminate());
      if (!target.ok) {
        // [R10] Browsers cannot read an upgrade's HTTP status: a close code says what was wrong.
        deps.log.info('board connection refused', {
          code: CloseCode.BadMessage,
          err: target.reason,
        });
        ws.close(CloseCode.BadMessage, `[R10] ${target.reason}`);
        return;
      }
      void serve(ws, target.sessionId, target.token, deps, connections);
    });
  };
  server.on('upgrade', onUpgrade);

  const ping = setInterval(() => {
    for (const ws of wss.clients) {
      const alive = ws as WebSocket & { trellisAlive?: boolean };
      if (alive.trellisAlive === false) {
        ws.terminate();
        continue;
      }
      alive.trellisAlive = false;
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

let connectionSeq = 0;

async function serve(
  ws: WebSocket,
  sessionId: string,
  token: string | undefined,
  deps: YjsDeps,
  connections: MemberConnections<Peer>,
): Promise<void> {
  const connectionKey = `c${++connectionSeq}`;
  const { limits } = deps.limiters;
  // Messages can arrive while the token is checked and the room loads; keep them in order, but
  // no more than one turn's worth: nothing is read off them until the room is there.
  const early: RawData[] = [];
  const live: { handle?: (data: RawData) => void } = {};
  ws.on('message', (data) => {
    if (live.handle) live.handle(data);
    else if (early.length < limits.messagesPerTick) early.push(data);
    else if (ws.readyState === WebSocket.OPEN) {
      ws.close(CloseCode.RateLimited, '[L1] too many messages at once; reconnect in a moment');
    }
  });
  ws.on('pong', () => ((ws as WebSocket & { trellisAlive?: boolean }).trellisAlive = true));
  ws.on('error', () => ws.terminate());

  let identity;
  try {
    identity = await deps.sessions.identify(token, sessionId);
  } catch (err) {
    const code = err instanceof SessionError ? closeCodeFor[err.code] : CloseCode.InternalError;
    deps.log.info('board connection refused', { session: sessionId, code, err: String(err) });
    ws.close(code, err instanceof SessionError ? err.message : 'internal error');
    return;
  }
  if (ws.readyState !== WebSocket.OPEN) return;
  const { member } = identity;
  const causes = oncePerCause(deps.log, { session: sessionId, member: member.id });

  // [R11] Leaving the room happens when the server decides to close, not when the client
  // finishes the handshake: a client that never answers gets nothing more from the room.
  let leave = (): void => undefined;
  const peer = boardPeer(ws, member, {
    sendBufferBytes: limits.sendBufferBytes,
    onClosing(code, reason) {
      deps.log.debug('closing board connection', {
        session: sessionId,
        member: member.id,
        code,
        reason,
      });
      leave();
    },
  });
  const forget = connections.add(member, peer);
  ws.on('close', (code) => {
    deps.log.debug('yjs connection closed', { session: sessionId, member: member.id, code });
    forget();
    leave();
    causes.done();
  });

  let room: Room;
  try {
    room = await deps.rooms.join(sessionId, peer);
  } catch (err) {
    deps.log.error('room load failed', { session: sessionId, err: String(err) });
    ws.close(CloseCode.InternalError, 'could not load the board');
    return;
  }
  let left = false;
  leave = () => {
    if (left) return;
    left = true;
    deps.rooms.leave(room, peer);
  };
  if (peer.closing) {
    leave();
    return;
  }

  const limited = (err: unknown): void => {
    if (!isLimited(err)) return;
    causes.warn('rate limited');
    peer.close(CloseCode.RateLimited, '[L1] too many messages; reconnect in a moment');
  };
  const turn = new TurnBudget(limits.messagesPerTick);
  /** Sync step 1 and awareness queries cost a reply the size of the room: budgeted apart. */
  const reply = (build: () => Promise<Uint8Array | undefined>): void => {
    deps.limiters.syncRequests
      .consume(connectionKey)
      .then(
        () => (peer.closing ? undefined : build()),
        (err: unknown) => {
          if (!isLimited(err)) return undefined;
          causes.warn('rate limited', { cause: 'sync requests' });
          peer.close(CloseCode.RateLimited, '[L1] too many sync requests; reconnect in a moment');
          return undefined;
        },
      )
      .then(
        (message) => {
          if (message && !peer.closing) peer.send(message);
        },
        () => peer.close(CloseCode.BadMessage, '[R5] malformed state vector'),
      );
  };
  const handle = (data: RawData): void => {
    // [R11] Decided to close: not applied, not answered, not counted, not logged.
    if (peer.closing) return;
    if (!turn.take()) {
      causes.warn('rate limited', { cause: 'messages per turn' });
      peer.close(CloseCode.RateLimited, '[L1] too many messages at once; reconnect in a moment');
      return;
    }
    // [L1] Budgets are checked alongside, not before, so honest traffic pays no extra latency;
    // the turn budget above bounds what gets through before a refusal lands.
    deps.limiters.boardMember.consume(member.id).catch(limited);
    deps.limiters.boardSession.consume(sessionId).catch(limited);
    onMessage(room, peer, toBytes(data), reply);
  };
  for (const data of early.splice(0)) handle(data);
  live.handle = handle;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function onMessage(
  room: Room,
  peer: Peer,
  data: Uint8Array,
  reply: (build: () => Promise<Uint8Array | undefined>) => void,
): void {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        switch (step) {
          case syncProtocol.messageYjsSyncStep1:
            reply(async () => {
              await room.settled();
              // Closed while the log caught up: no board-sized reply for a peer that is gone.
              return peer.closing ? undefined : room.syncReply(payload);
            });
            return;
          case syncProtocol.messageYjsSyncStep2:
          case syncProtocol.messageYjsUpdate:
            room.receiveUpdate(peer, payload);
            return;
          default:
            peer.close(CloseCode.BadMessage, `[R5] unknown sync step ${step}`);
            return;
        }
      }
      case MessageType.Awareness:
        room.receiveAwareness(peer, decoding.readVarUint8Array(decoder));
        return;
      case MessageType.QueryAwareness:
        reply(() => Promise.resolve(room.allAwareness()));
        return;
      default:
        peer.close(CloseCode.BadMessage, `[R5] unknown message type ${type}`);
    }
  } catch {
    // lib0 throws on truncated varints and lengths past the end of the message.
    peer.close(CloseCode.BadMessage, '[R5] malformed message');
  }
}
