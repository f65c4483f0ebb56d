import type { ServerKind } from '../servers';
import { FOREIGN_LIMIT_PCT, waitForQuiet } from '../util/quiet';

export const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Retries of a run that shared the machine with someone else's work. */
const MAX_RETRIES = 2;

/**
 * Runs `run` once per server and pass, alternating direction (A B C D D C B A …), so drift over
 * the run (thermal, page cache) hits every server alike; callers take medians. Each run starts on
 * a quiet machine and is repeated if other processes took CPU during its measured window.
 */
export async function alternate<T extends { foreignCpuPct: number }>(
  kinds: readonly ServerKind[],
  passes: number,
  label: string,
  run: (kind: ServerKind) => Promise<T>,
): Promise<Map<ServerKind, T[]>> {
  const order = Array.from({ length: passes }, (_, i) =>
    i % 2 === 0 ? [...kinds] : [...kinds].reverse(),
  ).flat();
  const out = new Map<ServerKind, T[]>();
  for (const [i, kind] of order.entries()) {
    let result: T;
    for (let attempt = 0; ; attempt++) {
      await waitForQuiet(log);
      const t0 = performance.now();
      result = await run(kind);
      const s = ((performance.now() - t0) / 1000).toFixed(1);
      log(`  ${label} [${i + 1}/${order.length}] ${kind}: ${summarise(result)} (${s} s)`);
      if (result.foreignCpuPct <= FOREIGN_LIMIT_PCT || attempt >= MAX_RETRIES) break;
      log(`  … ${result.foreignCpuPct.toFixed(0)}% of a core went to other processes; again`);
    }
    out.set(kind, [...(out.get(kind) ?? []), result]);
  }
  return out;
}

function summarise(result: unknown): string {
  if (!result || typeof result !== 'object') return String(result);
  return Object.entries(result)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : (v as number).toFixed(2)}`)
    .join(' ');
}
