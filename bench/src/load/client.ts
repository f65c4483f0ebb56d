/**
 * A load process: the harness forks several, each holding a share of the connections, so the
 * server under test never shares a process (or an event loop) with the clients driving it.
 * Protocol over IPC: job → ready → go → (done) → stop → result.
 */
import { pool } from '../members';
import { nowMs, sleep } from '../util/clock';
import { Conn, newRecorder, type Recorder } from './conn';
import type { FromChild, LoadJob, LoadResult, ToChild } from './job';
import { wireFor } from './wire';

const HEALTH_EVERY_MS = 50;
const CONNECT_TIMEOUT_MS = 60_000;
/** After stop, updates still in flight get this long to arrive before results are taken. */
const DRAIN_MS = 1500;
/** A blast that has not finished by then is stuck (a writer waits for `saved` that never comes). */
const BLAST_TIMEOUT_MS = 180_000;

const rec: Recorder = newRecorder();
let conns: Conn[] = [];
let job: LoadJob | undefined;
const health: number[] = [];
let healthTimer: NodeJS.Timeout | undefined;
let blastMs: number | undefined;

const send = (msg: FromChild): void => void process.send?.(msg);

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms)),
  ]);
}

async function connectAll(j: LoadJob): Promise<void> {
  conns = await pool(j.conns, j.connectConcurrency, async (spec) => {
    // Pausing before each connection lets a room unload (or a seeder finish) first.
    if (j.connectPauseMs) await sleep(j.connectPauseMs);
    const conn = new Conn(spec, wireFor(j.protocol, spec.docName, spec.token), j, rec);
    await withTimeout(conn.ready, CONNECT_TIMEOUT_MS, `connect ${spec.role}`);
    if (spec.role === 'joiner') conn.close();
    return conn;
  });
}

/** Sequential GETs: a request that waits is a server event loop that was busy. */
function startHealthProbe(url: string): void {
  let first = true;
  const tick = async (): Promise<void> => {
    const t = nowMs();
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      // The first request pays for connection setup, not for the server's event loop.
      if (!first) health.push(nowMs() - t);
    } catch (err) {
      rec.errors.push(`health: ${String(err)}`);
    }
    first = false;
    if (rec.measuring) healthTimer = setTimeout(() => void tick(), HEALTH_EVERY_MS);
  };
  void tick();
}

async function go(j: LoadJob): Promise<void> {
  rec.measuring = true;
  if (j.healthUrl) startHealthProbe(j.healthUrl);
  const writers = conns.filter((_, i) => j.conns[i]!.role === 'writer');
  if (j.blast) {
    const t0 = nowMs();
    await withTimeout(
      Promise.all(writers.map((w) => w.blast(j.blast!))),
      BLAST_TIMEOUT_MS,
      'blast',
    );
    blastMs = nowMs() - t0;
    send({ type: 'done' });
  } else {
    for (const w of writers) w.startTyping(j.writeHz);
  }
}

async function stop(j: LoadJob): Promise<void> {
  for (const c of conns) c.stop();
  await sleep(DRAIN_MS);
  rec.measuring = false;
  clearTimeout(healthTimer);
  const roles = j.conns.map((c) => c.role);
  const result: LoadResult = {
    tx: rec.tx,
    seen: conns.filter((_, i) => roles[i] === 'probe').map((c) => c.seen),
    saved: rec.saved,
    syncMs: conns.map((c) => c.syncMs),
    syncBytes: conns.filter((_, i) => roles[i] === 'joiner').map((c) => c.syncBytes),
    cards: conns.filter((_, i) => roles[i] === 'joiner').map((c) => c.cardCount()),
    health,
    bytesIn: rec.bytesIn,
    messagesIn: rec.messagesIn,
    closes: rec.closes,
    errors: rec.errors.slice(0, 20),
    ...(blastMs !== undefined && { blastMs }),
  };
  const keeper = conns.find((_, i) => roles[i] === 'joiner');
  if (j.keepState && keeper) result.state = keeper.state();
  send({ type: 'result', result });
  for (const c of conns) c.close();
  // Let the result and the close frames leave before exiting.
  setTimeout(() => process.exit(0), 300);
}

process.on('message', (msg: ToChild) => {
  const fail = (err: unknown): void => {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    setTimeout(() => process.exit(1), 100);
  };
  switch (msg.type) {
    case 'job':
      job = msg.job;
      connectAll(msg.job).then(() => send({ type: 'ready' }), fail);
      return;
    case 'go':
      if (job) go(job).catch(fail);
      return;
    case 'stop':
      if (job) stop(job).catch(fail);
      return;
  }
});
process.on('disconnect', () => process.exit(0));
