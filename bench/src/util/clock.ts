/**
 * Milliseconds on CLOCK_MONOTONIC (what `process.hrtime` reads on Linux). Unlike
 * `performance.timeOrigin + now()`, it is the same clock in every process on the machine, so a
 * writer's timestamp and a receiver's timestamp in another process can be subtracted.
 */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
