import type { CDPSession, Page } from 'playwright-core';

/**
 * Measuring a page the way a slow laptop lives it: the CPU slowed through CDP, long tasks as the
 * page's own PerformanceObserver reports them, the first frame that shows what the test waits
 * for, and, when a task runs long, where the time went (a CDP CPU profile, by function).
 */
export interface LongTask {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    __longTasks?: LongTask[];
    __frameAt?: number;
  }
}

/** Notes every long task from the page's start (an init script, so the load is seen too). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: LongTask[] = [];
    window.__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks that began at or after `since` (ms on the page's clock). */
export function longTasks(page: Page, since = 0): Promise<LongTask[]> {
  return page.evaluate((t) => (window.__longTasks ?? []).filter((l) => l.start >= t), since);
}

/** The page's clock: ms since its navigation began. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** What a frame must show: at least `count` distinct cards matching `cards`, and no `absent`. */
export interface Shown {
  cards: string;
  count: number;
  absent?: string;
}

/**
 * Ms from the navigation's start to the first animation frame that shows `shown` (checked in
 * every requestAnimationFrame, so just before that frame is painted).
 */
export async function firstFrame(page: Page, shown: Shown): Promise<number> {
  await page.waitForFunction(
    ({ cards, count, absent }) => {
      const ids = new Set(
        [...document.querySelectorAll<HTMLElement>(cards)].map((el) => el.dataset.cardId),
      );
      const holds = ids.size >= count && !(absent && document.querySelector(absent));
      if (holds && window.__frameAt === undefined) window.__frameAt = performance.now();
      return holds;
    },
    shown,
    { polling: 'raf', timeout: 120_000 },
  );
  return page.evaluate(() => window.__frameAt ?? NaN);
}

/** CPU slowed `rate` times for this page, as Lighthouse slows a mid-range laptop or a phone. */
export async function throttle(page: Page, rate: number): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return cdp;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/**
 * Runs `during` under the CDP sampling profiler and answers the functions that took the most
 * time themselves (self time), heaviest first: where a long task's time went.
 */
export async function heaviest(
  cdp: CDPSession,
  during: () => Promise<void>,
  top = 12,
): Promise<string[]> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  await during();
  const { profile } = await cdp.send('Profiler.stop');
  const nodes = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() || '(native)';
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  return (
    [...self.entries()]
      // (program) is the browser's own work: style, layout, paint.
      .filter(([key]) => !key.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, ms]) => `${ms.toFixed(0)} ms ${key}`)
  );
}
