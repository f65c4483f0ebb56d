#!/usr/bin/env node
// A throwaway PostgreSQL cluster in a temp folder, for tests and trying Trellis on PostgreSQL
// without Docker: initdb, pg_ctl start on a free port of 127.0.0.1 (its socket in the folder),
// and on stop, pg_ctl stop and the folder removed. PostgreSQL refuses to run as root: as root,
// the folder belongs to the `postgres` user (Debian's package creates it) and the server runs
// as that user through runuser.
//
//   node scripts/pg.mjs                   starts one, prints its DATABASE_URL, stops on Ctrl-C
//   node scripts/pg.mjs run -- <command>  runs <command> with DATABASE_URL set, then stops it
//   node scripts/pg.mjs bin               prints where PostgreSQL's binaries are (fails if none)
//
// Binaries: PG_BIN, else pg_config --bindir, else the newest /usr/lib/postgresql/*/bin.
// Tests import startCluster (test/helpers/postgres.ts).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const RUN_AS = 'postgres';

/** The folder holding initdb, pg_ctl and postgres, or undefined when PostgreSQL is missing. */
export function findPgBin() {
  const has = (dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && dir;
  if (process.env.PG_BIN) return has(process.env.PG_BIN) || undefined;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (has(dir)) return dir;
  } catch {
    // No pg_config (Debian ships it in libpq-dev): look where the server packages put it.
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const dir = path.join(root, v, 'bin');
    if (has(dir)) return dir;
  }
  return undefined;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function pg(bin, tool, args) {
  const file = path.join(bin, tool);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', RUN_AS, '--', file, ...args]] : [file, args];
  // cwd /: the postgres user may not enter the folder we run from.
  const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: '/' });
  if (result.status !== 0) {
    throw new Error(
      `${tool} failed (${result.status ?? result.signal}): ${result.error ?? ''}${result.stderr}${result.stdout}`,
    );
  }
}

/**
 * Creates and starts a cluster; resolves { url, dir, stop }. `url` names the `postgres`
 * database as the superuser `postgres` (trust authentication, 127.0.0.1 only). `durable: false`
 * turns fsync off: a test cluster survives a killed Trellis either way, only not a power cut.
 */
export async function startCluster({ durable = true } = {}) {
  const bin = findPgBin();
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed: `npm run test:deps` installs it (Debian: apt-get install postgresql), or set PG_BIN',
    );
  }
  // Under /tmp when root: the postgres user must reach the folder, and a TMPDIR of root's may
  // be closed to it.
  const base = isRoot() ? '/tmp' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'trellis-pg-'));
  if (isRoot()) execFileSync('chown', [RUN_AS, dir]);
  const data = path.join(dir, 'data');
  const stop = () => stopCluster(dir, bin);
  try {
    pg(bin, 'initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]);
    const settings = [
      "listen_addresses='127.0.0.1'",
      `unix_socket_directories='${dir}'`,
      'max_connections=300',
      ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
    ];
    fs.appendFileSync(path.join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
    // A port another process takes between our probe and postgres' bind fails the start: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        pg(bin, 'pg_ctl', [
          '-D',
          data,
          '-o',
          `-p ${port}`,
          '-l',
          path.join(dir, 'postgres.log'),
          '-w',
          '-t',
          '60',
          'start',
        ]);
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, stop };
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    const log = path.join(dir, 'postgres.log');
    const tail = fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail}`, { cause: err });
  }
}

/** Stops the cluster in `dir` (made by startCluster, perhaps in another process) and removes it. */
export function stopCluster(dir, bin = findPgBin()) {
  const data = path.join(dir, 'data');
  try {
    if (bin && fs.existsSync(path.join(data, 'postmaster.pid'))) {
      pg(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv) {
  if (argv[0] === 'bin') {
    const bin = findPgBin();
    if (!bin) throw new Error('PostgreSQL is not installed (no initdb found); set PG_BIN');
    process.stdout.write(`${bin}\n`);
    return;
  }
  const cluster = await startCluster();
  const dash = argv.indexOf('--');
  if (argv[0] === 'run') {
    const [cmd, ...args] = argv.slice(dash + 1);
    if (dash < 0 || !cmd) throw new Error('usage: node scripts/pg.mjs run -- <command> [args…]');
    const child = spawn(cmd, args, {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: cluster.url, TEST_DATABASE_URL: cluster.url },
    });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    const code = await new Promise((resolve) =>
      child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
    );
    cluster.stop();
    process.exit(code);
  }
  process.stdout.write(
    `DATABASE_URL=${cluster.url}\n(cluster in ${cluster.dir}; Ctrl-C stops it and removes it)\n`,
  );
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  cluster.stop();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
