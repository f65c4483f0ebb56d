import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  CLIENT_EVENTS,
  SocketAuth,
  type ClientToServer,
  type ServerToClient,
  type SessionInfo,
} from '@trellis/shared';
import type { Limiters } from '../auth/limits';
import type { Logger } from '../log';
import type { Rooms } from '../rooms/rooms';
import type { Identity, Sessions } from '../sessions';
import { SessionError } from '../sessions';
import type { Workshop } from '../workshop/service';
import type { Commitments } from '../workshop/commitments';
import { facilitatorRoom, memberRoom, sessionRoom } from './rooms';
import { registerWorkshopHandlers } from './workshopEvents';
import { MemberConnections } from './connections';
import { ReactionCoalescer } from './reactions';

interface SocketData {
  identity: Identity;
  /** The process's one coalescer, reachable from every socket's handlers ([L4]). */
  reactions: ReactionCoalescer;
}

export type TrellisIo = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
export type TrellisSocket = Socket<
  ClientToServer,
  ServerToClient,
  Record<string, never>,
  SocketData
>;

export { memberRoom, sessionRoom } from './rooms';

const sessionInfo = ({ member, session }: Identity): SessionInfo => ({
  id: session.id,
  title: session.title,
  joinCode: session.joinCode,
  template: session.template,
  role: member.role,
  memberId: member.id,
  ...(member.name !== undefined && { name: member.name }),
  ended: session.endedAt !== null,
});

/**
 * Session control and ephemeral signals. The board never travels here (DESIGN.md §2): this
 * channel says who you are, who is connected and what the server has saved.
 */
export function attachSocketIo(
  server: HttpServer,
  deps: {
    sessions: Sessions;
    rooms: Rooms;
    log: Logger;
    limiters: Pick<Limiters, 'events' | 'limits'>;
    originAllowed: (req: IncomingMessage) => boolean;
    workshop: Workshop;
    commitments: Commitments;
  },
): TrellisIo {
  const io: TrellisIo = new Server(server, {
    serveClient: false,
    // [W1] Same origin check as the board socket, at the engine.io handshake.
    allowRequest: (req, callback) => callback(null, deps.originAllowed(req)),
    maxHttpBufferSize: 64 * 1024,
    // /yjs/ upgrades are ours; engine.io must not destroy them.
    destroyUpgrade: false,
  });

  const { limits } = deps.limiters;
  const reactions = new ReactionCoalescer(limits.reactionWindowMs, (sessionId, batch) =>
    io.to(sessionRoom(sessionId)).emit('reactions', batch),
  );
  // [L5] Newest wins: a socket beyond the member's cap disconnects its oldest.
  const sockets = new MemberConnections<TrellisSocket>(limits.connectionsPerMember, (old) =>
    old.disconnect(true),
  );

  io.use((socket, next) => {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error('unauthorized'));
    deps.sessions.identify(auth.data.token).then(
      (identity) => {
        socket.data.identity = identity;
        next();
      },
      (err: unknown) => next(new Error(err instanceof SessionError ? err.code : 'internal')),
    );
  });

  io.on('connection', (socket: TrellisSocket) => {
    const { identity } = socket.data;
    socket.data.reactions = reactions;
    const forget = sockets.add(identity.member, socket);
    socket.on('disconnect', forget);
    // [L3] Every event spends from the member's budget, whichever of its sockets it came
    // through; a flood gets error acks, not service.
    socket.use(([, ...args], next) => {
      deps.limiters.events.consume(identity.member.id).then(
        () => next(),
        () => {
          const ack = args.at(-1);
          if (typeof ack === 'function') {
            ack({ ok: false, error: { code: 'rate_limited', message: 'too many events' } });
          }
        },
      );
    });
    const rooms = [sessionRoom(identity.session.id), memberRoom(identity.member.id)];
    if (identity.member.role === 'facilitator') rooms.push(facilitatorRoom(identity.session.id));
    void socket.join(rooms);
    socket.emit('session', sessionInfo(identity));
    deps.rooms.presence(identity.session.id).then(
      (p) => socket.emit('presence', p),
      (err: unknown) => deps.log.error('presence failed', { err: String(err) }),
    );
    registerWorkshopHandlers(socket, deps.workshop, deps.commitments, deps.log);
    void greet(socket, identity, deps.workshop).catch((err: unknown) =>
      deps.log.error('greeting failed', { err: String(err) }),
    );

    socket.on('clock', (ack) => {
      if (typeof ack === 'function') ack({ ok: true, data: { now: Date.now() } });
    });

    socket.on('session:get', (ack) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, data: sessionInfo(identity) });
    });

    // A peer sending events we do not know gets an error ack (if it asked for one), not silence.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if ((CLIENT_EVENTS as readonly unknown[]).includes(event)) return;
      const ack = args.at(-1);
      if (typeof ack === 'function') {
        ack({
          ok: false,
          error: { code: 'bad_request', message: `unknown event ${String(event)}` },
        });
      }
    });
  });

  return io;
}

/** What a (re)connecting member needs beyond the board: its private cards, votes, own toggles and
 * everyone's signal counts. */
async function greet(socket: TrellisSocket, identity: Identity, workshop: Workshop): Promise<void> {
  if (identity.member.role === 'participant') {
    socket.emit('private:mine', await workshop.myPrivate(identity));
    socket.emit('votes:mine', await workshop.myVotes(identity));
    socket.emit('signals:mine', workshop.mySignals(identity));
  }
  await workshop.publishSignals(identity.session.id);
}
