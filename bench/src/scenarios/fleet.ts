import type { Scale } from '../config';
import { runFleet } from '../load/fleet';
import type { ConnSpec } from '../load/job';
import { matchLatencies } from '../load/latency';
import { prepareRoom } from '../members';
import { startServer, type RunningServer } from '../servers';
import { startNodes, type Nodes, type Postgres } from '../cluster/nodes';
import { takeover, type TakeoverRun } from '../cluster/takeover';
import { nowMs } from '../util/clock';
import { ProcessMeter } from '../util/proc';
import { waitForQuiet } from '../util/quiet';
import { dist, medianOf, type Dist } from '../util/stats';
import { log } from './alternate';
import { pacedSaved } from './durability';
import { specsFor } from './fanout';
import { roomsLatency, roomsLoad, type PlacedRoom, type RoomsLatency } from './roomsLoad';

export interface FleetRoomsRun extends RoomsLatency {
  nodes: number;
  /** CPU of every node together, % of one core, over the measured window */
  cpuPct: number;
  cpuPerNode: number[];
  /** sessions whose id hashes to each node, and those each node held at the end */
  homes: number[];
  held: number[];
  loadCpuPct: number;
  foreignCpuPct: number;
}

export interface FleetResult {
  /** many rooms, median of the runs: on 1 node and on `nodes` nodes, one PostgreSQL */
  one: FleetRoomsRun;
  many: FleetRoomsRun;
  runs: { one: FleetRoomsRun[]; many: FleetRoomsRun[] };
  /** writer transaction → a reader on the owner, and → a reader connected through another node */
  forward: { owner: Dist; forwarded: Dist; lost: number };
  /** writer transaction → `saved`, paced, one node: PostgreSQL vs SQLite */
  durable: { rate: number; postgres: Dist; sqlite: Dist };
  takeover: TakeoverRun[];
}

/**
 * The many-rooms load on the given nodes, each session's participants on the node its id hashes
 * to, as HAProxy's `balance hash` would send them; sessions are created round robin.
 */
async function roomsOn(fleet: Nodes, scale: Scale['rooms']): Promise<FleetRoomsRun> {
  const { nodes } = fleet;
  const rooms: PlacedRoom[] = [];
  for (let r = 0; r < scale.rooms; r++) {
    const plan = await prepareRoom(nodes[r % nodes.length]!, scale.perRoom, `r${r}`, fleet.home);
    rooms.push({ server: fleet.home(plan.room), plan });
  }
  const { writers, probes, readers } = roomsLoad(rooms, scale, nodes[0]!);
  const meters = nodes.map((n) => new ProcessMeter(n.pid));
  let goAt = 0;
  let stopAt = 0;
  const run = await runFleet([writers, probes, ...readers], {
    durationMs: scale.durationMs,
    onGo: () => {
      goAt = nowMs();
      for (const m of meters) m.start();
    },
    onStop: () => (stopAt = nowMs()),
  });
  const cpuPerNode = meters.map((m) => m.stop().cpuPct);
  const cpuPct = cpuPerNode.reduce((a, b) => a + b, 0);
  return {
    nodes: nodes.length,
    ...roomsLatency(run, goAt, stopAt, scale.warmupMs),
    cpuPct,
    cpuPerNode,
    homes: nodes.map((n) => rooms.filter((r) => r.server === n).length),
    held: await fleet.held(),
    loadCpuPct: run.loadCpuPct,
    foreignCpuPct: Math.max(0, run.machineCpuPct - run.loadCpuPct - cpuPct),
  };
}

/**
 * One room on node A: writers on A, probes on A and probes connected through B (the board and
 * Socket.IO forwarded to A). The writers connect first, so A holds the session.
 */
async function forwarded(
  fleet: Nodes,
  scale: Scale['fleet']['forward'],
): Promise<FleetResult['forward']> {
  const [a, b] = fleet.nodes as [RunningServer, RunningServer];
  const plan = await prepareRoom(a, scale.writers + 2 * scale.probes, 'forward');
  const at = (server: RunningServer, from: number, n: number, role: 'writer' | 'probe') =>
    specsFor(
      server,
      plan.room,
      plan.members.slice(from, from + n),
      Array.from({ length: n }, () => role),
      true,
    ).map((s) => ({ ...s, httpBase: server.httpBase }));
  const job = (server: RunningServer, conns: ReturnType<typeof at>, writeHz = 0) => ({
    protocol: server.protocol,
    httpBase: server.httpBase,
    conns,
    writeHz,
    connectConcurrency: 16,
  });
  let goAt = 0;
  let stopAt = 0;
  const run = await runFleet(
    [
      job(a, at(a, scale.writers, scale.probes, 'probe')),
      job(b, at(b, scale.writers + scale.probes, scale.probes, 'probe')),
    ],
    {
      first: [job(a, at(a, 0, scale.writers, 'writer'), scale.writeHz)],
      durationMs: scale.durationMs,
      onGo: () => (goAt = nowMs()),
      onStop: () => (stopAt = nowMs()),
    },
  );
  const [writers, onOwner, throughOther] = run.results as [
    (typeof run.results)[0],
    (typeof run.results)[0],
    (typeof run.results)[0],
  ];
  const from = goAt + 1000;
  const owner = matchLatencies(writers.tx, onOwner.seen, from, stopAt - 200);
  const other = matchLatencies(writers.tx, throughOther.seen, from, stopAt - 200);
  return { owner: dist(owner.ms), forwarded: dist(other.ms), lost: owner.lost + other.lost };
}

