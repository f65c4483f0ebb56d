import net from 'node:net';

/**
 * Byte-level HTTP and WebSocket for hostile tests: requests and frames no well-behaved client
 * library would send (unmasked frames, broken headers, resets half-way through an upgrade).
 */
export interface Exchange {
  /** Everything the server sent, as latin1 text (bytes kept one to one). */
  text: string;
  bytes: Buffer;
}

export interface ExchangeOptions {
  /** Written once the server has answered with a full header block (a 101, say). */
  then?: Buffer[];
  /** Gives up waiting for the server to close after this long. */
  waitMs?: number;
  /** Ends with a TCP RST instead of a FIN, as a phone losing the network would. */
  reset?: boolean;
}

export const WS_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

export function rawTcp(port: number) {
  const host = `127.0.0.1:${port}`;
  return {
    /** Writes `request` on a fresh connection; resolves when the server closes or after `waitMs`. */
    exchange(request: string | Buffer, options: ExchangeOptions = {}): Promise<Exchange> {
      const { then, waitMs = 700, reset = false } = options;
      return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        const sock = net.connect(port, '127.0.0.1');
        let followed = false;
        const finish = (): void => {
          clearTimeout(timer);
          if (reset) sock.resetAndDestroy();
          else sock.destroy();
          const bytes = Buffer.concat(chunks);
          resolve({ bytes, text: bytes.toString('latin1') });
        };
        const timer = setTimeout(finish, waitMs);
        sock.on('error', () => undefined);
        sock.on('close', finish);
        sock.on('data', (d: Buffer) => {
          chunks.push(d);
          if (then && !followed && Buffer.concat(chunks).includes('\r\n\r\n')) {
            followed = true;
            for (const b of then) sock.write(b);
          }
        });
        sock.write(request);
      });
    },

    /** An upgrade request; `headers` replace the defaults, or drop them with null. */
    upgrade(path: string, headers: Record<string, string | string[] | null> = {}): Buffer {
      const all: Record<string, string | string[] | null> = {
        Host: host,
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Key': WS_KEY,
        'Sec-WebSocket-Version': '13',
        ...headers,
      };
      const lines = Object.entries(all).flatMap(([k, v]) =>
        v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`),
      );
      return Buffer.from(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    },

    get(path: string, headers: Record<string, string> = {}): Buffer {
      return request('GET', host, path, Buffer.alloc(0), headers);
    },

    post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Buffer {
      const payload = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
      return request('POST', host, path, payload, {
        'Content-Type': 'text/plain;charset=UTF-8',
        'Content-Length': String(payload.length),
        ...headers,
      });
    },
  };
}

function request(
  method: string,
  host: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Buffer {
  const head = Object.entries({ Host: host, Connection: 'close', ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return Buffer.concat([
    Buffer.from(`${method} ${path} HTTP/1.1\r\n${head}\r\n\r\n`, 'latin1'),
    body,
  ]);
}

/** A client WebSocket frame; clients must mask, so `mask: false` is itself a protocol error. */
export function frame(
  payload: string | Buffer,
  { opcode = 1, mask = true, rsv = 0 }: { opcode?: number; mask?: boolean; rsv?: number } = {},
): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const m = mask ? 0x80 : 0;
  const head = Buffer.alloc(10);
  head[0] = 0x80 | (rsv << 4) | opcode;
  let headLength = 2;
  if (data.length < 126) head[1] = m | data.length;
  else if (data.length < 65536) {
    head[1] = m | 126;
    head.writeUInt16BE(data.length, 2);
    headLength = 4;
  } else {
    head[1] = m | 127;
    head.writeBigUInt64BE(BigInt(data.length), 2);
    headLength = 10;
  }
  if (!mask) return Buffer.concat([head.subarray(0, headLength), data]);
  const key = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(data.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([head.subarray(0, headLength), key, masked]);
}

/** Frames no client may send: each one makes the receiving `ws` emit 'error'. */
export const hostileFrames = (): Buffer[][] => [
  [frame('hi', { mask: false })],
  [frame('x', { rsv: 4 })],
  [frame('x', { opcode: 3 })],
  [frame(Buffer.from([0xff, 0xfe, 0xfd]))],
  [frame(Buffer.from([0x03, 0xe8, 0xff]), { opcode: 8 })],
  [frame(Buffer.from([0x00, 0x01]), { opcode: 8 })],
  [Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
  [frame('a'.repeat(200), { opcode: 9 })],
];

export const statusOf = (e: Exchange): number =>
  Number(/^HTTP\/1\.[01] (\d{3})/.exec(e.text)?.[1] ?? 0);

/** The close code of the first frame after a 101, if that frame is a close. */
export function closeCodeOf(e: Exchange): number | undefined {
  const start = e.bytes.indexOf('\r\n\r\n');
  const f = e.bytes.subarray(start + 4);
  if (start < 0 || f.length < 4 || (f[0]! & 0x0f) !== 8) return undefined;
  return f.readUInt16BE(2);
}
