import type { ServerKind } from '../servers';
import { failed, type BenchResults, type PerServer } from './results';
import { fleetSection } from './fleetTable';
import { mdTable } from './md';
import { workshopSection } from './workshopTable';

/** Real Yjs servers Trellis is compared with; the relay is the floor, shown but not a peer. */
export const PEERS: readonly ServerKind[] = ['y-websocket', 'hocuspocus'];
const COLUMNS: readonly ServerKind[] = ['trellis', 'y-websocket', 'hocuspocus', 'ws-relay'];
export { mdTable };

const TITLES: Record<ServerKind, string> = {
  trellis: 'Trellis',
  'y-websocket': 'y-websocket 2.1.0',
  hocuspocus: 'Hocuspocus 4.7',
  'ws-relay': 'ws relay (floor)',
};

const f = (n: number | undefined, digits = 1): string =>
  n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);

type Metric<T> = [label: string, pick: (run: T) => number, digits: number];

/** Servers side by side, one metric per row, with Trellis' ratio to the best real peer. */
function perServerTable<T>(data: PerServer<T>, metrics: Metric<T>[]): string {
  const kinds = COLUMNS.filter((k) => data.median[k] !== undefined);
  const rows = metrics.map(([label, pick, digits]) => {
    const values = kinds.map((k) => pick(data.median[k]!));
    const peers = PEERS.filter((k) => data.median[k]).map((k) => pick(data.median[k]!));
    const trellis = data.median.trellis && pick(data.median.trellis);
    const best = Math.min(...peers.filter(Number.isFinite));
    const ratio = trellis !== undefined && Number.isFinite(best) && best > 0 ? trellis / best : NaN;
    return [
      label,
      ...values.map((v) => f(v, digits)),
      Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a',
    ];
  });
  return mdTable(['', ...kinds.map((k) => TITLES[k]), 'Trellis ÷ best peer'], rows);
}

/** Every run's value, so a median hiding one bad run is visible. */
function spread<T>(data: PerServer<T>, pick: (run: T) => number, label: string): string {
  const parts = COLUMNS.filter((k) => data.runs[k]).map(
    (k) => `${TITLES[k]} ${data.runs[k]!.map((r) => f(pick(r), 1)).join(' / ')}`,
  );
  return `${label}: ${parts.join('; ')}.`;
}

