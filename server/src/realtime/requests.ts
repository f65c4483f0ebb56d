import {
  CLIENT_EVENTS,
  type Ack,
  type ClientEvent,
  type RequestPayload,
  type RequestResult,
} from '@trellis/shared';
import { z } from 'zod/mini';
import type { Logger } from '../log';
import type { Identity } from '../sessions';
import { CommandError } from '../workshop/errors';
import type { TrellisSocket } from './io';

/** How the server answers one request: the schema its payload must pass, then the work. */
export interface Route<E extends ClientEvent> {
  schema: z.ZodMiniType<RequestPayload<E>>;
  /** `identity` is the sender's: routes are built once for every socket, not one set per socket. */
  run(payload: RequestPayload<E>, identity: Identity): Promise<RequestResult<E>>;
}

/** One route per event of `ClientToServer`: an event without one does not compile. */
export type Routes<E extends ClientEvent = ClientEvent> = { [K in E]: Route<K> };

/** The schema of requests that send only their ack. */
export const NoPayload = z.undefined();

/** The answer of requests whose ack carries no data: `null` once `work` is done. */
export const done = async (work: Promise<void> | void): Promise<null> => {
  await work;
  return null;
};

type Reply = (res: Ack<unknown>) => void;
const noReply: Reply = () => undefined;
const isClientEvent = (event: unknown): event is ClientEvent =>
  (CLIENT_EVENTS as readonly unknown[]).includes(event);

/**
 * Answers one request: validates the payload, answers through the ack with data or an error
 * code, and never lets a throw escape into Socket.IO (PROTOCOL.md [S6]). Whatever a peer sends
 * arrives as `unknown`; the types come from `ClientToServer` once the schema has passed it.
 */
async function answer<E extends ClientEvent>(
  { schema, run }: Route<E>,
  payload: unknown,
  identity: Identity,
  reply: Reply,
  log: Logger,
  event: E,
): Promise<void> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'invalid payload';
    return reply({ ok: false, error: { code: 'bad_request', message } });
  }
  try {
    reply({ ok: true, data: await run(parsed.data, identity) });
  } catch (err) {
    if (!(err instanceof CommandError)) {
      log.error('socket handler failed', { event, err: String(err) });
      return reply({ ok: false, error: { code: 'internal', message: 'something went wrong' } });
    }
    if (err.rule) log.info('request refused', { member: identity.member.id, rule: err.rule });
    reply({ ok: false, error: { code: err.code, message: err.message } });
  }
}

/**
 * The one listener every socket gets (`socket.onAny`, which Socket.IO calls with the socket as
 * `this`): a socket holds no closures or route objects of its own. [L3] Every event first spends
 * from the member's budget, whichever of its sockets it came through; a flood gets error acks,
 * not service. [S5] An event we do not know gets `bad_request` (when it asked for an answer).
 */
export function router(
  routes: Routes,
  log: Logger,
  budget: (memberId: string) => Promise<unknown>,
): (this: TrellisSocket, event: unknown, ...args: unknown[]) => void {
  return function route(this: TrellisSocket, event: unknown, ...args: unknown[]): void {
    const last = args.at(-1);
    const reply: Reply = typeof last === 'function' ? (res) => void last(res) : noReply;
    const { identity } = this.data;
    budget(identity.member.id).then(
      () => {
        if (!isClientEvent(event)) {
          const message = `unknown event ${String(event)}`;
          return reply({ ok: false, error: { code: 'bad_request', message } });
        }
        // A payload is JSON, never a function: a request that sends only its ack has none.
        const payload = typeof args[0] === 'function' ? undefined : args[0];
        void answer(routes[event] as Route<typeof event>, payload, identity, reply, log, event);
      },
      () => reply({ ok: false, error: { code: 'rate_limited', message: 'too many events' } }),
    );
  };
}
