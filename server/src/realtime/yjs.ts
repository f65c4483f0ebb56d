import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocketServer, type RawData, WebSocket } from 'ws';
import { CloseCode, closeReason } from '@trellis/shared';
import type { Logger } from '../log';
import { isLimited, type Limiters } from '../auth/limits';
import type { Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import type { Rooms } from '../rooms/rooms';
import { MessageType } from '../rooms/messages';
import { sendBinary } from './frames';
import { isBoardPath, parseBoardTarget } from './boardPath';
import { SessionError, type Sessions } from '../sessions';

export const YJS_PATH = '/yjs/';
const SOCKET_IO_PATH = '/socket.io/';

/** A phone that stops reading must not make the server buffer the whole room for it. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

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
  limiters: Pick<Limiters, 'connection' | 'session'>;
  originAllowed: (req: IncomingMessage) => boolean;
}

export function attachYjs(
  server: Server,
  deps: YjsDeps & { maxMessageBytes: number },
): YjsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxMessageBytes });

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
      void serve(ws, target.sessionId, target.token, deps);
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
): Promise<void> {
  const connectionKey = `c${++connectionSeq}`;
  // Messages can arrive while the token is checked and the room loads; keep them in order.
  const early: RawData[] = [];
  const live: { handle?: (data: RawData) => void } = {};
  ws.on('message', (data) => (live.handle ? live.handle(data) : early.push(data)));
  ws.on('pong', () => ((ws as WebSocket & { trellisAlive?: boolean }).trellisAlive = true));
  ws.on('error', () => ws.terminate());

  let identity;
  try {
    identity = await deps.sessions.identify(token, sessionId);
  } catch (err) {
    const code = err instanceof SessionError ? closeCodeFor[err.code] : 1011;
    deps.log.info('board connection refused', { session: sessionId, code, err: String(err) });
    ws.close(code, err instanceof SessionError ? err.message : 'internal error');
    return;
  }
  if (ws.readyState !== WebSocket.OPEN) return;

  const peer: Peer = {
    member: identity.member,
    get closing() {
      return ws.readyState !== WebSocket.OPEN;
    },
    awarenessIds: new Set(),
    send(message) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(CloseCode.SlowConsumer, 'client is not reading; reconnect to resync');
        return;
      }
      sendBinary(ws, message);
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
        ws.close(code, closeReason(reason));
      }
    },
  };

  let room: Room;
  try {
    room = await deps.rooms.join(sessionId, peer);
  } catch (err) {
    deps.log.error('room load failed', { session: sessionId, err: String(err) });
    ws.close(1011, 'could not load the board');
    return;
  }
  ws.on('close', (code) => {
    deps.log.debug('yjs connection closed', { session: sessionId, member: peer.member.id, code });
    deps.rooms.leave(room, peer);
  });
  if (ws.readyState !== WebSocket.OPEN) {
    deps.rooms.leave(room, peer);
    return;
  }
  const limited = (err: unknown): void => {
    if (!isLimited(err)) return;
    deps.log.warn('rate limited', { session: sessionId, member: peer.member.id });
    peer.close(CloseCode.RateLimited, '[L1] too many messages; reconnect in a moment');
  };
  const handle = (data: RawData): void => {
    // [L1] Budgets are checked alongside, not before, so honest traffic pays no extra latency;
    // an offender gets at most this tick's messages through before it is closed.
    deps.limiters.connection.consume(connectionKey).catch(limited);
    deps.limiters.session.consume(sessionId).catch(limited);
    onMessage(room, peer, toBytes(data));
  };
  for (const data of early.splice(0)) handle(data);
  live.handle = handle;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function onMessage(room: Room, peer: Peer, data: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        switch (step) {
          case syncProtocol.messageYjsSyncStep1:
            room.syncReply(payload).then(
              (reply) => peer.send(reply),
              () => peer.close(CloseCode.BadMessage, '[R5] malformed state vector'),
            );
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
        peer.send(room.allAwareness());
        return;
      default:
        peer.close(CloseCode.BadMessage, `[R5] unknown message type ${type}`);
    }
  } catch {
    // lib0 throws on truncated varints and lengths past the end of the message.
    peer.close(CloseCode.BadMessage, '[R5] malformed message');
  }
}
