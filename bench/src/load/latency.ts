import type { LoadResult } from './job';

/** Per client id: the clocks a receiver reached, ascending, and when. */
type Timeline = Map<number, { clocks: number[]; times: number[] }>;

function timeline(triples: readonly number[]): Timeline {
  const out: Timeline = new Map();
  for (let i = 0; i < triples.length; i += 3) {
    const client = triples[i]!;
    let line = out.get(client);
    if (!line) out.set(client, (line = { clocks: [], times: [] }));
    line.clocks.push(triples[i + 1]!);
    line.times.push(triples[i + 2]!);
  }
  return out;
}

/** Index of the first clock ≥ `clock`, or -1. */
function firstAtLeast(clocks: number[], clock: number): number {
  let lo = 0;
  let hi = clocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (clocks[mid]! < clock) lo = mid + 1;
    else hi = mid;
  }
  return lo < clocks.length ? lo : -1;
}

export interface Latencies {
  /** ms from a writer's transaction to each receiver having applied it */
  ms: number[];
  /** (transaction, receiver) pairs in the window that never arrived */
  lost: number;
}

/**
 * Matches writer transactions (client, clock, time) against receivers' timelines. A receiver has
 * applied a transaction once its state for that client reaches the transaction's clock; this
 * holds however the server merged or batched updates. Receivers that never saw a client are in
 * another room and are skipped. Only transactions made in [from, to] count (warm-up excluded).
 */
export function matchLatencies(
  tx: readonly number[],
  receivers: readonly (readonly number[])[],
  from: number,
  to: number,
): Latencies {
  const lines = receivers.map(timeline);
  const ms: number[] = [];
  let lost = 0;
  for (let i = 0; i < tx.length; i += 3) {
    const t = tx[i + 2]!;
    if (t < from || t > to) continue;
    const client = tx[i]!;
    const clock = tx[i + 1]!;
    for (const line of lines) {
      const l = line.get(client);
      if (!l) continue;
      const at = firstAtLeast(l.clocks, clock);
      if (at < 0) lost++;
      else ms.push(l.times[at]! - t);
    }
  }
  return { ms, lost };
}

/** Everything the probes of a fleet saw, and every writer transaction, across processes. */
export function gather(results: readonly LoadResult[]): { tx: number[]; seen: number[][] } {
  return {
    tx: results.flatMap((r) => r.tx),
    seen: results.flatMap((r) => r.seen),
  };
}
