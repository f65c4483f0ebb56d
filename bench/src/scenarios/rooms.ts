import type { Scale } from '../config';
import { runFleet } from '../load/fleet';
import { prepareRoom, type RoomPlan } from '../members';
import { startServer, type ServerKind } from '../servers';
import { nowMs, sleep } from '../util/clock';
import { gcAndMeasure, type HeapSample } from '../util/inspector';
import { cpuSeconds, ProcessMeter } from '../util/proc';
import type { WindowObserver } from './fanout';
import { roomsLatency, roomsLoad } from './roomsLoad';

export interface RoomsRun {
  /** server heap + external memory after full GC, per participant (see roomsRun) */
  kbPerParticipant: number;
  /** the same from RSS, which swings with GC timing and allocator slack */
  rssKbPerParticipant: number;
  p50: number;
  p99: number;
  healthP99: number;
  cpuPct: number;
  rssMb: number;
  lost: number;
  /** seconds to connect and sync every participant, load processes' start included */
  connectS: number;
  /** the server's CPU while they connect, % of one core: near 100 means the server sets the pace */
  connectCpuPct: number;
  /** load processes' CPU while typing, % of one core */
  loadCpuPct: number;
  /** CPU used by processes that are not part of this run, % of one core (see waitForQuiet) */
  foreignCpuPct: number;
  closes: number;
}

/**
 * Many small rooms, as at a conference with parallel workshops: every participant holds a board
 * connection (plus, on Trellis, the Socket.IO connection the real client opens); a few per room
 * type. Memory per participant is marginal: writers, probes and half the readers connect first
 * (so every room is loaded), the server is made to collect garbage (inspector) and measured, the
 * other half connects, collect and measure again; the growth divided by that half's size.
 */
export async function roomsRun(
  kind: ServerKind,
  scale: Scale['rooms'],
  observer?: WindowObserver,
  /** Sees the connecting instead of the typing (`--profile=connect`). */
  connecting?: WindowObserver,
): Promise<RoomsRun> {
  const server = await startServer(kind, { inspect: true });
  try {
    const plans: RoomPlan[] = [];
    for (let r = 0; r < scale.rooms; r++)
      plans.push(await prepareRoom(server, scale.perRoom, `r${r}`));
    const { writers, probes, readers } = roomsLoad(
      plans.map((plan) => ({ server, plan })),
      scale,
      server,
    );
    const late = readers.splice(readers.length / 2);
    const first = [writers, probes, ...readers];
    const measured = late.reduce((n, j) => n + j.conns.length, 0);
    const meter = new ProcessMeter(server.pid);
    let half: HeapSample | undefined;
    let full: HeapSample | undefined;
    let goAt = 0;
    let stopAt = 0;
    // Connecting time of both halves, without the measuring pause between them.
    await connecting?.beforeGo(server);
    let connectMs = 0;
    let connectCpu = 0;
    let t0 = performance.now();
    let cpu0 = cpuSeconds(server.pid);
    const settled = async (): Promise<HeapSample> => {
      await sleep(1000);
      return gcAndMeasure(server.inspectPort!);
    };
    const run = await runFleet(late, {
      first,
      onFirstReady: async () => {
        connectMs += performance.now() - t0;
        connectCpu += cpuSeconds(server.pid) - cpu0;
        half = await settled();
        t0 = performance.now();
        cpu0 = cpuSeconds(server.pid);
      },
      durationMs: scale.durationMs,
      onReady: async () => {
        connectMs += performance.now() - t0;
        connectCpu += cpuSeconds(server.pid) - cpu0;
        await connecting?.afterStop(server);
        full = await settled();
        await observer?.beforeGo(server);
      },
      onGo: () => {
        goAt = nowMs();
        meter.start();
      },
      onStop: () => (stopAt = nowMs()),
    });
    const usage = meter.stop();
    await observer?.afterStop(server);
    const lat = roomsLatency(run, goAt, stopAt, scale.warmupMs);
    return {
      kbPerParticipant:
        (full!.heapUsed + full!.external - half!.heapUsed - half!.external) / measured / 1024,
      rssKbPerParticipant: (full!.rss - half!.rss) / measured / 1024,
      p50: lat.p50,
      p99: lat.p99,
      healthP99: lat.healthP99,
      cpuPct: usage.cpuPct,
      rssMb: usage.rssMb,
      lost: lat.lost,
      connectS: connectMs / 1000,
      connectCpuPct: (100 * connectCpu) / (connectMs / 1000),
      loadCpuPct: run.loadCpuPct,
      foreignCpuPct: Math.max(0, run.machineCpuPct - run.loadCpuPct - usage.cpuPct),
      closes: lat.closes,
    };
  } finally {
    await server.stop();
  }
}
