import {
  AnonCardInput,
  CardRef as AnonCardRef,
  FacilitatorCommand,
  PrivateCardInput,
  ReactionInput,
  SignalInput,
  VoteInput,
  type Ack,
} from '@trellis/shared';
import { z } from 'zod/mini';
import type { Logger } from '../log';
import type { Identity } from '../sessions';
import { CommandError } from '../workshop/errors';
import type { Commitments } from '../workshop/commitments';
import type { Workshop, WorkshopEvents } from '../workshop/service';
import type { TrellisIo, TrellisSocket } from './socketio';
import { facilitatorRoom, memberRoom, sessionRoom } from './rooms';

type AckFn<T> = (res: Ack<T>) => void;

// Module-level on purpose: a zod schema is several KB of objects, and built inside
// registerWorkshopHandlers it was built again for every socket (about 9 KB per participant).
const PrivateCardRef = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });
const CardRef = z.object({ cardId: z.string().check(z.minLength(1), z.maxLength(64)) });
const NoPayload = z.undefined();

/**
 * Wraps a handler: validates the payload with its schema, answers through the ack with data or
 * an error code, and never lets a throw escape into Socket.IO (PROTOCOL.md [S6]).
 */
function handle<S extends z.ZodMiniType, T>(
  socket: TrellisSocket,
  log: Logger,
  schema: S,
  run: (payload: z.infer<S>) => Promise<T>,
): (payload: unknown, ack: unknown) => void {
  return (payload, ack) => {
    const reply: AckFn<T> = typeof ack === 'function' ? (ack as AckFn<T>) : () => undefined;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reply({
        ok: false,
        error: {
          code: 'bad_request',
          message: parsed.error.issues[0]?.message ?? 'invalid payload',
        },
      });
      return;
    }
    run(parsed.data).then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        if (err instanceof CommandError) {
          if (err.rule)
            log.info('request refused', { member: socket.data.identity.member.id, rule: err.rule });
          reply({ ok: false, error: { code: err.code, message: err.message } });
        } else {
          log.error('socket handler failed', { err: String(err) });
          reply({ ok: false, error: { code: 'internal', message: 'something went wrong' } });
        }
      },
    );
  };
}

export function registerWorkshopHandlers(
  socket: TrellisSocket,
  workshop: Workshop,
  commitments: Commitments,
  log: Logger,
): void {
  const identity: Identity = socket.data.identity;
  const on = socket.on.bind(socket) as (
    event: string,
    fn: (payload: unknown, ack: unknown) => void,
  ) => void;
  on(
    'facilitate',
    handle(socket, log, FacilitatorCommand, async (cmd) => {
      await workshop.command(identity, cmd);
      return null;
    }),
  );
  on(
    'private:put',
    handle(socket, log, PrivateCardInput, (input) => workshop.putPrivate(identity, input)),
  );
  on(
    'private:delete',
    handle(socket, log, PrivateCardRef, ({ id }) => workshop.deletePrivate(identity, id)),
  );
  on(
    'anon:put',
    handle(socket, log, AnonCardInput, (input) => workshop.anon.put(identity, input)),
  );
  on(
    'anon:delete',
    handle(socket, log, AnonCardRef, ({ id }) => workshop.anon.delete(identity, id)),
  );
  on(
    'vote',
    handle(socket, log, VoteInput, (input) => workshop.vote(identity, input)),
  );
  on(
    'signal',
    handle(socket, log, SignalInput, async (input) => {
      await workshop.signal(identity, input);
      return null;
    }),
  );
  on(
    'commitment:keep',
    handle(socket, log, CardRef, ({ cardId }) => commitments.keep(identity, cardId)),
  );
  // No payload: Socket.IO passes the ack as the only argument.
  on('snapshots', (ack: unknown) =>
    handle(socket, log, NoPayload, () => workshop.listSnapshots(identity))(undefined, ack),
  );
  on(
    'react',
    handle(socket, log, ReactionInput, async (input) => {
      // [L4] Counted and sent with the session's other taps of this window, sender included.
      socket.data.reactions.add(identity.session.id, input.emoji);
      return null;
    }),
  );
}

/** The service's news, delivered to the right Socket.IO rooms. */
export function workshopEmitter(io: TrellisIo): WorkshopEvents {
  return {
    signals(sessionId, forFacilitators, forOthers) {
      io.to(sessionRoom(sessionId)).except(facilitatorRoom(sessionId)).emit('signals', forOthers);
      io.to(facilitatorRoom(sessionId)).emit('signals', forFacilitators);
    },
    privateMine(memberId, cards) {
      io.to(memberRoom(memberId)).emit('private:mine', cards);
    },
    votesMine(memberId, votes) {
      io.to(memberRoom(memberId)).emit('votes:mine', votes);
    },
    signalsMine(memberId, mine) {
      io.to(memberRoom(memberId)).emit('signals:mine', mine);
    },
    removed(memberId) {
      setTimeout(() => io.in(memberRoom(memberId)).disconnectSockets(true), 100).unref();
    },
    ended(sessionId) {
      // After the facilitator's ack has gone out; reconnecting then fails with `gone` ([S1]).
      setTimeout(() => io.in(sessionRoom(sessionId)).disconnectSockets(true), 100).unref();
    },
  };
}
