import fs from 'node:fs';
import { sleep } from './clock';

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function machineJiffies(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, ...fields] = line.trim().split(/\s+/);
  const n = fields.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0); // idle + iowait
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0); // without guest time, counted in user
  return { busy: total - idle, total };
}

/** Machine CPU in % of one core (same unit as a process's CPU) between two samples. */
export const busyPct = (
  a: ReturnType<typeof machineJiffies>,
  b: ReturnType<typeof machineJiffies>,
  seconds: number,
): number => (b.busy - a.busy) / seconds; // jiffies are 1/100 s, so /s equals % of a core

/** Above this much CPU (% of one core) not ours, a measurement is not trusted. */
export const FOREIGN_LIMIT_PCT = 25;

/**
 * Waits (up to `maxMs`) until the machine is quiet: on a shared 2-core box a test suite or a
 * browser running next to the bench doubles latencies and p99s. Returns how long it waited.
 */
export async function waitForQuiet(log: (line: string) => void, maxMs = 120_000): Promise<number> {
  const t0 = performance.now();
  let warned = false;
  for (;;) {
    const a = machineJiffies();
    await sleep(1000);
    const pct = busyPct(a, machineJiffies(), 1);
    if (pct < FOREIGN_LIMIT_PCT) return performance.now() - t0;
    if (performance.now() - t0 > maxMs) {
      log(`  machine still busy (${pct.toFixed(0)}% of a core) after ${maxMs / 1000} s; going on`);
      return performance.now() - t0;
    }
    if (!warned)
      log(`  waiting for a quiet machine (${pct.toFixed(0)}% of a core busy elsewhere)…`);
    warned = true;
  }
}
