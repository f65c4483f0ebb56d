import type { Scale } from '../config';
import { Conn, newRecorder, type Recorder } from '../load/conn';
import type { ConnSpec, LoadJob } from '../load/job';
import { wireFor } from '../load/wire';
import { prepareRoom } from '../members';
import type { RunningServer } from '../servers';
import { nowMs, sleep } from '../util/clock';
import type { Nodes } from './nodes';

export interface TakeoverRun {
  leaseMs: number;
  /** kill -9 of the owner → a client on a survivor synced a board with every card written */
  ms: number;
  /** cards written before the kill, and on the board the survivor served */
  cards: number;
  served: number;
  /** connection attempts on the survivor until one synced */
  attempts: number;
}

/** How often the client on the survivor tries again: the stock provider's backoff adds to this. */
const RETRY_MS = 100;

function connect(server: RunningServer, spec: Omit<ConnSpec, 'url' | 'httpBase'>, rec: Recorder) {
  const job: LoadJob = {
    protocol: server.protocol,
    httpBase: server.httpBase,
    conns: [],
    writeHz: 0,
    connectConcurrency: 1,
  };
  const full = { ...spec, url: server.wsUrl(spec.docName, spec.token), httpBase: server.httpBase };
  return new Conn(full, wireFor(server.protocol, spec.docName, spec.token), job, rec);
}

/** Highest clock per client in flat (client, clock, time) triples. */
function highest(triples: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < triples.length; i += 3) {
    out.set(triples[i]!, Math.max(out.get(triples[i]!) ?? 0, triples[i + 1]!));
  }
  return out;
}

const allSaved = (rec: Recorder): boolean => {
  const saved = highest(rec.saved);
  return [...highest(rec.tx)].every(([client, clock]) => (saved.get(client) ?? 0) >= clock);
};

/**
 * Writers on the owner type until the log has their cards (`saved`), the owner is killed with
 * SIGKILL, and a client on a survivor connects every RETRY_MS until one attempt syncs a board
 * with every card: the other node forwards to the dead owner (refused) until the lease runs out,
 * then takes the session from checkpoint + log.
 */
export async function takeover(
  fleet: Nodes,
  leaseMs: number,
  scale: Scale['fleet']['takeover'],
): Promise<TakeoverRun> {
  const [owner, survivor] = fleet.nodes as [RunningServer, RunningServer];
  const plan = await prepareRoom(owner, scale.writers + 1, 'takeover');
  const rec = newRecorder();
  const writers = plan.members
    .slice(0, scale.writers)
    .map((m) => connect(owner, { ...m, docName: plan.room, role: 'writer', socketIo: true }, rec));
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.startTyping(scale.writeHz);
  await sleep(scale.typeMs);
  for (const w of writers) w.stop();
  // Every writer's last transaction confirmed durable: what a survivor must serve.
  const deadline = nowMs() + 10_000;
  while (!allSaved(rec)) {
    if (nowMs() > deadline) throw new Error('writers never saw their last update saved');
    await sleep(50);
  }
  const cards = scale.writers;
  const t0 = nowMs();
  process.kill(owner.pid, 'SIGKILL');
  for (const w of writers) w.close();
  const reader = plan.members[scale.writers]!;
  const giveUp = t0 + leaseMs + 30_000;
  for (let attempts = 1; nowMs() < giveUp; attempts++) {
    const conn = connect(
      survivor,
      { ...reader, docName: plan.room, role: 'joiner', socketIo: false },
      newRecorder(),
    );
    const synced = await Promise.race([
      conn.ready.then(
        () => true,
        () => false,
      ),
      sleep(5000).then(() => false),
    ]);
    const served = synced ? conn.cardCount() : 0;
    conn.close();
    if (served >= cards) return { leaseMs, ms: nowMs() - t0, cards, served, attempts };
    await sleep(RETRY_MS);
  }
  throw new Error(`no survivor served the board ${leaseMs + 30_000} ms after the kill`);
}
