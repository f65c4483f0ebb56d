import { afterEach, describe, expect, it } from 'vitest';
import {
  createLogger,
  LeaseFleet,
  NotOwner,
  openPostgresStorage,
  type PostgresStorage,
} from '@trellis/server';
import { createDatabase, type TestDatabase } from '../helpers/postgres';

/** Leases and fencing on one database, several LeaseFleets standing in for several nodes. */
const open: (TestDatabase | PostgresStorage | LeaseFleet)[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) {
    if (thing instanceof LeaseFleet) await thing.close();
    else if ('drop' in thing) await thing.drop();
    else await thing.close();
  }
});

async function database(): Promise<PostgresStorage> {
  const db = await createDatabase();
  open.push(db);
  const storage = await openPostgresStorage(db.url);
  open.push(storage);
  return storage;
}

/** A node's leases: renewed every third of `leaseMs` (long by default: tests expire by hand). */
function node(storage: PostgresStorage, id: string, leaseMs = 60_000): LeaseFleet {
  const fleet = new LeaseFleet(storage, { nodeId: id, leaseMs }, createLogger('silent'));
  fleet.advertise(`http://${id}.test`);
  open.push(fleet);
  return fleet;
}

let counter = 0;
async function session(storage: PostgresStorage): Promise<string> {
  const id = `lease-${process.pid}-${++counter}`;
  const now = Date.now();
  await storage.createSession(
    {
      id,
      title: 'Leases',
      template: 'open',
      joinCode: `L${counter}X${process.pid}`,
      createdAt: now,
      endedAt: null,
    },
    [],
    { sessionId: id, time: now, memberId: null, update: Uint8Array.of(0) },
  );
  return id;
}

const entry = (sessionId: string, label: string) => ({
  sessionId,
  time: Date.now(),
  memberId: null,
  update: new TextEncoder().encode(label),
});

async function head(storage: PostgresStorage, sessionId: string) {
  const { rows } = await storage.pool.query<{
    owner: string | null;
    epoch: number;
    last_seq: number;
  }>('SELECT owner, epoch, last_seq FROM session_heads WHERE session_id = $1', [sessionId]);
  return rows[0]!;
}

/** The lease runs out, as it does for a node that stopped renewing (killed or paused). */
const expire = (storage: PostgresStorage, sessionId: string) =>
  storage.pool.query('UPDATE session_heads SET lease_until = 0 WHERE session_id = $1', [sessionId]);

const logged = async (storage: PostgresStorage, sessionId: string) =>
  (await storage.loadState(sessionId)).tail.map((e) => [e.seq, new TextDecoder().decode(e.update)]);

describe('session leases on PostgreSQL', () => {
  it('[N1] one node holds a session at a time: another is told where it is, and takes it at once after a release, with a new epoch', async () => {
    const storage = await database();
    const s = await session(storage);
    const [a, b] = [node(storage, 'a'), node(storage, 'b')];
    await a.acquire(s);
    expect(await head(storage, s)).toMatchObject({ owner: 'a', epoch: 1 });
    const refused = await b.acquire(s).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(NotOwner);
    expect(refused).toMatchObject({ ownerUrl: 'http://a.test' });
    await a.release(s);
    await b.acquire(s);
    expect(await head(storage, s)).toMatchObject({ owner: 'b', epoch: 2 });
  });

  it('[N1] twenty nodes taking a cold session at the same instant: exactly one holds it', async () => {
    const storage = await database();
    const s = await session(storage);
    const nodes = Array.from({ length: 20 }, (_, i) => node(storage, `n${i}`));
    const results = await Promise.allSettled(nodes.map((n) => n.acquire(s)));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`n${i}`] : []));
    expect(won).toHaveLength(1);
    const told = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(told.map((err) => err instanceof NotOwner && err.ownerUrl)).toEqual(
      Array(19).fill(`http://${won[0]}.test`),
    );
    expect(await head(storage, s)).toMatchObject({ owner: won[0], epoch: 1 });
  });

  it("[N2] once another node took the session, the old owner's append writes none of its entries, bindings or table writes, and the rest of its batch lands", async () => {
    const storage = await database();
    const [s, other] = [await session(storage), await session(storage)];
    const [a, b] = [node(storage, 'a'), node(storage, 'b')];
    const lost: string[] = [];
    a.onLost((id) => lost.push(id));
    await a.acquire(s);
    await a.acquire(other);
    expect((await a.append([entry(s, 'a1')], [], [])).seqs).toEqual([2]);
    await expire(storage, s);
    await b.acquire(s);

    const fenced = await a.append(
      [entry(s, 'a2'), entry(other, 'o1')],
      [{ sessionId: s, clientId: 77, memberId: 'm' }],
      [{ type: 'sessionEnded', sessionId: s, time: 1 }],
    );
    expect([...fenced.fenced]).toEqual([s]);
    expect(fenced.seqs).toEqual([2]);
    expect(lost).toEqual([s]);
    // Bindings alone are fenced too: the head is checked even when no entry comes with them.
    const bindingOnly = await a.append([], [{ sessionId: s, clientId: 78, memberId: 'm' }], []);
    expect([...bindingOnly.fenced]).toEqual([s]);

    expect((await b.append([entry(s, 'b1')], [], [])).seqs).toEqual([3]);
    expect(await logged(storage, s)).toEqual([
      [1, '\0'],
      [2, 'a1'],
      [3, 'b1'],
    ]);
    expect(await logged(storage, other)).toEqual([
      [1, '\0'],
      [2, 'o1'],
    ]);
    expect([...(await storage.clientBindings(s)).keys()]).toEqual([]);
    expect((await storage.sessionById(s))?.endedAt).toBeNull();
  });

  it("[N2] a checkpoint the old owner writes after another node took the session is not written; the new owner's is", async () => {
    const storage = await database();
    const s = await session(storage);
    const [a, b] = [node(storage, 'a'), node(storage, 'b')];
    await a.acquire(s);
    await a.writeCheckpoint(s, 1, 1, Uint8Array.of(1));
    await expire(storage, s);
    await b.acquire(s);
    await a.writeCheckpoint(s, 1, 2, Uint8Array.of(2));
    await a.writeCheckpoint(s, 2, 2, Uint8Array.of(2));
    expect((await storage.loadState(s)).checkpoint).toEqual({ seq: 1, state: Uint8Array.of(1) });
    await b.writeCheckpoint(s, 1, 3, Uint8Array.of(3));
    expect((await storage.loadState(s)).checkpoint).toEqual({ seq: 1, state: Uint8Array.of(3) });
  });

  it('[N1] a held lease is renewed every third of its length; a renewal that finds the session taken reports it lost', async () => {
    const storage = await database();
    const s = await session(storage);
    const a = node(storage, 'a', 600);
    const b = node(storage, 'b');
    const lost: string[] = [];
    a.onLost((id) => lost.push(id));
    await a.acquire(s);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await expect(b.acquire(s)).rejects.toBeInstanceOf(NotOwner);
    await expire(storage, s);
    await b.acquire(s);
    await expect.poll(() => lost).toEqual([s]);
  });
});
