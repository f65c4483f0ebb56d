import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SessionList } from '@trellis/shared';
import type { Scale } from '../config';
import type { ConnSpec, LoadResult } from '../load/job';
import { runFleet, split } from '../load/fleet';
import { gather, matchLatencies } from '../load/latency';
import { prepareRoom } from '../members';
import { ORGANISER_KEY, startServer, type RunningServer } from '../servers';
import { nowMs } from '../util/clock';
import { removeOnExit } from '../util/cleanup';
import { ProcessMeter } from '../util/proc';
import { dist, type Dist } from '../util/stats';
import { jobFor, specsFor } from './fanout';

export interface DurabilityResult {
  /** updates/s offered in the paced phase */
  pacedRate: number;
  /** writer transaction → `saved` from the server: an upper bound of receipt → durable */
  saved: Dist;
  /** writer transaction → another participant applied it (broadcast only after the log) */
  echo: Dist;
  /** updates/s the log absorbed with writers sending as fast as `saved` and the limits allow */
  blastRate: number;
  /** the most the blast writers could offer within Trellis' rate limits */
  offeredRate: number;
  /** the same `saved` delay under that saturation (includes the writers' own queueing) */
  blastSaved: Dist;
  /** server and load CPU during saturation, % of one core */
  blastServerCpuPct: number;
  blastLoadCpuPct: number;
  rows: number;
}

/** What cold join needs to find the history durability wrote. */
export interface History {
  dataDir: string;
  sessionId: string;
  joinCode: string;
}

/**
 * The session's log entries, as the history API counts them: the same whether the server keeps
 * them in SQLite or, with DATABASE_URL in the bench's environment, in PostgreSQL.
 */
async function countRows(server: RunningServer, sessionId: string): Promise<number> {
  const res = await fetch(`${server.httpBase}/api/history/sessions`, {
    headers: { authorization: `Bearer ${ORGANISER_KEY}` },
  });
  if (!res.ok) throw new Error(`history list: ${res.status}`);
  const { sessions } = SessionList.parse(await res.json());
  return sessions.find((s) => s.id === sessionId)?.updates ?? 0;
}

const savedTriples = (results: LoadResult[]): number[][] => [results.flatMap((r) => r.saved)];

/**
 * Paced writers and a probe for `pacedMs`: writer transaction → `saved` (the log transaction
 * committed) and → the probe applied it, the first second left out.
 */
export async function pacedSaved(
  server: RunningServer,
  writers: ConnSpec[],
  probes: ConnSpec[],
  scale: Pick<Scale['durability'], 'pacedHz' | 'pacedMs'>,
): Promise<{ saved: Dist; echo: Dist }> {
  let goAt = 0;
  let stopAt = 0;
  const paced = await runFleet(
    [jobFor(server, writers, { writeHz: scale.pacedHz }), jobFor(server, probes)],
    { durationMs: scale.pacedMs, onGo: () => (goAt = nowMs()), onStop: () => (stopAt = nowMs()) },
  );
  const { tx, seen } = gather(paced.results);
  const saved = matchLatencies(tx, savedTriples(paced.results), goAt + 1000, stopAt - 200);
  const echo = matchLatencies(tx, seen, goAt + 1000, stopAt - 200);
  return { saved: dist(saved.ms), echo: dist(echo.ms) };
}

/**
 * Trellis only (the peers keep nothing), on SQLite, or on PostgreSQL when the bench runs with
 * DATABASE_URL set (`node scripts/pg.mjs run -- npm run bench -- --only=durability`): first a paced load, to see how long an update waits
 * for its log transaction; then writers send as fast as the server confirms, which both measures
 * the log's throughput and writes the cold-join board: `cards` cards, `totalUpdates` log rows.
 */
export async function durability(
  scale: Scale['durability'],
): Promise<{ result: DurabilityResult; history: History }> {
  // Grace 0: rooms unload (and checkpoint) the moment the last client leaves, which cold join needs.
  // Our own data dir, so stopping this server keeps the history for cold join (which removes it).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-history-'));
  removeOnExit(dataDir);
  const server: RunningServer = await startServer('trellis', {
    dataDir,
    env: { ROOM_GRACE_MS: '0' },
  });
  try {
    const most = Math.max(scale.pacedWriters, scale.blastWriters);
    const plan = await prepareRoom(server, most + 1, 'durable');
    const roles = plan.members.map((_, i): ConnSpec['role'] => (i < most ? 'writer' : 'probe'));
    const specs = specsFor(server, plan.room, plan.members, roles, true);
    const probe = specs.filter((s) => s.role === 'probe');

    const { saved, echo } = await pacedSaved(
      server,
      specs.slice(0, scale.pacedWriters),
      probe,
      scale,
    );

    const before = await countRows(server, plan.room);
    // Paced writers made one card each; blast writers make the rest of the board, then type.
    const cardsPerWriter = Math.ceil((scale.cards - scale.pacedWriters) / scale.blastWriters);
    const perWriter = Math.ceil((scale.totalUpdates - before) / scale.blastWriters);
    const blast = { perWriter, cardsPerWriter, window: scale.window, maxHz: scale.blastHz };
    const t0 = performance.now();
    const meter = new ProcessMeter(server.pid);
    // Two writer processes: one would spend its core applying everyone else's updates.
    const saturated = await runFleet(
      split(specs.slice(0, scale.blastWriters), 2).map((w) => jobFor(server, w, { blast })),
      { onGo: () => meter.start() },
    );
    const blastCpu = meter.stop();
    const blastS = (performance.now() - t0) / 1000;
    const rows = await countRows(server, plan.room);
    const blastSaved = matchLatencies(
      saturated.results.flatMap((r) => r.tx),
      savedTriples(saturated.results),
      0,
      Infinity,
    );
    const blastMs = Math.max(...saturated.results.map((r) => r.blastMs ?? blastS * 1000));
    return {
      result: {
        pacedRate: scale.pacedWriters * scale.pacedHz,
        offeredRate: scale.blastWriters * scale.blastHz,
        saved,
        echo,
        blastRate: (rows - before) / (blastMs / 1000),
        blastSaved: dist(blastSaved.ms),
        blastServerCpuPct: blastCpu.cpuPct,
        blastLoadCpuPct: saturated.loadCpuPct,
        rows,
      },
      history: { dataDir: server.dataDir!, sessionId: plan.room, joinCode: plan.joinCode! },
    };
  } finally {
    await server.stop();
  }
}
