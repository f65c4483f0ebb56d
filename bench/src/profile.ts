import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import type { Scale } from './config';
import { mdTable } from './report/tables';
import { log } from './scenarios/alternate';
import { fanoutRun, type WindowObserver } from './scenarios/fanout';
import { roomsRun } from './scenarios/rooms';
import { workshop, type PhaseObserver } from './scenarios/workshop';
import { RESULTS_DIR, ROOT } from './servers';
import { openInspector, type Inspector } from './util/inspector';
import { waitForQuiet } from './util/quiet';

interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Maps generated positions back to the TypeScript source tsx compiled (inline source maps). */
async function sourceMapper(inspector: Inspector, profile: CpuProfile) {
  const maps = new Map<string, SourceMap | undefined>();
  for (const { callFrame: f } of profile.nodes) {
    if (maps.has(f.scriptId) || !/\/(server|shared)\/src\//.test(f.url)) continue;
    const { scriptSource } = await inspector.call<{ scriptSource: string }>(
      'Debugger.getScriptSource',
      { scriptId: f.scriptId },
    );
    const inline = /sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)/.exec(
      scriptSource,
    );
    maps.set(
      f.scriptId,
      inline ? new SourceMap(JSON.parse(Buffer.from(inline[1]!, 'base64').toString())) : undefined,
    );
  }
  return (f: CallFrame): number => {
    const entry = maps.get(f.scriptId)?.findEntry(f.lineNumber, f.columnNumber);
    return entry && 'originalLine' in entry ? entry.originalLine + 1 : f.lineNumber + 1;
  };
}

/**
 * Self and inclusive time per function: inclusive counts a sample once for every distinct
 * function on its stack, which is what says "this call site costs X% of the server's time".
 */
export function summariseProfile(profile: CpuProfile, line: (f: CallFrame) => number, top = 20) {
  const where = (f: CallFrame): string => {
    const url = f.url.replace(/^file:\/\//, '');
    const file = url.startsWith(ROOT)
      ? path.relative(ROOT, url)
      : url.replace(/.*node_modules\//, '');
    return `${f.functionName || '(anonymous)'} ${file}:${line(f)}`;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const leaf = where(byId.get(id)!.callFrame);
    if (/^\((idle|program)\)/.test(leaf)) continue;
    busy++;
    self.set(leaf, (self.get(leaf) ?? 0) + 1);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = where(byId.get(cur)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + 1);
    }
  }
  const pct = (v: number): string => `${((100 * v) / busy).toFixed(1)}%`;
  const rank = (m: Map<string, number>, keep: (k: string) => boolean) =>
    [...m.entries()]
      .filter(([k]) => keep(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, pct(v)]);
  return [
    `${profile.samples.length} samples, ${busy} busy; percentages are of busy samples.`,
    '',
    'Self time',
    mdTable(
      ['function', 'self'],
      rank(self, (k) => !k.startsWith('(root)')),
    ),
    '',
    'Inclusive time, Trellis code',
    mdTable(
      ['function', 'total'],
      rank(total, (k) => / (server|shared)\/src\//.test(k)),
    ),
  ].join('\n');
}

async function startProfiler(port: number): Promise<Inspector> {
  const inspector = await openInspector(port);
  await inspector.call('Debugger.enable');
  await inspector.call('Profiler.enable');
  await inspector.call('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.call('Profiler.start');
  return inspector;
}

/** Stops the profiler, keeps the profile in `dir` and answers its summary. */
async function stopProfiler(inspector: Inspector, dir: string, label: string): Promise<string> {
  const { profile } = await inspector.call<{ profile: CpuProfile }>('Profiler.stop');
  const file = path.join(dir, `trellis-${label}-${Date.now()}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return `Profile ${file}\n${summariseProfile(profile, await sourceMapper(inspector, profile))}`;
}

/** The workshop scenario, with one profile per phase. */
async function profileWorkshop(scale: Scale, dir: string): Promise<void> {
  let port = 0;
  let inspector: Inspector | undefined;
  const reports: string[] = [];
  const observer: PhaseObserver = {
    async attach(server) {
      port = server.inspectPort!;
    },
    async start() {
      inspector = await startProfiler(port);
    },
    async stop(phase) {
      const label = `workshop-${phase.replace(/\W+/g, '-')}`;
      reports.push(`## ${phase}\n\n${await stopProfiler(inspector!, dir, label)}`);
      inspector!.close();
    },
    detach: () => inspector?.close(),
  };
  await waitForQuiet(log);
  const result = await workshop(scale.workshop, observer);
  log(`workshop-${result.phones}: ${JSON.stringify(result.phases.map((p) => [p.name, p.cpuPct]))}`);
  process.stdout.write(`${reports.join('\n\n')}\n`);
}

/**
 * `npm run bench -- --profile[=rooms|connect|workshop]`: Trellis under the largest fan-out (or
 * many rooms typing, or their 3,000 participants connecting, or the workshop phase by phase),
 * sampled through the inspector during that window only.
 */
export async function profileTrellis(
  scale: Scale,
  scenario: 'fanout' | 'rooms' | 'connect' | 'workshop',
): Promise<void> {
  const dir = path.join(RESULTS_DIR, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  if (scenario === 'workshop') return profileWorkshop(scale, dir);
  const receivers = Math.max(...scale.fanout.receivers);
  const label = scenario === 'fanout' ? `fanout-${receivers}` : scenario;
  let inspector: Inspector | undefined;
  let report = '';
  await waitForQuiet(log);
  const observer: WindowObserver = {
    async beforeGo(server) {
      inspector = await startProfiler(server.inspectPort!);
    },
    async afterStop() {
      report = await stopProfiler(inspector!, dir, label);
      inspector!.close();
    },
  };
  const run =
    scenario === 'fanout'
      ? await fanoutRun('trellis', receivers, scale.fanout, observer)
      : scenario === 'rooms'
        ? await roomsRun('trellis', scale.rooms, observer)
        : await roomsRun('trellis', scale.rooms, undefined, observer);
  log(
    `${label}: p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, CPU ${run.cpuPct.toFixed(0)}%`,
  );
  process.stdout.write(`${report}\n`);
}
