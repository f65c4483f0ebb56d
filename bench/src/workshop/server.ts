import { cpuSeconds, rssBytes } from '../util/proc';
import { openInspector, type Inspector } from '../util/inspector';
import type { RunningServer } from '../servers';

/** What the server did during one phase of the workshop. */
export interface ServerWindow {
  cpuPct: number;
  peakRssMb: number;
  /** event-loop delay inside the server (perf_hooks), ms */
  loopP99Ms: number;
  loopMaxMs: number;
}

const HISTOGRAM = 'globalThis.__benchLoopDelay';

/**
 * The server's CPU and RSS from /proc, and its event-loop delay from a `monitorEventLoopDelay`
 * histogram installed through the inspector: measured inside the process, so it says how long
 * the server's own work held its loop, whatever the load processes next to it were doing.
 */
export class ServerGauge {
  private cpu0 = 0;
  private t0 = 0;
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pid: number,
    private readonly inspector: Inspector,
  ) {}

  static async attach(server: RunningServer): Promise<ServerGauge> {
    const inspector = await openInspector(server.inspectPort!);
    const gauge = new ServerGauge(server.pid, inspector);
    await gauge.evaluate(
      `${HISTOGRAM} ??= (() => { const h = process.getBuiltinModule('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable(); return h; })(), 0`,
    );
    return gauge;
  }

  async start(): Promise<void> {
    await this.evaluate(`${HISTOGRAM}.reset(), 0`);
    this.cpu0 = cpuSeconds(this.pid);
    this.t0 = performance.now();
    this.peak = rssBytes(this.pid);
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, rssBytes(this.pid))), 250);
  }

  async stop(): Promise<ServerWindow> {
    clearInterval(this.timer);
    const seconds = (performance.now() - this.t0) / 1000;
    const cpuPct = (100 * (cpuSeconds(this.pid) - this.cpu0)) / seconds;
    this.peak = Math.max(this.peak, rssBytes(this.pid));
    const loop = JSON.parse(
      await this.evaluate(
        `JSON.stringify({ p99: ${HISTOGRAM}.percentile(99) / 1e6, max: ${HISTOGRAM}.max / 1e6 })`,
      ),
    ) as { p99: number; max: number };
    return { cpuPct, peakRssMb: this.peak / 2 ** 20, loopP99Ms: loop.p99, loopMaxMs: loop.max };
  }

  close(): void {
    clearInterval(this.timer);
    this.inspector.close();
  }

  private async evaluate(expression: string): Promise<string> {
    const res = await this.inspector.call<{
      result: { value: unknown };
      exceptionDetails?: unknown;
    }>('Runtime.evaluate', { expression, returnByValue: true });
    if (res.exceptionDetails) throw new Error(`inspector: ${JSON.stringify(res.exceptionDetails)}`);
    return String(res.result.value);
  }
}
