import type { Ack, ClientToServer } from '@trellis/shared';
import type { TrellisSocket } from './clients';

type Ev = keyof ClientToServer;

/** A Socket.IO request with its ack, as the web client sends it (errors come back, never thrown). */
export async function send<T>(sock: TrellisSocket, event: Ev, payload?: unknown): Promise<Ack<T>> {
  const untyped = sock as unknown as {
    emitWithAck: (e: string, ...a: unknown[]) => Promise<Ack<T>>;
  };
  return payload === undefined ? untyped.emitWithAck(event) : untyped.emitWithAck(event, payload);
}

/** The same, for requests that must succeed. */
export async function ok<T>(sock: TrellisSocket, event: Ev, payload?: unknown): Promise<T> {
  const res = await send<T>(sock, event, payload);
  if (!res.ok) throw new Error(`${event} refused: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** Resolves once the socket is connected (or rejects with its connect_error). */
export function connected(sock: TrellisSocket): Promise<void> {
  if (sock.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    sock.once('connect', () => resolve());
    sock.once('connect_error', reject);
  });
}
