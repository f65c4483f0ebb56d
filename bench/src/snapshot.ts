import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, PEERS_DIR, ROOT } from './servers';
import { killOnExit, removeOnExit } from './util/cleanup';

const git = (...args: string[]): string => {
  const res = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : '';
};

/** What is being measured: a commit, and whether the working tree differs from it. */
export function revision(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  const head = git('rev-parse', '--short=12', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'server', 'shared', 'client') !== '';
  return dirty ? `${head} + uncommitted changes` : head;
}

/**
 * Links every installed package into the snapshot, except the workspaces themselves, which
 * must resolve to the snapshot's copies (the root's links point back into the working tree).
 */
function linkNodeModules(dir: string): void {
  const target = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(target, '@trellis'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === '@trellis') continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(target, entry));
  }
  for (const ws of ['shared', 'server', 'client', 'test', 'bench']) {
    fs.symlinkSync(path.join(dir, ws), path.join(target, '@trellis', ws));
  }
  // The peer servers keep their own node_modules (scripts/bench.mjs installed them).
  fs.symlinkSync(path.join(PEERS_DIR, 'node_modules'), path.join(dir, 'bench/peers/node_modules'));
}

/**
 * `--snapshot[=<commit>]`: runs the whole bench on the committed HEAD (or another commit, for an
 * A/B), extracted to a temp dir, so edits landing in the working tree during a 10-minute run
 * cannot break a server mid-way or mix two versions in one table. The harness itself (bench/) is
 * copied from the working tree.
 */
export async function runInSnapshot(args: string[], ref = 'HEAD'): Promise<number> {
  const commit = git('rev-parse', '--short=12', ref);
  if (!commit) throw new Error('--snapshot needs a git checkout');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trellis-bench-${commit}-`));
  const remove = removeOnExit(dir);
  try {
    const archive = spawnSync(
      'sh',
      ['-c', `git archive --format=tar ${commit} | tar -x -C '${dir}'`],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
    fs.rmSync(path.join(dir, 'bench'), { recursive: true, force: true });
    for (const item of ['src', 'package.json', 'tsconfig.json', 'peers']) {
      fs.cpSync(path.join(BENCH_DIR, item), path.join(dir, 'bench', item), {
        recursive: true,
        filter: (from) => path.basename(from) !== 'node_modules',
      });
    }
    linkNodeModules(dir);
    process.stderr.write(`Benchmarking commit ${commit} from ${dir}\n`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(dir, 'bench/src/main.ts'), ...args],
      {
        cwd: dir,
        stdio: 'inherit',
        env: {
          ...process.env,
          BENCH_COMMIT: commit,
          BENCH_RESULTS_DIR: path.join(BENCH_DIR, 'results'),
        },
      },
    );
    // SIGTERM, not SIGKILL: the inner harness then stops its own servers on the way out.
    killOnExit(child, 'SIGTERM');
    return await new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    remove();
  }
}
