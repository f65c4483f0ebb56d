import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { killOnExit, removeOnExit } from './util/cleanup';
import { sleep } from './util/clock';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
/** The peer servers, with their own node_modules (scripts/bench.mjs installs them on demand). */
export const PEERS_DIR = path.join(BENCH_DIR, 'peers');
/** Where results go; a `--snapshot` run writes back into the working tree's bench/results. */
export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? path.join(BENCH_DIR, 'results');

export const SERVER_KINDS = ['trellis', 'y-websocket', 'hocuspocus', 'ws-relay'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** How a client frames Yjs messages for a server: y-websocket's protocol or Hocuspocus'. */
export type Protocol = 'y-websocket' | 'hocuspocus' | 'relay';

export const ORGANISER_KEY = 'bench-organiser-key-0123';

export interface RunningServer {
  kind: ServerKind;
  pid: number;
  httpBase: string;
  /** What the load clients open for a room (token appended for Trellis). */
  wsUrl(room: string, token: string): string;
  protocol: Protocol;
  /** A cheap HTTP route, timed by the event-loop probe. */
  healthUrl: string;
  dataDir: string | undefined;
  /** Inspector port when started with `inspect`. */
  inspectPort: number | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for Trellis (e.g. ROOM_GRACE_MS); undefined removes a variable (the
   * SQLite side of a comparison in a bench run with DATABASE_URL set). */
  env?: Record<string, string | undefined>;
  /** Extra node flags, e.g. --cpu-prof for the profiling run. */
  nodeFlags?: string[];
  /** Reuse a data directory (cold join restarts Trellis on its history). */
  dataDir?: string;
  /** Open the inspector on a free port (memory scenario: GC on demand, then measure). */
  inspect?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** y-websocket 2.1.0's reference server, from bench/peers (the client wants 3.x at the root). */
function yWebsocketServerScript(): string {
  const require = createRequire(path.join(PEERS_DIR, 'package.json'));
  const pkg = require.resolve('y-websocket/package.json', { paths: [PEERS_DIR] });
  const version = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  if (version !== '2.1.0') throw new Error(`expected y-websocket 2.1.0, found ${version}`);
  return path.join(path.dirname(pkg), 'bin/server.cjs');
}

/** The version of a package as `from` resolves it (the bench, or the peers' own tree). */
export function packageVersion(name: string, from = BENCH_DIR): string {
  const require = createRequire(path.join(from, 'package.json'));
  try {
    const pkg = require.resolve(`${name}/package.json`, { paths: [from] });
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    // Packages whose exports hide package.json: walk up from the entry point.
    let dir = path.dirname(require.resolve(name, { paths: [from] }));
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version: string };
        if (pkg.name === name) return pkg.version;
      }
      dir = path.dirname(dir);
    }
    return '?';
  }
}

function command(kind: ServerKind, flags: string[]): string[] {
  switch (kind) {
    case 'trellis':
      // Exactly what `npm start` runs (tsx, production), minus the client build.
      return [...flags, '--import', 'tsx', path.join(ROOT, 'server/src/main.ts')];
    case 'y-websocket':
      return [...flags, yWebsocketServerScript()];
    case 'hocuspocus':
      return [...flags, path.join(PEERS_DIR, 'hocuspocus.mjs')];
    case 'ws-relay':
      return [...flags, '--import', 'tsx', path.join(BENCH_DIR, 'src/peers/relay.ts')];
  }
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`server at ${url} did not become healthy:\n${output()}`);
}

/** Starts one server as its own OS process on a free port of 127.0.0.1. */
export async function startServer(
  kind: ServerKind,
  opts: StartOptions = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir =
    kind === 'trellis'
      ? (opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-data-')))
      : undefined;
  // A data dir we made is ours to remove; one passed in belongs to the caller.
  const removeData = dataDir && !opts.dataDir ? removeOnExit(dataDir) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'production',
    ...(kind === 'trellis' && {
      DATA_DIR: dataDir,
      ORGANISER_KEY,
      LOG_LEVEL: 'warn',
      ...opts.env,
    }),
  };
  // y-websocket persists only when YPERSISTENCE is set; make sure an outer shell cannot set it.
  delete env.YPERSISTENCE;
  for (const [name, value] of Object.entries(opts.env ?? {}))
    if (value === undefined) delete env[name];
  const inspectPort = opts.inspect ? await freePort() : undefined;
  const flags = [
    ...(opts.nodeFlags ?? []),
    ...(inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : []),
  ];
  const child = spawn(process.execPath, command(kind, flags), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const httpBase = `http://127.0.0.1:${port}`;
  const wsBase = `ws://127.0.0.1:${port}`;
  const healthUrl = kind === 'trellis' ? `${httpBase}/api/health` : `${httpBase}/`;
  try {
    await waitHealthy(healthUrl, child, () => out);
  } catch (err) {
    child.kill('SIGKILL');
    removeData?.();
    throw err;
  }
  const protocol: Protocol =
    kind === 'hocuspocus' ? 'hocuspocus' : kind === 'ws-relay' ? 'relay' : 'y-websocket';
  return {
    kind,
    pid: child.pid!,
    httpBase,
    healthUrl,
    protocol,
    dataDir,
    inspectPort,
    wsUrl: (room, token) =>
      kind === 'trellis'
        ? `${wsBase}/yjs/${room}?token=${encodeURIComponent(token)}`
        : `${wsBase}/${room}`,
    stop: async () => {
      await stopChild(child, () => out);
      removeData?.();
    },
  };
}

function stopChild(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const hard = setTimeout(() => {
      process.stderr.write(`server ${child.pid} ignored SIGTERM; killing\n${output().slice(-500)}`);
      child.kill('SIGKILL');
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
