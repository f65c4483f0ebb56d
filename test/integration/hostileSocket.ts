import crypto from 'node:crypto';
import net from 'node:net';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

/**
 * A WebSocket client written on a bare TCP socket, for what no client library does: it never
 * answers the server's close frame (it keeps sending instead), writes many frames in one TCP
 * write, or stops reading altogether.
 */
export interface HostileSocket {
  socket: net.Socket;
  /** Binary messages received, in order (only while reading). */
  messages: Buffer[];
  /** The server's close frame, once it arrives (never answered). */
  closeFrame: Promise<{ code: number; reason: string; at: number }>;
  /** When the TCP connection ended (the server destroyed it). */
  gone: Promise<number>;
  /** One masked binary frame per message, all in a single TCP write. */
  send(...messages: Uint8Array[]): void;
}

export interface HostileOptions {
  /** Stop reading right after the handshake: the server's writes pile up in its buffers. */
  noRead?: boolean;
}

export function hostileSocket(
  port: number,
  path: string,
  options: HostileOptions = {},
): Promise<HostileSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const key = crypto.randomBytes(16).toString('base64');
    const messages: Buffer[] = [];
    let pending = Buffer.alloc(0);
    let upgraded = false;
    let onCloseFrame!: (f: { code: number; reason: string; at: number }) => void;
    const closeFrame = new Promise<{ code: number; reason: string; at: number }>(
      (r) => (onCloseFrame = r),
    );
    const gone = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
    socket.on('error', () => undefined);

    const parseFrames = (): void => {
      for (;;) {
        if (pending.length < 2) return;
        const opcode = pending[0]! & 0x0f;
        let length = pending[1]! & 0x7f;
        let at = 2;
        if (length === 126) {
          if (pending.length < 4) return;
          length = pending.readUInt16BE(2);
          at = 4;
        } else if (length === 127) {
          if (pending.length < 10) return;
          length = Number(pending.readBigUInt64BE(2));
          at = 10;
        }
        if (pending.length < at + length) return;
        const payload = pending.subarray(at, at + length);
        pending = pending.subarray(at + length);
        if (opcode === 0x2) messages.push(Buffer.from(payload));
        if (opcode === 0x8) {
          onCloseFrame({
            code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
            reason: payload.subarray(2).toString('utf8'),
            at: Date.now(),
          });
        }
      }
    };

    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        pending = pending.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        if (options.noRead) socket.pause();
        resolve({ socket, messages, closeFrame, gone, send });
      }
      parseFrames();
    });

    const send = (...payloads: Uint8Array[]): void => {
      if (socket.destroyed) return;
      socket.write(Buffer.concat(payloads.map(maskedFrame)));
    };

    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

/** A client frame (RFC 6455 §5.2): FIN + binary, masked as every client frame must be. */
function maskedFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.alloc(header + 4 + length);
  frame[0] = 0x82;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = crypto.randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

/** A y-websocket sync message carrying a Yjs update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

/** A y-websocket SyncStep1 with an empty state vector: "send me the whole board". */
export function wholeBoardRequest(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(e, new Uint8Array([0]));
  return encoding.toUint8Array(e);
}

/** Resolves with `promise`, or rejects after `ms` (so a test on old code fails, not hangs). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms),
    ),
  ]);
}
