/**
 * What one participant's two connections keep on the server, by constructor: starts the server as
 * `npm start` does (bench's startServer, inspector open), loads ROOMS rooms with one participant
 * each, snapshots the heap, connects N more participants the way the web client does (a stock
 * WebsocketProvider on a Y.Doc, socket.io-client on WebSocket only), snapshots again, and prints
 * the growth per participant by node type and name (self sizes, as DevTools' comparison view).
 *
 *   npx tsx scripts/memsnap.ts [N=500] [ROOMS=10]
 *
 * Not a test; the figure of record is the bench's rooms scenario.
 */
import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PROTOCOL_VERSION } from '@trellis/shared';
import { prepareRoom, type Member } from '../bench/src/members';
import { startServer, type RunningServer } from '../bench/src/servers';
import { openInspector } from '../bench/src/util/inspector';

const N = Number(process.argv[2] ?? 500);
const ROOMS = Number(process.argv[3] ?? 10);
const OUT = process.env.MEMSNAP_DIR ?? '/tmp';

interface Participant {
  provider: WebsocketProvider;
  socket: Socket;
}

async function connect(server: RunningServer, room: string, m: Member): Promise<Participant> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(
    `${server.httpBase.replace(/^http/, 'ws')}/yjs`,
    room,
    doc,
    {
      params: { token: m.token },
      disableBc: true,
      resyncInterval: 20_000,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    },
  );
  const socket = io(server.httpBase, {
    auth: { token: m.token, version: PROTOCOL_VERSION },
    query: { session: room },
    transports: ['websocket'],
    forceNew: true,
  });
  await Promise.all([
    new Promise<void>((resolve) => provider.once('sync', () => resolve())),
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    }),
  ]);
  return { provider, socket };
}

async function snapshot(
  server: RunningServer,
  file: string,
): Promise<{ heap: number; ext: number }> {
  const inspector = await openInspector(server.inspectPort!);
  try {
    await inspector.call('HeapProfiler.collectGarbage');
    await inspector.call('HeapProfiler.collectGarbage');
    const r = await inspector.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: `(() => { const u = process.memoryUsage(); require('v8').writeHeapSnapshot(${JSON.stringify(file)}); return JSON.stringify({ heap: u.heapUsed, ext: u.external }); })()`,
      includeCommandLineAPI: true,
      returnByValue: true,
    });
    return JSON.parse(r.result.value) as { heap: number; ext: number };
  } finally {
    inspector.close();
  }
}

interface Snap {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count by "type name" (names of strings and code folded into their type). */
function byConstructor(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snap;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]!]!;
    const raw = snap.strings[snap.nodes[i + iName]!]!;
    const name = ['string', 'concatenated string', 'sliced string', 'code', 'number'].includes(type)
      ? ''
      : raw.slice(0, 60);
    const key = `${type} ${name}`;
    const e = out.get(key) ?? { size: 0, count: 0 };
    e.size += snap.nodes[i + iSize]!;
    e.count++;
    out.set(key, e);
  }
  return out;
}

function report(n: number): void {
  const a = byConstructor(`${OUT}/memsnap-before.heapsnapshot`);
  const b = byConstructor(`${OUT}/memsnap-after.heapsnapshot`);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => ({
    k,
    size: ((b.get(k)?.size ?? 0) - (a.get(k)?.size ?? 0)) / n,
    count: ((b.get(k)?.count ?? 0) - (a.get(k)?.count ?? 0)) / n,
  }));
  rows.sort((x, y) => y.size - x.size);
  const total = rows.reduce((s, r) => s + r.size, 0);
  console.log(`snapshot self size per participant: ${(total / 1024).toFixed(2)} KB`);
  for (const r of rows.slice(0, Number(process.env.MEMSNAP_TOP ?? 45))) {
    console.log(`${r.size.toFixed(0).padStart(7)} B  ${r.count.toFixed(2).padStart(6)}×  ${r.k}`);
  }
}

async function main(): Promise<void> {
  const server = await startServer('trellis', { inspect: true });
  const clients: Participant[] = [];
  try {
    const per = Math.ceil(N / ROOMS);
    const plans = [];
    for (let r = 0; r < ROOMS; r++) plans.push(await prepareRoom(server, per + 1, `m${r}`));
    for (const p of plans) clients.push(await connect(server, p.room, p.members[0]!));
    const before = await snapshot(server, `${OUT}/memsnap-before.heapsnapshot`);
    const late = plans.flatMap((p) => p.members.slice(1).map((m) => ({ room: p.room, m })));
    for (let i = 0; i < late.length; i += 50) {
      clients.push(
        ...(await Promise.all(
          late.slice(i, i + 50).map(({ room, m }) => connect(server, room, m)),
        )),
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
    const after = await snapshot(server, `${OUT}/memsnap-after.heapsnapshot`);
    const n = late.length;
    console.log(
      `participants ${n}: heap ${((after.heap - before.heap) / n / 1024).toFixed(2)} KB + external ${((after.ext - before.ext) / n / 1024).toFixed(2)} KB each`,
    );
    report(n);
  } finally {
    for (const c of clients) {
      c.provider.destroy();
      c.socket.disconnect();
    }
    await server.stop();
  }
}

// `diff N`: the report of the last run's snapshots again.
if (process.argv[2] === 'diff') report(Number(process.argv[3]));
else {
  await main();
  // socket.io-client's and the provider's timers would keep the driver up.
  process.exit(0);
}
