import type { Scale } from '../config';
import type { FleetResult, FleetRoomsRun } from '../scenarios/fleet';
import { mdTable } from './md';

const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
/** How much more `b` is than `a`, in % of `a`. */
export const costPct = (a: number, b: number): number => (a === b ? 0 : (100 * (b - a)) / a);
const pct = (n: number): string =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${n.toFixed(0)} %` : 'n/a';

/** The fleet scenario's section of the report. */
export function fleetSection(x: FleetResult, s: Scale['fleet'], d: Scale['durability']): string[] {
  const r = s.rooms;
  const row = (label: string, pick: (run: FleetRoomsRun) => number, digits: number): string[] => [
    label,
    f(pick(x.one), digits),
    f(pick(x.many), digits),
    pct(costPct(pick(x.one), pick(x.many))),
  ];
  const fw = x.forward;
  return [
    '',
    `${r.rooms} rooms × ${r.perRoom} participants, ${r.writersPerRoom} typing per room at ${r.writeHz}/s, on 1 node and on ${s.nodes} nodes sharing one PostgreSQL (a throwaway cluster, fsync on), same load processes; each session's participants on the node its id hashes to, as the README's HAProxy configuration sends them. Median of ${x.runs.one.length} run(s) each, alternating. All nodes share this machine's cores, so this is the cost of coordination, not the capacity of ${s.nodes} machines.`,
    '',
    mdTable(
      ['', '1 node', `${s.nodes} nodes`, 'difference'],
      [
        row('latency p50 (ms)', (v) => v.p50, 2),
        row('latency p99 (ms)', (v) => v.p99, 2),
        row('server CPU, all nodes (% of a core)', (v) => v.cpuPct, 0),
        row('GET health p99, first node (ms)', (v) => v.healthP99, 1),
        row('lost (tx × probe)', (v) => v.lost, 0),
        row('other processes CPU (% of a core)', (v) => v.foreignCpuPct, 0),
        [
          'CPU per node (% of a core)',
          x.one.cpuPerNode.map((c) => f(c, 0)).join(' + '),
          x.many.cpuPerNode.map((c) => f(c, 0)).join(' + '),
          '',
        ],
        ['sessions hashed to each node', x.one.homes.join(' / '), x.many.homes.join(' / '), ''],
        ['sessions each node held', x.one.held.join(' / '), x.many.held.join(' / '), ''],
      ],
    ),
    '',
    `A forwarded connection: one room, ${s.forward.writers} writers × ${s.forward.writeHz} updates/s on the session's owner, ${s.forward.probes} readers on the owner and ${s.forward.probes} connected through another node (board and Socket.IO forwarded); writer transaction → reader applied it.`,
    '',
    mdTable(
      ['ms', 'p50', 'p95', 'p99'],
      [
        ['readers on the owner', f(fw.owner.p50, 2), f(fw.owner.p95, 2), f(fw.owner.p99, 2)],
        [
          'readers through another node',
          f(fw.forwarded.p50, 2),
          f(fw.forwarded.p95, 2),
          f(fw.forwarded.p99, 2),
        ],
        [
          'difference',
          f(fw.forwarded.p50 - fw.owner.p50, 2),
          f(fw.forwarded.p95 - fw.owner.p95, 2),
          f(fw.forwarded.p99 - fw.owner.p99, 2),
        ],
      ],
    ),
    '',
    `Receipt → durable, one node, ${d.pacedWriters} writers × ${d.pacedHz} updates/s (${x.durable.rate}/s) for ${d.pacedMs / 1000} s: writer transaction → \`saved\` (an upper bound; both network hops included).`,
    '',
    mdTable(
      ['ms', 'p50', 'p95', 'p99'],
      [
        [
          'PostgreSQL',
          f(x.durable.postgres.p50, 2),
          f(x.durable.postgres.p95, 2),
          f(x.durable.postgres.p99, 2),
        ],
        [
          'SQLite',
          f(x.durable.sqlite.p50, 2),
          f(x.durable.sqlite.p95, 2),
          f(x.durable.sqlite.p99, 2),
        ],
      ],
    ),
    '',
    `Takeover: ${s.nodes} nodes, ${s.takeover.writers} writers on a session's owner until the log has their cards, then \`kill -9\` of the owner; a client on a survivor connects every 100 ms (the stock provider's backoff, up to 2.5 s, comes on top) until it syncs a board with every card.`,
    '',
    mdTable(
      ['LEASE_MS', 'kill → board on a survivor (s)', 'cards', 'attempts'],
      x.takeover.map((t) => [
        String(t.leaseMs),
        f(t.ms / 1000, 2),
        `${t.served} of ${t.cards}`,
        String(t.attempts),
      ]),
    ),
  ];
}
