import fs from 'node:fs';
import os from 'node:os';

/** Kernel clock ticks per second for /proc/<pid>/stat; 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; fields after the closing paren are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/** Resident set size in bytes; NaN once the process is gone (a scenario failed mid-window). */
export function rssBytes(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return Number.NaN;
  }
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Samples a server's RSS while a measurement window is open; CPU is taken at both ends. */
export class ProcessMeter {
  private cpu0 = 0;
  private t0 = 0;
  private peakRss = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  start(): void {
    this.cpu0 = cpuSeconds(this.pid);
    this.t0 = performance.now();
    this.peakRss = rssBytes(this.pid);
    this.timer = setInterval(() => {
      this.peakRss = Math.max(this.peakRss, rssBytes(this.pid));
    }, 250);
  }

  /** CPU as % of one core over the window, and peak RSS in MB. */
  stop(): { cpuPct: number; rssMb: number } {
    clearInterval(this.timer);
    const seconds = (performance.now() - this.t0) / 1000;
    const cpu = cpuSeconds(this.pid) - this.cpu0;
    this.peakRss = Math.max(this.peakRss, rssBytes(this.pid));
    return { cpuPct: (100 * cpu) / seconds, rssMb: this.peakRss / 2 ** 20 };
  }
}

export function machine(): { cpu: string; cores: number; memGb: number; os: string } {
  const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? '?';
  const cores = (info.match(/^processor\s*:/gm) ?? []).length || os.cpus().length;
  return {
    cpu: model,
    cores,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
  };
}
