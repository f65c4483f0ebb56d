import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, ROOT } from '../servers';
import { sleep } from '../util/clock';
import { cpuSeconds } from '../util/proc';
import { busyPct, machineJiffies } from '../util/quiet';
import type { FromChild, LoadJob, LoadResult, ToChild } from './job';

const CLIENT = path.join(BENCH_DIR, 'src/load/client.ts');

/** One forked load process (see client.ts), driven step by step. */
class LoadProcess {
  readonly ready: Promise<void>;
  readonly done: Promise<void>;
  readonly result: Promise<LoadResult>;
  private readonly child: ChildProcess;

  constructor(job: LoadJob) {
    this.child = fork(CLIENT, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const waitFor = <T>(pick: (m: FromChild) => T | undefined): Promise<T> =>
      new Promise((resolve, reject) => {
        const onMessage = (m: FromChild): void => {
          if (m.type === 'error') return reject(new Error(`load process: ${m.message}`));
          const value = pick(m);
          if (value !== undefined) {
            this.child.off('message', onMessage);
            resolve(value);
          }
        };
        this.child.on('message', onMessage);
        this.child.once('exit', (code) => reject(new Error(`load process exited with ${code}`)));
      });
    this.ready = waitFor((m) => (m.type === 'ready' ? true : undefined)).then(() => undefined);
    this.done = waitFor((m) => (m.type === 'done' ? true : undefined)).then(() => undefined);
    this.result = waitFor((m) => (m.type === 'result' ? m.result : undefined));
    // Nobody may be left waiting on a promise nobody awaits.
    this.done.catch(() => undefined);
    this.result.catch(() => undefined);
    this.post({ type: 'job', job });
  }

  post(msg: ToChild): void {
    if (this.child.connected) this.child.send(msg);
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export interface FleetRun {
  results: LoadResult[];
  /** ms from go to stop */
  elapsedMs: number;
  /** CPU of all load processes together over go → stop, % of one core: near 100 × (cores − the
   * server's share) means the clients, not the server, set the pace */
  loadCpuPct: number;
  /** the whole machine over the same window, % of one core: minus server and load = foreign */
  machineCpuPct: number;
}

export interface FleetOptions {
  /** Paced load: measure for this long. Blast load: wait for every process's `done`. */
  durationMs?: number;
  /**
   * Jobs connected (and synced) first; `onFirstReady` runs before the main jobs connect. Lets a
   * caller measure what the main jobs' connections add (memory per participant).
   */
  first?: LoadJob[];
  onFirstReady?: () => Promise<void> | void;
  /** Called when every process is connected and synced, before go (e.g. to sample RSS). */
  onReady?: () => Promise<void> | void;
  onGo?: () => void;
  onStop?: () => void;
}

/** Forks one process per job, waits until all are connected, runs them together, collects. */
export async function runFleet(jobs: LoadJob[], opts: FleetOptions): Promise<FleetRun> {
  const procs: LoadProcess[] = [];
  try {
    if (opts.first) {
      procs.push(...opts.first.map((job) => new LoadProcess(job)));
      await Promise.all(procs.map((p) => p.ready));
      await opts.onFirstReady?.();
    }
    procs.push(...jobs.map((job) => new LoadProcess(job)));
    await Promise.all(procs.map((p) => p.ready));
    await opts.onReady?.();
    const t0 = performance.now();
    const cpu0 = procs.reduce((n, p) => n + cpuSeconds(p.pid), 0);
    const machine0 = machineJiffies();
    opts.onGo?.();
    for (const p of procs) p.post({ type: 'go' });
    if (opts.durationMs !== undefined) await sleep(opts.durationMs);
    else await Promise.all(procs.map((p) => p.done));
    const elapsedMs = performance.now() - t0;
    const cpu = procs.reduce((n, p) => n + cpuSeconds(p.pid), 0) - cpu0;
    const machineCpuPct = busyPct(machine0, machineJiffies(), elapsedMs / 1000);
    opts.onStop?.();
    for (const p of procs) p.post({ type: 'stop' });
    const results = await Promise.all(procs.map((p) => p.result));
    return { results, elapsedMs, loadCpuPct: (100 * cpu) / (elapsedMs / 1000), machineCpuPct };
  } finally {
    await sleep(400);
    for (const p of procs) p.kill();
  }
}

/** Splits `items` into `n` nearly equal consecutive chunks. */
export function split<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  const size = Math.ceil(items.length / n);
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
