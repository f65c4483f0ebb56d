import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ClientToServer, ServerToClient } from '@trellis/shared';
import type { Identity } from '../sessions';
import type { MemberConnections } from './connections';

interface SocketData {
  identity: Identity;
}

export type TrellisIo = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
export type TrellisSocket = Socket<
  ClientToServer,
  ServerToClient,
  Record<string, never>,
  SocketData
>;

/**
 * The Socket.IO server on the app's HTTP server, with no handlers yet: built before the rooms and
 * the workshop service so their broadcaster exists when they are constructed.
 */
export function createIo(
  server: HttpServer,
  originAllowed: (req: IncomingMessage) => boolean,
): TrellisIo {
  return new Server(server, {
    serveClient: false,
    // [W1] Same origin check as the board socket, at the engine.io handshake.
    allowRequest: (req, callback) => callback(null, originAllowed(req)),
    maxHttpBufferSize: 64 * 1024,
    // /yjs/ upgrades are ours; engine.io must not destroy them.
    destroyUpgrade: false,
  });
}

/** Each server's sockets by member, registered by the session control that keeps them. */
const bySocketServer = new WeakMap<TrellisIo, MemberConnections<TrellisSocket>>();

export function registerMemberSockets(
  io: TrellisIo,
  sockets: MemberConnections<TrellisSocket>,
): void {
  bySocketServer.set(io, sockets);
}

/** A member's sockets on this server (none before the session control is attached). */
export const memberSockets = (io: TrellisIo, memberId: string): readonly TrellisSocket[] =>
  bySocketServer.get(io)?.of(memberId) ?? [];
