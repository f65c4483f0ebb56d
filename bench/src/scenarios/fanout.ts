import type { Scale } from '../config';
import type { ConnSpec, LoadJob } from '../load/job';
import { runFleet, split } from '../load/fleet';
import { gather, matchLatencies } from '../load/latency';
import { prepareRoom } from '../members';
import { startServer, type RunningServer, type ServerKind } from '../servers';
import { nowMs } from '../util/clock';
import { ProcessMeter } from '../util/proc';
import { dist, percentile } from '../util/stats';

export interface FanoutRun {
  p50: number;
  p95: number;
  p99: number;
  /** server CPU, % of one core, over the measured window */
  cpuPct: number;
  rssMb: number;
  /** round trip of GET health while loaded (the server's event-loop delay from outside) */
  healthP99: number;
  lost: number;
  /** messages per second all clients received */
  msgsPerSec: number;
  /** load processes' CPU, % of one core (see FleetRun) */
  loadCpuPct: number;
  /** CPU used by processes that are not part of this run, % of one core (see waitForQuiet) */
  foreignCpuPct: number;
  closes: number;
}

export function specsFor(
  server: RunningServer,
  room: string,
  members: { token: string; memberId: string }[],
  roles: ConnSpec['role'][],
  socketIo: boolean,
): ConnSpec[] {
  return roles.map((role, i) => ({
    url: server.wsUrl(room, members[i]!.token),
    docName: room,
    token: members[i]!.token,
    memberId: members[i]!.memberId,
    role,
    socketIo,
  }));
}

export function jobFor(
  server: RunningServer,
  conns: ConnSpec[],
  extra: Partial<LoadJob> = {},
): LoadJob {
  return {
    protocol: server.protocol,
    httpBase: server.httpBase,
    conns,
    writeHz: 0,
    connectConcurrency: 16,
    ...extra,
  };
}

/**
 * One room: `writers` typists at `writeHz` each, `receivers` readers of which `probes` apply
 * every update and timestamp it. Writers, probes and the silent readers live in separate load
 * processes so a busy reader process cannot delay a timestamp.
 */
/** Something to run around the measured window only (the profiler). */
export interface WindowObserver {
  beforeGo(server: RunningServer): Promise<void>;
  afterStop(server: RunningServer): Promise<void>;
}

export async function fanoutRun(
  kind: ServerKind,
  receivers: number,
  scale: Scale['fanout'],
  observer?: WindowObserver,
): Promise<FanoutRun> {
  const server = await startServer(kind, { inspect: observer !== undefined });
  try {
    const plan = await prepareRoom(server, scale.writers + receivers, 'fanout');
    const roles: ConnSpec['role'][] = plan.members.map((_, i) =>
      i < scale.writers ? 'writer' : i < scale.writers + scale.probes ? 'probe' : 'sink',
    );
    const specs = specsFor(server, plan.room, plan.members, roles, false);
    const writers = specs.filter((s) => s.role === 'writer');
    const probes = specs.filter((s) => s.role === 'probe');
    const sinks = specs.filter((s) => s.role === 'sink');
    const jobs = [
      jobFor(server, writers, { writeHz: scale.writeHz }),
      jobFor(server, probes, { healthUrl: server.healthUrl }),
      ...split(sinks, Math.ceil(sinks.length / scale.sinksPerProcess)).map((s) =>
        jobFor(server, s),
      ),
    ];
    const meter = new ProcessMeter(server.pid);
    let goAt = 0;
    let stopAt = 0;
    const run = await runFleet(jobs, {
      durationMs: scale.durationMs,
      onReady: () => observer?.beforeGo(server),
      onGo: () => {
        goAt = nowMs();
        meter.start();
      },
      onStop: () => (stopAt = nowMs()),
    });
    const usage = meter.stop();
    await observer?.afterStop(server);
    const { tx, seen } = gather(run.results);
    // Transactions in the last 200 ms may still be in flight when writers stop: not counted.
    const lat = matchLatencies(tx, seen, goAt + scale.warmupMs, stopAt - 200);
    const d = dist(lat.ms);
    const messages = run.results.reduce((n, r) => n + r.messagesIn, 0);
    const closes = run.results.reduce(
      (n, r) => n + Object.values(r.closes).reduce((a, b) => a + b, 0),
      0,
    );
    return {
      p50: d.p50,
      p95: d.p95,
      p99: d.p99,
      cpuPct: usage.cpuPct,
      rssMb: usage.rssMb,
      healthP99: percentile(
        run.results.flatMap((r) => r.health),
        99,
      ),
      lost: lat.lost,
      msgsPerSec: messages / (run.elapsedMs / 1000),
      loadCpuPct: run.loadCpuPct,
      foreignCpuPct: Math.max(0, run.machineCpuPct - run.loadCpuPct - usage.cpuPct),
      closes,
    };
  } finally {
    await server.stop();
  }
}
