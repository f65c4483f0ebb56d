import { costPct } from './fleetTable';
import { PEERS } from './tables';
import { failed, type BenchResults, type TargetRow } from './results';

const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/**
 * The targets of issue 13, written next to the results. They are goals, not assertions: the
 * bench never fails because one is missed.
 */
export function evaluateTargets(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const [receivers, outcome] of Object.entries(r.fanout ?? {})) {
    if (failed(outcome)) continue;
    const trellis = outcome.median.trellis?.p99;
    const peers = PEERS.map((k) => outcome.median[k]?.p99).filter(
      (v): v is number => v !== undefined,
    );
    const best = Math.min(...peers);
    if (trellis === undefined || peers.length === 0) continue;
    // Ahead of every peer up to 200 receivers, clearly ahead at 500.
    const ratio = Number(receivers) >= 500 ? 0.8 : 1.0;
    rows.push({
      what: `fan-out p99, ${receivers} receivers`,
      target: `≤ ${ratio.toFixed(1)} × best peer`,
      measured: `${f(trellis, 2)} ms = ${f(trellis / best, 2)} × ${f(best, 2)} ms`,
      met: trellis <= ratio * best,
    });
  }
  if (r.rooms && !failed(r.rooms) && r.rooms.median.trellis) {
    const { trellis } = r.rooms.median;
    const kb = trellis.kbPerParticipant;
    rows.push({
      what: 'memory per participant (ws + Socket.IO)',
      target: '≤ 12 KB',
      measured: `${f(kb)} KB`,
      met: kb <= 12,
    });
    const yws = r.rooms.median['y-websocket']?.connectS;
    if (yws !== undefined) {
      rows.push({
        what: `connect + sync ${r.scale.rooms.rooms * r.scale.rooms.perRoom} participants`,
        target: '≤ 1.5 × y-websocket',
        measured: `${f(trellis.connectS)} s = ${f(trellis.connectS / yws, 2)} × ${f(yws)} s`,
        met: trellis.connectS <= 1.5 * yws,
      });
    }
  }
  if (r.guard && !failed(r.guard)) {
    const g = r.guard.guard.p50;
    rows.push({
      what: 'guard per update, median',
      target: '≤ 15 µs',
      measured: `${f(g)} µs`,
      met: g <= 15,
    });
  }
  if (r.durability && !failed(r.durability)) {
    const d = r.durability.saved.p99;
    rows.push({
      what: 'receipt → durable (tx → saved, p99)',
      target: '≤ 50 ms',
      measured: `${f(d)} ms (p50 ${f(r.durability.saved.p50)})`,
      met: d <= 50,
    });
  }
  if (r.replay && !failed(r.replay)) {
    const seek = r.replay.seek;
    rows.push({
      what: `replay seek, ${r.replay.updates} updates`,
      target: '≤ 50 ms median',
      measured: `${f(seek.p50)} ms median (p95 ${f(seek.p95)})`,
      met: seek.p50 <= 50,
    });
    rows.push({
      what: `export, ${r.replay.cards}-card session`,
      target: '≤ 100 ms median',
      measured: `${f(r.replay.exportMs.p50)} ms median (first, board rebuilt: ${f(r.replay.exportColdMs)})`,
      met: r.replay.exportMs.p50 <= 100,
    });
  }
  if (r.coldJoin && !failed(r.coldJoin)) {
    const c = r.coldJoin.trellisCold.ms;
    rows.push({
      what: `cold join, ${r.scale.durability.cards} cards / ${r.scale.durability.totalUpdates} updates`,
      target: '≤ 300 ms',
      measured: `${f(c, 0)} ms cold, ${f(r.coldJoin.trellisWarm.ms, 0)} ms warm`,
      met: c <= 300,
    });
  }
  if (r.phone && !failed(r.phone)) {
    const p = r.phone;
    rows.push({
      what: 'participant JS (gzip)',
      target: '≤ 120 KB',
      measured: `${f(p.jsGzipKb)} KB`,
      met: p.jsGzipKb <= 120,
    });
    rows.push({
      what: 'usable composer, 4× CPU + slow 4G',
      target: '≤ 2.0 s',
      measured: `${f(p.usableMedian / 1000, 2)} s`,
      met: p.usableMedian <= 2000,
    });
  }
  if (r.workshop && !failed(r.workshop)) {
    const w = r.workshop;
    rows.push({
      what: `workshop: ${w.phones} phones behind one address joined and synced`,
      target: '≤ 60 s',
      measured: `${f(w.allSyncedS)} s (${w.joinsRefused} joins refused)`,
      met: w.allSyncedS <= 60 && w.joinsRefused === 0,
    });
  }
  if (r.fleet && !failed(r.fleet)) rows.push(...fleetTargets(r.fleet));
  return rows;
}

/** Issue 14, item 7: what several nodes on one PostgreSQL may cost. */
function fleetTargets(
  x: NonNullable<Exclude<BenchResults['fleet'], { error: string }>>,
): TargetRow[] {
  const p99 = costPct(x.one.p99, x.many.p99);
  const cpu = costPct(x.one.cpuPct, x.many.cpuPct);
  const hop = x.forward.forwarded.p50 - x.forward.owner.p50;
  const pg = x.durable.postgres;
  return [
    {
      what: `${x.many.nodes} nodes vs 1, same load: p99`,
      target: '≤ +10 %',
      measured: `${f(x.many.p99, 2)} vs ${f(x.one.p99, 2)} ms (${p99 >= 0 ? '+' : ''}${f(p99, 0)} %)`,
      met: p99 <= 10,
    },
    {
      what: `${x.many.nodes} nodes vs 1, same load: server CPU`,
      target: '≤ +10 %',
      measured: `${f(x.many.cpuPct, 0)} vs ${f(x.one.cpuPct, 0)} % of a core (${cpu >= 0 ? '+' : ''}${f(cpu, 0)} %)`,
      met: cpu <= 10,
    },
    {
      what: 'forwarded connection, extra p50',
      target: '≤ 1 ms',
      measured: `${f(hop, 2)} ms (${f(x.forward.forwarded.p50, 2)} vs ${f(x.forward.owner.p50, 2)})`,
      met: hop <= 1,
    },
    {
      what: 'receipt → durable on PostgreSQL (p99)',
      target: '≤ 50 ms',
      measured: `${f(pg.p99)} ms (SQLite ${f(x.durable.sqlite.p99)})`,
      met: pg.p99 <= 50,
    },
    ...x.takeover.map((t): TargetRow => ({
      what: `takeover after kill -9, LEASE_MS=${t.leaseMs}`,
      target: '≤ 5 s',
      measured: `${f(t.ms / 1000, 2)} s`,
      met: t.ms <= 5000,
    })),
  ];
}
