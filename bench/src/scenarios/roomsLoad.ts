import type { Scale } from '../config';
import type { FleetRun } from '../load/fleet';
import { split } from '../load/fleet';
import type { ConnSpec, LoadJob } from '../load/job';
import { gather, matchLatencies } from '../load/latency';
import type { RoomPlan } from '../members';
import type { RunningServer } from '../servers';
import { dist, percentile } from '../util/stats';
import { jobFor, specsFor } from './fanout';

/** A room and the server its participants connect to (one of several nodes, or the only one). */
export interface PlacedRoom {
  server: RunningServer;
  plan: RoomPlan;
}

/** The many-rooms load as jobs: one writer process, one probe process, reader processes. */
export interface RoomsLoad {
  writers: LoadJob;
  probes: LoadJob;
  /** An even number of them, so a caller can connect half first (memory per participant). */
  readers: LoadJob[];
}

/**
 * The same processes whether the rooms live on one node or on several: each connection names
 * its own node (its URL and Socket.IO base), so 1 node and 3 nodes differ only in the servers.
 * `health` is the server the event-loop probe asks.
 */
export function roomsLoad(
  rooms: PlacedRoom[],
  scale: Scale['rooms'],
  health: RunningServer,
): RoomsLoad {
  const all: ConnSpec[] = [];
  for (const [r, { server, plan }] of rooms.entries()) {
    const roles = plan.members.map((_, i): ConnSpec['role'] =>
      i < scale.writersPerRoom
        ? 'writer'
        : i === scale.writersPerRoom && r < scale.probeRooms
          ? 'probe'
          : 'sink',
    );
    const specs = specsFor(server, plan.room, plan.members, roles, server.kind === 'trellis');
    all.push(...specs.map((s) => ({ ...s, httpBase: server.httpBase })));
  }
  const sinks = all.filter((s) => s.role === 'sink');
  return {
    writers: jobFor(
      health,
      all.filter((s) => s.role === 'writer'),
      { writeHz: scale.writeHz },
    ),
    probes: jobFor(
      health,
      all.filter((s) => s.role === 'probe'),
      { healthUrl: health.healthUrl },
    ),
    readers: split(sinks, 2 * Math.ceil(sinks.length / scale.connsPerProcess / 2)).map((s) =>
      jobFor(health, s),
    ),
  };
}

export interface RoomsLatency {
  p50: number;
  p99: number;
  healthP99: number;
  lost: number;
  closes: number;
}

/** Writer transaction → probe applied it, inside [go + warm-up, stop − 200 ms]. */
export function roomsLatency(
  run: FleetRun,
  goAt: number,
  stopAt: number,
  warmupMs: number,
): RoomsLatency {
  const { tx, seen } = gather(run.results);
  const lat = matchLatencies(tx, seen, goAt + warmupMs, stopAt - 200);
  const d = dist(lat.ms);
  return {
    p50: d.p50,
    p99: d.p99,
    healthP99: percentile(
      run.results.flatMap((r) => r.health),
      99,
    ),
    lost: lat.lost,
    closes: run.results.reduce((n, r) => n + Object.values(r.closes).reduce((a, b) => a + b, 0), 0),
  };
}
