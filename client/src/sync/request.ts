import type { Socket } from 'socket.io-client';
import type { ClientToServer, ErrorCode, ServerToClient } from '@trellis/shared';

/** The control channel, typed by the event maps both ends share. */
export type Control = Socket<ServerToClient, ClientToServer>;

/**
 * How long a request waits for its answer: the socket's `ackTimeout`. Set on the socket rather
 * than per call because socket.io types `timeout(ms).emitWithAck` as `any` (its acks gain an
 * error argument), while `emitWithAck` keeps the answer's type.
 */
export const ACK_TIMEOUT_MS = 8000;

/** What a request resolves with when no answer came in time: whether it was done is unknown. */
export const NO_ANSWER: { ok: false; error: { code: ErrorCode; message: string } } = {
  ok: false,
  error: { code: 'internal', message: 'no answer from the server' },
};

/**
 * Sends one request and resolves with the server's answer, typed by socket.io from the event
 * maps (`request(socket, 'vote', { cardId, delta })` answers `Ack<MyVotes>`), or with
 * `NO_ANSWER`. Never throws.
 */
export function request<E extends keyof ClientToServer>(
  socket: Control,
  ...call: Parameters<typeof socket.emitWithAck<E>>
) {
  return socket.emitWithAck<E>(...call).catch(() => NO_ANSWER);
}
