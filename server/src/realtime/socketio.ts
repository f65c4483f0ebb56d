import type { IncomingMessage } from 'node:http';
import { SocketAuth, type SessionInfo } from '@trellis/shared';
import type { Limiters } from '../auth/limits';
import type { Broadcaster } from '../broadcaster';
import type { Logger } from '../log';
import type { Rooms } from '../rooms/rooms';
import type { Identity, Sessions } from '../sessions';
import { SessionError } from '../sessions';
import type { Workshop } from '../workshop/service';
import type { Commitments } from '../workshop/commitments';
import { facilitatorChannel, sessionChannel } from './channels';
import { MemberConnections } from './connections';
import { memberRecords, sessionRecords } from './interned';
import { registerMemberSockets, type TrellisIo, type TrellisSocket } from './io';
import { ReactionCoalescer } from './reactions';
import { presenceFor } from './socketBroadcaster';
import { NoPayload, router, type Routes } from './requests';
import { workshopRoutes } from './workshopEvents';

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

/** Who you are, and the server's time so every screen counts a timer down in step. */
const sessionRoutes: Routes<'session:get' | 'clock'> = {
  'session:get': { schema: NoPayload, run: async (_, identity) => sessionInfo(identity) },
  clock: { schema: NoPayload, run: async () => ({ now: Date.now() }) },
};

/**
 * Session control and ephemeral signals. The board never travels here (DESIGN.md §2): this
 * channel says who you are, who is connected and what the server has saved.
 */
export function attachSessionControl(
  io: TrellisIo,
  deps: {
    sessions: Sessions;
    rooms: Rooms;
    log: Logger;
    limiters: Pick<Limiters, 'events' | 'limits'>;
    broadcast: Broadcaster;
    workshop: Workshop;
    commitments: Commitments;
  },
): void {
  const { limits } = deps.limiters;
  // The process's one coalescer: taps from every socket of a session share its window ([L4]).
  const reactions = new ReactionCoalescer(limits.reactionWindowMs, (sessionId, batch) =>
    deps.broadcast.reactions(sessionId, batch),
  );
  // [L5] Newest wins: a socket beyond the member's cap disconnects its oldest.
  const sockets = new MemberConnections<TrellisSocket>(limits.connectionsPerMember, (old) =>
    old.disconnect(true),
  );
  registerMemberSockets(io, sockets);

  io.use((socket, next) => {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error('unauthorized'));
    deps.sessions.identify(auth.data.token).then(
      ({ member, session }) => {
        // [S1] Nodes route a socket by the session its query names ([N5]): a query naming
        // another session than the token's would be routed to, and dropped with, the wrong one.
        const named = socket.handshake.query.session;
        if (named !== undefined && named !== session.id) return next(new Error('forbidden'));
        socket.data.identity = {
          member: memberRecords.intern(member),
          session: sessionRecords.intern(session),
        };
        next();
      },
      (err: unknown) => next(new Error(err instanceof SessionError ? err.code : 'internal')),
    );
  });

  // One listener and one disconnect handler for every socket, with the socket as `this`: a
  // socket holds no closures or route objects of its own (a participant's two connections are
  // what the server's memory per participant is made of).
  const route = router(
    { ...sessionRoutes, ...workshopRoutes({ ...deps, reactions }) },
    deps.log,
    (memberId) => deps.limiters.events.consume(memberId),
  );
  function forget(this: TrellisSocket): void {
    sockets.remove(this.data.identity.member.id, this);
  }

  io.on('connection', (socket: TrellisSocket) => {
    const { identity } = socket.data;
    forgetHandshake(socket);
    sockets.add(identity.member, socket);
    socket.on('disconnect', forget);
    socket.onAny(route);
    void socket.join(
      identity.member.role === 'facilitator'
        ? [sessionChannel(identity.session.id), facilitatorChannel(identity.session.id)]
        : sessionChannel(identity.session.id),
    );
    socket.emit('session', sessionInfo(identity));
    deps.rooms.presence(identity.session.id).then(
      (p) => socket.emit('presence', presenceFor(identity.member.role, p)),
      (err: unknown) => deps.log.error('presence failed', { err: String(err) }),
    );
    void greet(socket, identity, deps.workshop).catch((err: unknown) =>
      deps.log.error('greeting failed', { err: String(err) }),
    );
  });
}

type Handshake = TrellisSocket['handshake'];

/** Where every socket's handshake points once its identity is known. */
const FORGOTTEN: Handshake = Object.freeze({
  headers: Object.freeze({}),
  time: '',
  address: '',
  xdomain: false,
  secure: false,
  issued: 0,
  url: '',
  query: Object.freeze({}),
  auth: Object.freeze({}),
});

/**
 * engine.io's listener on the raw socket that re-emits its close on the upgrade's response object
 * (for engine middlewares, which Trellis has none of): it holds that response, and through it the
 * upgrade request with its headers, for as long as the connection lives.
 */
const ENGINE_RESPONSE_CLOSE = '() => this.emit("close")';

/**
 * The handshake (headers, URL, query, auth) and engine.io's upgrade request are read once, by the
 * middleware above; Socket.IO and engine.io keep them for the socket's life, ~1 KB per
 * participant. Only the session the query names stays.
 */
function forgetHandshake(socket: TrellisSocket): void {
  // A polling connection's first request may have lost its socket by now.
  const raw = (socket.conn.request as IncomingMessage | null)?.socket;
  for (const listener of raw?.listeners('close') ?? []) {
    if (String(listener) === ENGINE_RESPONSE_CLOSE) {
      raw!.removeListener('close', listener as () => void);
    }
  }
  // Forwarding reads the session a socket named ([N5], fleet's dropSessionSockets).
  const { session } = socket.handshake.query;
  (socket as { handshake: Handshake }).handshake =
    session === undefined ? FORGOTTEN : { ...FORGOTTEN, query: { session } };
  (socket.conn as { request: unknown }).request = null;
}

/** What a (re)connecting member needs beyond the board: its private cards, votes, own toggles and
 * the signal counts, to this socket only. */
async function greet(socket: TrellisSocket, identity: Identity, workshop: Workshop): Promise<void> {
  if (identity.member.role === 'participant') {
    socket.emit('private:mine', await workshop.myPrivate(identity));
    socket.emit('votes:mine', await workshop.myVotes(identity));
    socket.emit('signals:mine', workshop.mySignals(identity));
  }
  const { session, member } = identity;
  socket.emit('signals', await workshop.signalsFor(session.id, member.role));
}
