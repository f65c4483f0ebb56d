import type { Ack, ClientToServer } from '@trellis/shared';
import type { TrellisSocket } from './clients';

type Ev = keyof ClientToServer;

/** How long a test waits for an answer or a connection before it says which one it waited for. */
const WAIT_MS = 10_000;

/**
 * A Socket.IO request with its ack, as the web client sends it: refusals come back as acks; only
 * an answer that never comes throws, naming the event. Untyped on purpose: tests also send what
 * the typed client never would ([S6]).
 */
export async function send<T>(sock: TrellisSocket, event: Ev, payload?: unknown): Promise<Ack<T>> {
  const untyped = sock.timeout(WAIT_MS) as unknown as {
    emitWithAck: (e: string, ...a: unknown[]) => Promise<Ack<T>>;
  };
  try {
    return await (payload === undefined
      ? untyped.emitWithAck(event)
      : untyped.emitWithAck(event, payload));
  } catch (err) {
    throw new Error(`no answer to ${event} within ${WAIT_MS} ms`, { cause: err });
  }
}

/** The same, for requests that must succeed. */
export async function ok<T>(sock: TrellisSocket, event: Ev, payload?: unknown): Promise<T> {
  const res = await send<T>(sock, event, payload);
  if (!res.ok) throw new Error(`${event} refused: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** Resolves once the socket is connected (or rejects with its connect_error, or after a while). */
export function connected(sock: TrellisSocket): Promise<void> {
  if (sock.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`socket not connected within ${WAIT_MS} ms`)),
      WAIT_MS,
    );
    sock.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    sock.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
