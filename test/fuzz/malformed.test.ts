import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, listCards } from '@trellis/shared';
import { io } from 'socket.io-client';
import { provider } from '../helpers/clients';
import { killHard, spawnServer, type ServerProcess } from '../helpers/process';
import {
  closeCodeOf,
  frame,
  hostileFrames,
  rawTcp,
  statusOf,
  WS_KEY,
  type Exchange,
} from '../helpers/rawTcp';
import { createSession, eventually, join, tempDir } from '../helpers/server';

/**
 * [R10] at the process level: the real server process gets a corpus of malformed upgrades,
 * handshakes, packets and resets, byte by byte over raw TCP where a real client would refuse to
 * send them. Whatever arrives, the process stays up, `/api/health` answers and a stock provider
 * still syncs. A throw outside a request's error path ends the process, so one bad case is enough
 * to fail every later check.
 */
let server: ServerProcess;
let tcp: ReturnType<typeof rawTcp>;
let sessionId: string;
let facilitatorToken: string;
let participantToken: string;
/** A second participant's token for the corpus, so per-member caps never touch the watcher. */
let fuzzToken: string;
let watcher: ReturnType<typeof provider>;
let watcherDrops = 0;
let probes = 0;

beforeAll(async () => {
  server = await spawnServer(tempDir());
  tcp = rawTcp(Number(new URL(server.url).port));
  const created = await createSession(server.url, 'Fuzzed at the door');
  sessionId = created.id;
  facilitatorToken = created.facilitatorToken;
  participantToken = (await join(server.url, created.joinCode, 'Ana')).token;
  fuzzToken = (await join(server.url, created.joinCode, 'Mallory')).token;
  // An honest phone connected throughout: nothing the corpus does may disconnect it.
  watcher = provider(server.wsUrl, sessionId, participantToken);
  await watcher.synced;
  watcher.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') watcherDrops++;
  });
});

afterAll(async () => {
  watcher?.provider.destroy();
  if (server) await killHard(server);
});

/** The process is alive, healthy, and a fresh stock provider's card reaches the watcher. */
async function stillServing(): Promise<void> {
  expect(server.child.exitCode, server.output().slice(-2000)).toBeNull();
  expect(server.child.signalCode).toBeNull();
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status).toBe(200);
  const fac = provider(server.wsUrl, sessionId, facilitatorToken);
  try {
    await fac.synced;
    const id = `probe-${++probes}`;
    addCard(fac.doc, { id, kind: 'note', text: 'still here' });
    await eventually(() => expect(listCards(watcher.doc).map((c) => c.id)).toContain(id));
  } finally {
    fac.provider.destroy();
  }
  expect(watcherDrops).toBe(0);
}

/** Refused cleanly: an HTTP 4xx, or a 101 whose first frame closes with a 44xx code. */
function expectRefused(e: Exchange, what: string): void {
  const code = statusOf(e);
  if (code === 101) {
    expect(closeCodeOf(e), `${what}: close code`).toBeGreaterThanOrEqual(4400);
    expect(closeCodeOf(e), `${what}: close code`).toBeLessThan(4500);
  } else {
    expect(code, `${what}: status`).toBeGreaterThanOrEqual(400);
    expect(code, `${what}: status`).toBeLessThan(500);
  }
}

