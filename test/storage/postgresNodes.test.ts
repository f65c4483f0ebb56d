import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createApp,
  openPostgresDeps,
  testConfig,
  type AppDeps,
  type TrellisApp,
} from '@trellis/server';
import { createDatabase, type TestDatabase } from '../helpers/postgres';
import { socket } from '../helpers/clients';
import { createSession, join as joinAs, tempDir } from '../helpers/server';

/** Two (or more) Trellis nodes sharing one PostgreSQL database, as behind a load balancer. */
const running: (TrellisApp | TestDatabase)[] = [];
afterEach(async () => {
  for (const thing of running.splice(0).reverse()) {
    await ('drop' in thing ? thing.drop() : thing.close());
  }
});

async function database(): Promise<TestDatabase> {
  const db = await createDatabase();
  running.push(db);
  return db;
}

/** A node on `url`: its own DATA_DIR, its own port; everything shared lives in the database. */
async function node(
  url: string,
  options: { organiserKey?: string; deps?: Partial<AppDeps>; announce?: (key: string) => void },
): Promise<{ app: TrellisApp; url: string }> {
  const config = testConfig({ dataDir: tempDir(), organiserKey: options.organiserKey });
  const shared = await openPostgresDeps(url, config.organiserKey, options.announce ?? (() => {}));
  const app = createApp({ ...shared, ...options.deps, config });
  running.push(app);
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** Two nodes on a fresh database, with the test organiser key and these budgets. */
async function twoNodes(limits: AppDeps['limits'] = {}) {
  const db = await database();
  const options = { organiserKey: 'test-organiser-key', deps: { limits } };
  return Promise.all([node(db.url, options), node(db.url, options)]);
}

const join = (base: string, code: string) =>
  fetch(`${base}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });

describe('nodes sharing one PostgreSQL', () => {
  it('[H10] without ORGANISER_KEY the first node makes the key and prints it once; every node takes it', async () => {
    const db = await database();
    const printed: string[] = [];
    const announce = (key: string) => printed.push(key);
    // Started together: one of them makes the key, the other finds it.
    const [a, b] = await Promise.all([node(db.url, { announce }), node(db.url, { announce })]);
    expect(printed).toHaveLength(1);
    const key = printed[0]!;
    for (const n of [a, b]) {
      const res = await fetch(`${n.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: '{"title":"Shared key"}',
      });
      expect(res.status).toBe(201);
    }
    const c = await node(db.url, { announce });
    expect(printed).toHaveLength(1);
    const wrong = await fetch(`${c.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-key-at-all' },
      body: '{"title":"Wrong key"}',
    });
    expect(wrong.status).toBe(401);
  });

  it('[L2] joins from one address draw on one budget, whichever node they reach', async () => {
    const [a, b] = await twoNodes({ joinsPerIp: 4 });
    const { joinCode } = await createSession(a.url, 'Shared budget');
    const statuses: number[] = [];
    for (const n of [a, b, a, b, b, a]) statuses.push((await join(n.url, joinCode)).status);
    // Four joins in all, not four per node.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('[L2] failed joins count on every node: guessing codes on another node does not reset them', async () => {
    const [a, b] = await twoNodes({ failedJoinsPerIp: 3 });
    const { joinCode } = await createSession(a.url, 'Guessing');
    for (const n of [a, b, a]) expect((await join(n.url, 'WRONGCD')).status).toBe(404);
    const refused = await join(b.url, joinCode);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('[L3] a member’s Socket.IO events draw on one budget, whichever node its sockets reach', async () => {
    const [a, b] = await twoNodes({ eventsPerMember: 4 });
    const created = await createSession(a.url, 'Events');
    const { token } = await joinAs(a.url, created.joinCode);
    const socks = [socket(a.url, token), socket(b.url, token)];
    try {
      await Promise.all(socks.map((sock) => new Promise((r) => sock.once('session', r))));
      const answers = await Promise.all(
        socks.flatMap((sock) => [1, 2, 3].map(() => sock.emitWithAck('session:get'))),
      );
      expect(answers.filter((x) => x.ok)).toHaveLength(4);
      expect(answers.filter((x) => !x.ok && x.error.code === 'rate_limited')).toHaveLength(2);
    } finally {
      for (const sock of socks) sock.disconnect();
    }
  });

  it('[D3] a session created on one node is read, written and numbered on from another', async () => {
    const [a, b] = await twoNodes();
    const created = await createSession(a.url, 'Across nodes');
    expect((await join(b.url, created.joinCode)).status).toBe(200);
    const entry = { sessionId: created.id, time: Date.now(), memberId: null };
    const [seq] = await b.app.storage.appendUpdates(
      [{ ...entry, update: new Uint8Array([0, 0]) }],
      [],
    );
    expect(seq).toBe(2);
    expect(await a.app.storage.lastSeq(created.id)).toBe(2);
  });
});
