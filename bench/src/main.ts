/**
 * `npm run bench` — Trellis side by side with y-websocket 2.1.0, Hocuspocus 4.7 and a raw ws
 * relay; then the Trellis-only scenarios. Flags: `--quick` (smoke run), `--only=a,b` (scenarios:
 * guard, replay, fanout, rooms, durability, phone, workshop; `fleet`, several nodes on a throwaway
 * PostgreSQL, runs only when named), `--profile[=rooms|connect|workshop]`
 * (CPU profile of Trellis during fan-out, many rooms typing or connecting, or the workshop),
 * `--snapshot[=<commit>]` (measure the committed HEAD, or another commit for an A/B, not the
 * working tree; see snapshot.ts),
 * `--servers=trellis,y-websocket` (a subset of servers, for quicker A/B runs while developing;
 * `--passes=N` overrides the passes of fan-out and rooms for the same reason).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FULL, QUICK } from './config';
import { failed, type BenchResults, type Outcome, type PerServer } from './report/results';
import { renderMarkdown } from './report/tables';
import { evaluateTargets } from './report/targets';
import { profileTrellis } from './profile';
import { alternate, log } from './scenarios/alternate';
import { coldJoinTrellis, warmJoinPeer } from './scenarios/coldjoin';
import { durability } from './scenarios/durability';
import { fleet } from './scenarios/fleet';
import { Postgres } from './cluster/nodes';
import { fanoutRun } from './scenarios/fanout';
import { guardBench } from './scenarios/guard';
import { replayBench } from './scenarios/replay';
import { phone } from './scenarios/phone';
import { roomsRun } from './scenarios/rooms';
import { workshop } from './scenarios/workshop';
import { revision, runInSnapshot } from './snapshot';
import {
  PEERS_DIR,
  RESULTS_DIR,
  ROOT,
  SERVER_KINDS,
  packageVersion,
  type ServerKind,
} from './servers';
import { machine } from './util/proc';
import { waitForQuiet } from './util/quiet';
import { medianOf } from './util/stats';

const args = process.argv.slice(2);
const scale = args.includes('--quick') || process.env.BENCH_QUICK === '1' ? QUICK : FULL;
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wants = (name: string): boolean => !only || only.includes(name);
const flag = (name: string): string | undefined =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const kinds: readonly ServerKind[] = flag('servers')
  ? SERVER_KINDS.filter((k) => flag('servers')!.split(',').includes(k))
  : SERVER_KINDS;
const passes = flag('passes') ? Number(flag('passes')) : undefined;

async function attempt<T>(name: string, work: () => Promise<T>): Promise<Outcome<T>> {
  log(`\n▶ ${name}`);
  await waitForQuiet(log);
  const t0 = performance.now();
  try {
    const result = await work();
    log(`  ${name} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return result;
  } catch (err) {
    log(`  ${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function perServer<T extends object>(runs: Map<ServerKind, T[]>): PerServer<T> {
  const out: PerServer<T> = { median: {}, runs: {} };
  for (const [kind, list] of runs) {
    out.runs[kind] = list;
    out.median[kind] = medianOf(list);
  }
  return out;
}

function versions(): Record<string, string> {
  const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const names = ['yjs', 'ws', 'socket.io-client', 'better-sqlite3', 'playwright-core'];
  return {
    trellis: rootPkg.version,
    ...Object.fromEntries(names.map((n) => [n, packageVersion(n)])),
    'y-websocket': packageVersion('y-websocket', PEERS_DIR),
    '@hocuspocus/server': packageVersion('@hocuspocus/server', PEERS_DIR),
  };
}

async function main(): Promise<void> {
  const snapshot = args.find((a) => a === '--snapshot' || a.startsWith('--snapshot='));
  if (snapshot) {
    const ref = snapshot.slice('--snapshot='.length) || 'HEAD';
    process.exitCode = await runInSnapshot(
      args.filter((a) => a !== snapshot),
      ref,
    );
    return;
  }
  const profile = args.find((a) => a.startsWith('--profile'));
  if (profile) {
    const which = profile.slice('--profile='.length);
    const scenarios = ['rooms', 'connect', 'workshop'] as const;
    const known = scenarios.find((s) => s === which);
    await profileTrellis(scale, known ?? 'fanout');
    return;
  }
  const started = performance.now();
  const date = new Date().toISOString().slice(0, 10);
  const r: BenchResults = {
    date,
    mode: scale.name,
    machine: machine(),
    node: process.version,
    revision: revision(),
    versions: versions(),
    scale,
    durationS: 0,
    targets: [],
  };
  log(
    `Trellis bench (${scale.name}) on ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.node}`,
  );

  if (wants('guard')) r.guard = await attempt('guard', () => guardBench(scale.guard));
  if (wants('replay')) r.replay = await attempt('replay', () => replayBench(scale.replay));
  if (wants('fanout')) {
    r.fanout = {};
    for (const receivers of scale.fanout.receivers) {
      r.fanout[receivers] = await attempt(`fan-out ${receivers}`, async () =>
        perServer(
          await alternate(kinds, passes ?? scale.fanout.passes, `fan-out ${receivers}`, (k) =>
            fanoutRun(k, receivers, scale.fanout),
          ),
        ),
      );
    }
  }
  if (wants('rooms')) {
    r.rooms = await attempt('many rooms', async () =>
      perServer(
        await alternate(kinds, passes ?? scale.rooms.passes, 'rooms', (k) =>
          roomsRun(k, scale.rooms),
        ),
      ),
    );
  }
  if (wants('durability')) {
    let history: Awaited<ReturnType<typeof durability>>['history'] | undefined;
    r.durability = await attempt('durability', async () => {
      const d = await durability(scale.durability);
      history = d.history;
      return d.result;
    });
    if (history) {
      const h = history;
      r.coldJoin = await attempt('cold join', async () => {
        const trellis = await coldJoinTrellis(h, scale.coldJoin);
        const peers: Partial<Record<ServerKind, Awaited<ReturnType<typeof warmJoinPeer>>>> = {};
        for (const kind of ['y-websocket', 'hocuspocus'] as const) {
          peers[kind] = await warmJoinPeer(kind, trellis.state, scale.coldJoin);
        }
        return { trellisCold: trellis.cold, trellisWarm: trellis.warm, peers };
      });
    }
  }
  if (wants('workshop')) {
    r.workshop = await attempt(`workshop-${scale.workshop.phones}`, () => workshop(scale.workshop));
  }
  if (wants('phone')) r.phone = await attempt('phone', () => phone(scale.phone));
  // Opt-in: about 4 minutes more than the full run's budget allows, and it needs PostgreSQL.
  if (only?.includes('fleet')) {
    r.fleet = await attempt('fleet', async () => {
      const pgsql = await Postgres.start();
      try {
        return await fleet(pgsql, scale);
      } finally {
        pgsql.stop();
      }
    });
  }

  r.durationS = (performance.now() - started) / 1000;
  r.targets = evaluateTargets(r);
  const markdown = renderMarkdown(r);
  const dir = RESULTS_DIR;
  fs.mkdirSync(dir, { recursive: true });
  // Only a full run of everything is "the" result of the day; smoke and partial runs get their
  // own names (ignored by git), so they never overwrite it.
  const subset = kinds.length < SERVER_KINDS.length ? `-${kinds.join('-')}` : '';
  const suffix = `${scale.name === 'quick' ? '-quick' : ''}${only ? `-only-${only.join('-')}` : ''}${subset}`;
  const base = path.join(dir, `${date}${suffix}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, markdown);
  const shown = path.relative(process.env.INIT_CWD ?? process.cwd(), base);
  process.stdout.write(`\n${markdown}\nWrote ${shown}.{json,md}\n`);
  const broken = [
    r.guard,
    r.replay,
    r.rooms,
    r.durability,
    r.coldJoin,
    r.phone,
    r.workshop,
    r.fleet,
    ...Object.values(r.fanout ?? {}),
  ].filter(failed);
  if (broken.length > 0) process.exitCode = 1;
}

await main();
