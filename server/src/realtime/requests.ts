import type { EventEmitter } from 'node:events';
import {
  CLIENT_EVENTS,
  type Ack,
  type ClientEvent,
  type RequestPayload,
  type RequestResult,
} from '@trellis/shared';
import { z } from 'zod/mini';
import type { Logger } from '../log';
import { CommandError } from '../workshop/errors';
import type { TrellisSocket } from './io';

/** How the server answers one request: the schema its payload must pass, then the work. */
export interface Route<E extends ClientEvent> {
  schema: z.ZodMiniType<RequestPayload<E>>;
  run(payload: RequestPayload<E>): Promise<RequestResult<E>>;
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

const noReply = (): void => undefined;

/**
 * Registers a route: validates the payload, answers through the ack with data or an error code,
 * and never lets a throw escape into Socket.IO (PROTOCOL.md [S6]). Whatever a peer sends arrives
 * as `unknown`; the types come from `ClientToServer` once the schema has passed it.
 */
export function listen<E extends ClientEvent>(
  socket: TrellisSocket,
  log: Logger,
  event: E,
  { schema, run }: Route<E>,
): void {
  // What arrives is whatever the peer sent, so the listener takes `unknown` (Socket.IO's typed
  // `on` would claim the payload is already a `RequestPayload<E>`); the schema makes it one.
  const incoming: EventEmitter = socket;
  incoming.on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    const reply: (res: Ack<RequestResult<E>>) => void =
      typeof last === 'function' ? (res) => void last(res) : noReply;
    // A payload is JSON, never a function: a request that sends only its ack has none.
    const parsed = schema.safeParse(typeof args[0] === 'function' ? undefined : args[0]);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'invalid payload';
      reply({ ok: false, error: { code: 'bad_request', message } });
      return;
    }
    // Async, so a handler that throws before its first await still gets an error ack.
    (async () => run(parsed.data))().then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        if (!(err instanceof CommandError)) {
          log.error('socket handler failed', { event, err: String(err) });
          reply({ ok: false, error: { code: 'internal', message: 'something went wrong' } });
          return;
        }
        if (err.rule) {
          log.info('request refused', { member: socket.data.identity.member.id, rule: err.rule });
        }
        reply({ ok: false, error: { code: err.code, message: err.message } });
      },
    );
  });
}

/** Registers every route of the map. */
export function listenAll(socket: TrellisSocket, log: Logger, routes: Routes): void {
  const bind = <E extends ClientEvent>(event: E): void => listen(socket, log, event, routes[event]);
  for (const event of CLIENT_EVENTS) bind(event);
}