describe('[R10] a malformed-input corpus never stops the server process', () => {
  it('[R10] malformed board upgrade paths are refused, even when followed by hostile frames', async () => {
    const paths = [
      '/yjs/%E0%A4%A',
      '/yjs/%',
      '/yjs/%%',
      '/yjs/%zz',
      '/yjs/%C0%AF',
      '/yjs/',
      `/yjs/${'a'.repeat(8000)}`,
      `/yjs/${'%25'.repeat(2000)}`,
      '/yjs/a%00b',
      '/yjs/..',
      '/yjs/../socket.io/',
      '/yjs/..%2F..%2Fetc%2Fpasswd',
      '/yjs/%2e%2e/%2e%2e',
      '/yjs/a/b/c',
      '/yjs/\u00e9t\u00e9',
      '/yjs/__proto__',
      '/yjs/constructor',
      `/yjs/${sessionId}%`,
      `/yjs/${sessionId}/..`,
    ];
    for (const frames of [[], ...hostileFrames()]) {
      const answers = await Promise.all(
        paths.map((p) =>
          tcp.exchange(tcp.upgrade(Buffer.from(p, 'utf8').toString('latin1')), { then: frames }),
        ),
      );
      answers.forEach((a, i) => expectRefused(a, paths[i]!));
    }
    // Bytes Node's HTTP parser refuses, and paths nobody serves.
    for (const raw of ['/yjs/a\u0000b', '/yjs/a b', '/yjs/\u0001']) {
      expect(statusOf(await tcp.exchange(tcp.upgrade(raw)))).toBeGreaterThanOrEqual(400);
    }
    for (const p of [
      '/nope',
      '/',
      '/api/health',
      '//yjs/x',
      '/yjsx',
      '/socket.io',
      '*',
      'http://evil/yjs/x',
    ]) {
      expectRefused(await tcp.exchange(tcp.upgrade(p), { then: hostileFrames()[0] }), p);
    }
    await stillServing();
  });

  it('[R10] malformed query strings on the board path are refused', async () => {
    const base = `/yjs/${sessionId}`;
    const queries = [
      '?token=%E0%A4%A',
      '?token=%',
      '?token=%00',
      '?token=a&token=b',
      `?token=${fuzzToken}&token=${fuzzToken}`,
      `?token=x&token=${fuzzToken}`,
      `?token=${'x'.repeat(10_000)}`,
      `?token=${'%41'.repeat(3000)}`,
      '?token[]=x&token[a]=y',
      '?%',
      '?&&&=&=',
      '?token',
      '?token=',
      `?${'a=1&'.repeat(2000)}`,
    ];
    for (const frames of [[], ...hostileFrames()]) {
      const answers = await Promise.all(
        queries.map((q) => tcp.exchange(tcp.upgrade(base + q), { then: frames })),
      );
      answers.forEach((a, i) => expect(statusOf(a), queries[i]!.slice(0, 60)).toBeGreaterThan(0));
    }
    expect(statusOf(await tcp.exchange(tcp.upgrade(`${base}?token=${'x'.repeat(70_000)}`)))).toBe(
      431,
    );
    await stillServing();
  });

  it('[R10] odd upgrade headers on /yjs/ and /socket.io/ are answered, never thrown', async () => {
    const targets = [
      `/yjs/${sessionId}?token=${fuzzToken}`,
      '/yjs/%',
      '/socket.io/?EIO=4&transport=websocket',
    ];
    const variants: Record<string, string | string[] | null>[] = [
      { 'Sec-WebSocket-Key': null },
      { 'Sec-WebSocket-Key': 'short' },
      { 'Sec-WebSocket-Key': '!!!!!!!!!!!!!!!!!!!!!!==' },
      { 'Sec-WebSocket-Key': [WS_KEY, WS_KEY] },
      { 'Sec-WebSocket-Version': null },
      { 'Sec-WebSocket-Version': '8' },
      { 'Sec-WebSocket-Version': 'garbage' },
      { 'Sec-WebSocket-Version': ['13', '13'] },
      { 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits=99; x=' },
      { 'Sec-WebSocket-Extensions': ';;;,,,' },
      { 'Sec-WebSocket-Protocol': ', , ,' },
      { Origin: 'null' },
      { Origin: 'garbage' },
      { Origin: 'http://[' },
      { Origin: '\u00ff\u00fe' },
      { Origin: ['http://a', 'http://b'] },
      { Origin: server.url, Host: null },
      { Host: null },
      { Host: '' },
      { Host: ['a', 'b'] },
      { Host: '[' },
      { Upgrade: 'garbage' },
      { Upgrade: ['websocket', 'websocket'] },
      { Connection: 'close' },
      { 'X-Huge': 'x'.repeat(20_000) },
      Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`X-H${i}`, 'y'])),
      { 'Transfer-Encoding': 'chunked' },
      { 'Content-Length': '99999' },
    ];
    for (const target of targets) {
      const answers = await Promise.all(
        variants.map((v) => tcp.exchange(tcp.upgrade(target, v), { then: hostileFrames()[0] })),
      );
      answers.forEach((a, i) =>
        expect(
          a.text.startsWith('HTTP/1.1') || a.bytes.length === 0,
          `${target} ${JSON.stringify(variants[i]).slice(0, 80)}`,
        ).toBe(true),
      );
    }
    // Not even an HTTP request.
    await tcp.exchange(Buffer.from('\u0016\u0003\u0001\u0000\u00a5garbage TLS hello', 'latin1'));
    await tcp.exchange(
      `GET /yjs/${sessionId} HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    );
    await tcp.exchange(`GET /yjs/${sessionId} HTTP/9.9\r\n\r\n`);
    await stillServing();
  });

  it('[R10] Socket.IO handshakes, polling bodies, packets and CONNECT auth payloads', async () => {
    const polling = '/socket.io/?EIO=4&transport=polling';
    const getQueries = [
      '/socket.io/?EIO=garbage&transport=polling',
      '/socket.io/?EIO=4&transport=garbage',
      `${polling}&sid=garbage`,
      `${polling}&sid=__proto__`,
      `${polling}&sid=constructor`,
      '/socket.io/?EIO=%E0%A4%A&transport=polling',
      `${polling}&t=%`,
      `${polling}&sid[]=x`,
      '/socket.io/?EIO=3&transport=polling',
      '/socket.io/',
      `/socket.io/?${'a=1&'.repeat(1000)}`,
    ];
    for (const a of await Promise.all(getQueries.map((p) => tcp.exchange(tcp.get(p))))) {
      expect(statusOf(a)).toBeGreaterThanOrEqual(200);
    }
    for (const a of await Promise.all(
      getQueries.map((p) =>
        tcp.exchange(tcp.upgrade(p.replace('polling', 'websocket')), { then: hostileFrames()[3] }),
      ),
    )) {
      expect(a.text.startsWith('HTTP/1.1')).toBe(true);
    }

    const bodies = [
      'garbage',
      '40{"token":5}',
      '40"str"',
      '40[1,2]',
      '40null',
      '40{"token":{"toString":1}}',
      '40{"__proto__":{"token":"x"}}',
      `40{"token":"${'x'.repeat(10_000)}"}`,
      `40{"token":"${'x'.repeat(100_000)}"}`,
      '40{"token":"x"}\u001e42["facilitate",{"type":"reveal"}]',
      '4',
      '40',
      '40/nsp,{}',
      '42["facilitate"]',
      '451-["x",{"_placeholder":true,"num":9}]',
      '43[]',
      '\u001e\u001e\u001e',
      '6',
      '1',
      `4${'{'.repeat(5000)}`,
      Buffer.from([0xff, 0xfe, 0x00, 0x34, 0x30]).toString('latin1'),
    ];
    const handshake = async (): Promise<string> => {
      const res = await fetch(`${server.url}${polling}`);
      const sid = /"sid":"([^"]+)"/.exec(await res.text())?.[1];
      expect(sid).toBeDefined();
      return sid!;
    };
    const sent = await Promise.all(
      bodies.map(async (b) =>
        tcp.exchange(tcp.post(`${polling}&sid=${await handshake()}`, Buffer.from(b, 'latin1'))),
      ),
    );
    for (const a of sent) expect(statusOf(a)).toBeGreaterThanOrEqual(200);
    // The same packets over a websocket transport, as text and binary frames.
    for (const opcode of [1, 2]) {
      await Promise.all(
        bodies.map((b) =>
          tcp.exchange(tcp.upgrade('/socket.io/?EIO=4&transport=websocket'), {
            then: [frame(Buffer.from(b, 'latin1'), { opcode }), frame('40{"token":7}'), frame('3')],
          }),
        ),
      );
    }
    // A stock client with bad auth is refused (an oversized one loses its transport), not crashed.
    for (const token of [5, 'x'.repeat(100_000), '', null, { a: 1 }, ['t']]) {
      const sock = io(server.url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const outcome = await new Promise<string>((resolve) => {
        sock.once('connect', () => resolve('connected'));
        sock.once('connect_error', (err) => resolve(err.message));
        sock.io.once('close', () => resolve('transport closed'));
      });
      sock.disconnect();
      expect(outcome).toMatch(/^(unauthorized|transport closed)$/);
    }
    await stillServing();
  });

  it('[R10] TCP resets at every step of an upgrade or a polling request', async () => {
    const boardOk = `/yjs/${sessionId}?token=${fuzzToken}`;
    const cases: Promise<Exchange>[] = [];
    for (let i = 0; i < 10; i++) {
      for (const path of [boardOk, '/yjs/%', '/socket.io/?EIO=4&transport=websocket', '/nope']) {
        const req = tcp.upgrade(path);
        // Half the request line, half the headers, all of it, and all of it plus half a frame.
        cases.push(tcp.exchange(req.subarray(0, 10), { reset: true, waitMs: 20 + i }));
        cases.push(tcp.exchange(req.subarray(0, req.length - 10), { reset: true, waitMs: 20 + i }));
        cases.push(tcp.exchange(req, { reset: true, waitMs: i }));
        cases.push(
          tcp.exchange(req, {
            reset: true,
            waitMs: 100,
            then: [frame('x'.repeat(300)).subarray(0, 7)],
          }),
        );
      }
      cases.push(
        tcp.exchange(
          tcp.post('/socket.io/?EIO=4&transport=polling&sid=x', 'x', { 'Content-Length': '1000' }),
          {
            reset: true,
            waitMs: 30,
          },
        ),
      );
      cases.push(
        tcp.exchange(
          tcp.post('/api/join', '{"code":', {
            'Content-Type': 'application/json',
            'Content-Length': '50',
          }),
          { reset: true, waitMs: 30 },
        ),
      );
    }
    await Promise.all(cases);
    await stillServing();
  });

  it('[R10] malformed HTTP requests beside the upgrades', async () => {
    const gets = [
      '/api/history/sessions/%E0%A4%A',
      '/%E0%A4%A',
      '/api/%',
      '/assets/..%2f..%2fpackage.json',
      '/%00',
    ];
    for (const p of gets) {
      const a = await tcp.exchange(tcp.get(p, { Authorization: 'Bearer %' }));
      expect(statusOf(a), p).toBeGreaterThanOrEqual(200);
      expect(statusOf(a), p).toBeLessThan(500);
    }
    for (const [body, type] of [
      ['{"code":', 'application/json'],
      ['{"code":"X"}', 'application/json; charset=utf-7'],
      ['\u00ff\u00fe{', 'application/json'],
      ['[1,2,3]', 'application/json'],
      ['{"code":"A","name":{"toString":1}}', 'application/json'],
    ] as const) {
      const a = await tcp.exchange(
        tcp.post('/api/join', Buffer.from(body, 'latin1'), { 'Content-Type': type }),
      );
      expect(statusOf(a), body).toBeGreaterThanOrEqual(400);
      expect(statusOf(a), body).toBeLessThan(500);
    }
    await stillServing();
  });
});
