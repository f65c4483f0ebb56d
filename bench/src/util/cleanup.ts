import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * What the harness leaves behind if it is interrupted (Ctrl-C, a timeout, kill): server
 * processes and temp dirs. Load processes need nothing: they exit when their IPC channel closes.
 */
const children = new Map<ChildProcess, NodeJS.Signals>();
const dirs = new Set<string>();

export function killOnExit(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  children.set(child, signal);
  child.once('exit', () => children.delete(child));
}

export function removeOnExit(dir: string): () => void {
  dirs.add(dir);
  return () => {
    dirs.delete(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

process.on('exit', () => {
  for (const [child, signal] of children) child.kill(signal);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}