function runsNote<T>(data: PerServer<T>): string {
  const counts = Object.values(data.runs).map((r) => (r as T[]).length);
  return `median of ${Math.min(...counts)} runs per server`;
}

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const s = r.scale;
  out.push(`# Trellis benchmarks, ${r.date} (${r.mode}), Trellis ${r.revision}`);
  out.push('');
  out.push(
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memGb} GB, ${r.machine.os}. Node ${r.node}.`,
  );
  out.push(
    `Versions: ${Object.entries(r.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );
  out.push(
    `Whole run: ${(r.durationS / 60).toFixed(1)} min. Lower is better everywhere except rates.`,
  );

  for (const [receivers, outcome] of Object.entries(r.fanout ?? {})) {
    out.push(
      '',
      `## Fan-out: 1 room, ${receivers} receivers, ${s.fanout.writers} writers × ${s.fanout.writeHz} updates/s`,
    );
    if (failed(outcome)) {
      out.push('', `failed: ${outcome.error}`);
      continue;
    }
    out.push(
      '',
      `Writer transaction → probe receiver applied it (${s.fanout.probes} probes), ${runsNote(outcome)}.`,
      '',
    );
    out.push(
      perServerTable(outcome, [
        ['latency p50 (ms)', (x) => x.p50, 2],
        ['latency p95 (ms)', (x) => x.p95, 2],
        ['latency p99 (ms)', (x) => x.p99, 2],
        ['server CPU (% of a core)', (x) => x.cpuPct, 0],
        ['server RSS (MB)', (x) => x.rssMb, 0],
        ['GET health p99 under load (ms)', (x) => x.healthP99, 1],
        ['lost (tx × probe)', (x) => x.lost, 0],
        ['load processes CPU (% of a core)', (x) => x.loadCpuPct, 0],
        ['other processes CPU (% of a core)', (x) => x.foreignCpuPct, 0],
      ]),
    );
    out.push(
      '',
      spread(outcome, (x) => x.p99, 'p99 of each run (ms)'),
    );
  }

  if (r.rooms) {
    out.push(
      '',
      `## Many rooms: ${s.rooms.rooms} rooms × ${s.rooms.perRoom} participants, ${s.rooms.writersPerRoom} typing per room at ${s.rooms.writeHz}/s`,
    );
    if (failed(r.rooms)) out.push('', `failed: ${r.rooms.error}`);
    else {
      out.push(
        '',
        `Trellis participants hold both connections (board ws + Socket.IO), the others one; ${runsNote(r.rooms)}.`,
        '',
      );
      out.push(
        perServerTable(r.rooms, [
          ['memory per participant, heap after GC (KB)', (x) => x.kbPerParticipant, 1],
          ['memory per participant, RSS (KB)', (x) => x.rssKbPerParticipant, 1],
          ['latency p50 (ms)', (x) => x.p50, 2],
          ['latency p99 (ms)', (x) => x.p99, 2],
          ['GET health p99 under load (ms)', (x) => x.healthP99, 1],
          ['server CPU (% of a core)', (x) => x.cpuPct, 0],
          ['server RSS (MB)', (x) => x.rssMb, 0],
          ['connect + sync everyone (s)', (x) => x.connectS, 1],
          ['server CPU while connecting (% of a core)', (x) => x.connectCpuPct, 0],
          ['other processes CPU (% of a core)', (x) => x.foreignCpuPct, 0],
        ]),
      );
    }
  }

  if (r.coldJoin) {
    out.push(
      '',
      `## Cold join: ${s.durability.cards} cards, ${s.durability.totalUpdates} updates of history`,
    );
    if (failed(r.coldJoin)) out.push('', `failed: ${r.coldJoin.error}`);
    else {
      const c = r.coldJoin;
      const rows = [
        ['Trellis, room loaded from SQLite (cold)', c.trellisCold] as const,
        ['Trellis, room in memory (warm)', c.trellisWarm] as const,
        ...PEERS.filter((k) => c.peers[k]).map(
          (k) => [`${TITLES[k]}, in memory`, c.peers[k]!] as const,
        ),
      ].map(([label, j]) => [label, f(j.ms, 0), f(j.kb, 0), String(j.cards)]);
      out.push(
        '',
        `Socket open → whole board applied, median of ${s.coldJoin.joins} joins. The peers keep no history; they got the same board pushed by a client.`,
        '',
      );
      out.push(mdTable(['', 'time (ms)', 'received (KB)', 'cards'], rows));
    }
  }

  if (r.durability) {
    out.push('', '## Durability (Trellis; the peers keep nothing)');
    if (failed(r.durability)) out.push('', `failed: ${r.durability.error}`);
    else {
      const d = r.durability;
      out.push(
        '',
        mdTable(
          ['', 'p50', 'p95', 'p99'],
          [
            [
              `tx → \`saved\` at ${d.pacedRate} updates/s (ms)`,
              f(d.saved.p50, 2),
              f(d.saved.p95, 2),
              f(d.saved.p99, 2),
            ],
            [
              `tx → other participant applied it (ms)`,
              f(d.echo.p50, 2),
              f(d.echo.p95, 2),
              f(d.echo.p99, 2),
            ],
            [
              `tx → \`saved\` at saturation (ms)`,
              f(d.blastSaved.p50, 1),
              f(d.blastSaved.p95, 1),
              f(d.blastSaved.p99, 1),
            ],
          ],
        ),
      );
      out.push(
        '',
        `Log throughput with ${s.durability.blastWriters} writers sending as fast as allowed (≤ ${s.durability.window} unsaved, ≤ ${s.durability.blastHz}/s each, so ≤ ${d.offeredRate}/s offered — Trellis' rate limits cap a session at 4,000 messages/s): **${f(d.blastRate, 0)} updates/s** with the server at ${f(d.blastServerCpuPct, 0)}% of a core (load processes ${f(d.blastLoadCpuPct, 0)}%); ${d.rows} rows logged.`,
      );
    }
  }

  if (r.guard) {
    out.push('', '## Guard (in-process, one room)');
    if (failed(r.guard)) out.push('', `failed: ${r.guard.error}`);
    else {
      const g = r.guard;
      out.push(
        '',
        `${g.cards}-card board, participants typing into their own cards, ${g.guard.n} updates.`,
        '',
      );
      out.push(
        mdTable(
          ['µs per update', 'p50', 'p95', 'p99'],
          [
            [
              'permission guards (every default guard)',
              f(g.guard.p50, 1),
              f(g.guard.p95, 1),
              f(g.guard.p99, 1),
            ],
            [
              'room.receiveUpdate (decode, guards, apply, enqueue)',
              f(g.receive.p50, 1),
              f(g.receive.p95, 1),
              f(g.receive.p99, 1),
            ],
          ],
        ),
      );
    }
  }

  if (r.replay) {
    out.push('', '## Replay (in-process: history reconstruction and export)');
    if (failed(r.replay)) out.push('', `failed: ${r.replay.error}`);
    else {
      const x = r.replay;
      out.push(
        '',
        `${x.updates} log entries on a ${x.cards}-card board, a checkpoint every 1,000 entries.`,
        '',
        mdTable(
          ['ms', 'p50', 'p95', 'p99'],
          [
            ['seek to a random moment', f(x.seek.p50), f(x.seek.p95), f(x.seek.p99)],
            [
              'Markdown export of the final board',
              f(x.exportMs.p50),
              f(x.exportMs.p95),
              f(x.exportMs.p99),
            ],
          ],
        ),
        '',
        `The first export rebuilds the board (${f(x.exportColdMs)} ms); the next ones read it kept, as the history routes do.`,
      );
    }
  }

  if (r.phone) {
    out.push('', '## Phone (Chromium, CPU 4× slower, slow 4G: 150 ms, 1.6 Mbps down, 750 kbps up)');
    if (failed(r.phone)) out.push('', `failed: ${r.phone.error}`);
    else {
      const p = r.phone;
      out.push(
        '',
        mdTable(
          ['', 'value'],
          [
            ['JS loaded by the participant flow, gzip (KB)', f(p.jsGzipKb, 1)],
            [
              `same JS as sent by the server (KB, ${p.compressed ? 'compressed' : 'uncompressed'})`,
              f(p.jsWireKb, 1),
            ],
            ['navigation → join form ready, median (s)', f(p.joinFormMedian / 1000, 2)],
            [
              `navigation → usable composer, median of ${p.usableMs.length} (s)`,
              f(p.usableMedian / 1000, 2),
            ],
            ['each run (s)', p.usableMs.map((m) => (m / 1000).toFixed(2)).join(', ')],
          ],
        ),
      );
      out.push('', `Scripts: ${p.jsFiles.join(', ')}.`);
    }
  }

  if (r.workshop) {
    out.push('', `## Workshop: ${s.workshop.phones} phones`);
    if (failed(r.workshop)) out.push('', `failed: ${r.workshop.error}`);
    else out.push(...workshopSection(r.workshop, s.workshop));
  }

  if (r.fleet) {
    out.push('', `## Several nodes on one PostgreSQL`);
    if (failed(r.fleet)) out.push('', `failed: ${r.fleet.error}`);
    else out.push(...fleetSection(r.fleet, s.fleet, s.durability));
  }

  out.push('', '## Targets (goals, not assertions)', '');
  out.push(
    mdTable(
      ['what', 'target', 'measured', 'met'],
      r.targets.map((t) => [
        t.what,
        t.target,
        t.measured,
        t.met === undefined ? '—' : t.met ? 'yes' : '**no**',
      ]),
    ),
  );
  return out.join('\n') + '\n';
}