/** Paced writers and a probe on one node: receipt → durable on the given storage. */
async function durableOn(server: RunningServer, scale: Scale['durability']): Promise<Dist> {
  try {
    const plan = await prepareRoom(server, scale.pacedWriters + 1, 'durable');
    const roles = plan.members.map((_, i): ConnSpec['role'] =>
      i < scale.pacedWriters ? 'writer' : 'probe',
    );
    const specs = specsFor(server, plan.room, plan.members, roles, true);
    const { saved } = await pacedSaved(
      server,
      specs.filter((s) => s.role === 'writer'),
      specs.filter((s) => s.role === 'probe'),
      scale,
    );
    return saved;
  } finally {
    await server.stop();
  }
}

async function withNodes<T>(
  pgsql: Postgres,
  count: number,
  work: (fleet: Nodes) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const fleet = await startNodes(pgsql, count, env);
  try {
    return await work(fleet);
  } finally {
    await fleet.stop();
  }
}

/**
 * Several Trellis nodes on one PostgreSQL (issue 14, item 7). One 2-core machine cannot show
 * three nodes doing three times the work; it shows what coordination (leases, fencing,
 * forwarding) costs at the same total load, what a forwarded hop adds, what PostgreSQL's log
 * costs against SQLite's, and how long a dead node's sessions wait.
 */
export async function fleet(pgsql: Postgres, scale: Scale): Promise<FleetResult> {
  const f = scale.fleet;
  // A smoke run on a busy machine should not wait two minutes before each of its seven parts.
  const quiet = () => waitForQuiet(log, scale.name === 'quick' ? 5_000 : 120_000);
  const runs: FleetResult['runs'] = { one: [], many: [] };
  // Alternating (1 N N 1 …), each on a fresh database, so drift hits both alike.
  for (let pass = 0; pass < f.passes; pass++) {
    const order = pass % 2 === 0 ? [1, f.nodes] : [f.nodes, 1];
    for (const count of order) {
      await quiet();
      const run = await withNodes(pgsql, count, (fleet) => roomsOn(fleet, f.rooms));
      log(
        `  rooms on ${count} node(s): p50 ${run.p50.toFixed(2)} p99 ${run.p99.toFixed(2)} ms, CPU ${run.cpuPct.toFixed(0)}% (${run.cpuPerNode.map((c) => c.toFixed(0)).join(' + ')}), homes ${run.homes.join('/')}, held ${run.held.join('/')}`,
      );
      (count === 1 ? runs.one : runs.many).push(run);
    }
  }
  await quiet();
  const forward = await withNodes(pgsql, 2, (fleet) => forwarded(fleet, f.forward));
  log(`  forwarded: p50 ${forward.owner.p50.toFixed(2)} vs ${forward.forwarded.p50.toFixed(2)} ms`);
  await quiet();
  const postgres = await durableOn(
    await startServer('trellis', { env: { DATABASE_URL: await pgsql.database() } }),
    scale.durability,
  );
  await quiet();
  const sqlite = await durableOn(
    await startServer('trellis', { env: { DATABASE_URL: undefined } }),
    scale.durability,
  );
  log(
    `  receipt → durable p99: PostgreSQL ${postgres.p99.toFixed(1)}, SQLite ${sqlite.p99.toFixed(1)} ms`,
  );
  const takeovers: TakeoverRun[] = [];
  for (const leaseMs of f.takeover.leases) {
    await quiet();
    const t = await withNodes(pgsql, f.nodes, (fleet) => takeover(fleet, leaseMs, f.takeover), {
      LEASE_MS: String(leaseMs),
    });
    log(`  takeover with LEASE_MS=${leaseMs}: ${t.ms.toFixed(0)} ms`);
    takeovers.push(t);
  }
  return {
    one: medianOf(runs.one),
    many: medianOf(runs.many),
    runs,
    forward,
    durable: {
      rate: scale.durability.pacedWriters * scale.durability.pacedHz,
      postgres,
      sqlite,
    },
    takeover: takeovers,
  };
}
