import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, ROOT } from '../servers';
import { received } from './phone';
import type { Command, Replies, Reply } from './rpc';

const PHONES = path.join(BENCH_DIR, 'src/workshop/phones.ts');

/** One forked process of phones (phones.ts), driven by request and reply over IPC. */
class PhoneProcess {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();

  constructor() {
    this.child = fork(PHONES, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (msg: Reply) => {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (msg.error !== undefined) w.reject(new Error(`phone process: ${msg.error}`));
      else w.resolve(msg.result);
    });
    this.child.once('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`phone process exited: ${code}`));
      this.waiting.clear();
    });
  }

  call<C extends Command>(command: C): Promise<Replies[C['type']]> {
    return new Promise((resolve, reject) => {
      const id = ++this.next;
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Every phone process together: one command to all of them, their replies in process order. */
export class PhoneFleet {
  private readonly procs: PhoneProcess[];

  constructor(processes: number) {
    this.procs = Array.from({ length: processes }, () => new PhoneProcess());
  }

  get size(): number {
    return this.procs.length;
  }

  all<C extends Command>(command: C | ((i: number) => C)): Promise<Replies[C['type']][]> {
    return Promise.all(
      this.procs.map((p, i) => p.call(typeof command === 'function' ? command(i) : command)),
    );
  }

  /** Frames and packets every screen received so far: the phones' and this process's own. */
  async received(): Promise<Replies['counts']> {
    const counts = await this.all({ type: 'counts' });
    return [...counts, received].reduce(
      (a, b) => ({
        boardFrames: a.boardFrames + b.boardFrames,
        boardBytes: a.boardBytes + b.boardBytes,
        ioPackets: a.ioPackets + b.ioPackets,
      }),
      { boardFrames: 0, boardBytes: 0, ioPackets: 0 },
    );
  }

  kill(): void {
    for (const p of this.procs) p.kill();
  }
}
