import { SocketAuth, type SessionInfo } from '@trellis/shared';
import type { Limiters } from '../auth/limits';
import type { Broadcaster } from '../broadcaster';
import type { Logger } from '../log';
import type { Rooms } from '../rooms/rooms';
import type { Identity, Sessions } from '../sessions';
import { SessionError } from '../sessions';
import type { Workshop } from '../workshop/service';
import type { Commitments } from '../workshop/commitments';
import { facilitatorChannel, memberChannel, sessionChannel } from './channels';
import { MemberConnections } from './connections';
import type { TrellisIo, TrellisSocket } from './io';
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
    sockets.add(identity.member, socket);
    socket.on('disconnect', forget);
    socket.onAny(route);
    const channels = [sessionChannel(identity.session.id), memberChannel(identity.member.id)];
    if (identity.member.role === 'facilitator') {
      channels.push(facilitatorChannel(identity.session.id));
    }
    void socket.join(channels);
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
