import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { addCard, cardsOf, listCards, metaOf, setCardText, zonesOf } from '@trellis/shared';
import { provider, rawClient, socket, updateFrom, type RawClient } from '../helpers/clients';
import { eventually, startServer, type TestServer } from '../helpers/server';

/**
 * Property tests: whatever a hostile participant sends, the server stays up, nothing outside
 * that participant's rights changes, and honest clients keep converging.
 */
let s: TestServer;
let sessionId: string;
let attackerToken: string;
let facilitatorToken: string;
let ana: ReturnType<typeof provider>;
let fac: ReturnType<typeof provider>;
let protectedView: string;
const closeCodes = new Map<number, number>();

const protectedState = (doc: Y.Doc): string =>
  JSON.stringify({
    meta: metaOf(doc).toJSON(),
    zones: Object.keys(zonesOf(doc).toJSON()).sort(),
    ana: cardsOf(doc).get('ana')?.toJSON(),
    fac: cardsOf(doc).get('fac')?.toJSON(),
  });

beforeAll(async () => {
  s = await startServer(
    { maxMessageBytes: 64 * 1024 },
    {
      limits: {
        messagesPerMember: 1e6,
        messagesPerSession: 1e6,
        messagesPerTick: 1e6,
        syncRequestsPerConnection: 1e6,
        eventsPerMember: 1e6,
      },
    },
  );
  const created = await s.createSession('Fuzzed');
  sessionId = created.id;
  facilitatorToken = created.facilitatorToken;
  const a = await s.join(created.joinCode, 'Ana');
  attackerToken = (await s.join(created.joinCode, 'Mallory')).token;
  ana = provider(s.wsUrl, sessionId, a.token);
  fac = provider(s.wsUrl, sessionId, created.facilitatorToken);
  await Promise.all([ana.synced, fac.synced]);
  addCard(ana.doc, { id: 'ana', kind: 'statement', text: 'Ana says', authorId: a.participantId });
  addCard(fac.doc, { id: 'fac', kind: 'synthesis', text: 'Working trust' });
  await eventually(() => expect(listCards(fac.doc)).toHaveLength(2));
  protectedView = protectedState(fac.doc);
});

afterAll(async () => {
  ana?.provider.destroy();
  fac?.provider.destroy();
  await s?.close();
});

let attacker: RawClient | undefined;
async function attackerConnection(): Promise<RawClient> {
  if (attacker && attacker.ws.readyState === attacker.ws.OPEN) return attacker;
  attacker = rawClient(s.wsUrl, sessionId, attackerToken);
  void attacker.closed.then(({ code }) => closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1));
  await attacker.opened;
  return attacker;
}

/**
 * Waits until the server has dealt with everything sent so far on `c`: it either closed the
 * connection or answers a query-awareness sent behind it. Never answering = a hang = a failure.
 */
async function settle(c: RawClient): Promise<void> {
  if (c.ws.readyState !== c.ws.OPEN) return;
  const answered = new Promise<void>((resolve) => c.ws.once('message', () => resolve()));
  c.send(new Uint8Array([3]));
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('server did not answer within 2 s')), 2000);
  });
  try {
    await Promise.race([answered, c.closed.then(() => undefined), hung]);
  } finally {
    clearTimeout(timer);
  }
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Valid updates of every kind the attacker might start from, made on a copy of the room. */
function seedUpdates(): Uint8Array[] {
  const base = new Y.Doc();
  Y.applyUpdate(base, Y.encodeStateAsUpdate(fac.doc));
  const id = 7_000_000 + Math.floor(Math.random() * 1000);
  return [
    updateFrom(id, (d) => addCard(d, { id: `m${id}`, kind: 'note', text: 'mine' }), base),
    updateFrom(id + 1, (d) => setCardText(d, 'ana', 'Mallory edits Ana'), base),
    updateFrom(id + 2, (d) => metaOf(d).set('title', 'Owned'), base),
    updateFrom(id + 3, (d) => cardsOf(d).delete('fac'), base),
    updateFrom(id + 4, (d) => zonesOf(d).get('ideas')?.set('titleKey', 'x'), base),
  ];
}

async function healthy(): Promise<void> {
  const started = Date.now();
  const res = await fetch(`${s.url}/api/health`);
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(2000);
}

describe('hostile input, property-based', () => {
  it('[F1] random bytes on the board socket never break the room', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
        const c = await attackerConnection();
        c.send(bytes);
        await settle(c);
      }),
      { numRuns: 300 },
    );
    await healthy();
    expect(protectedState(fac.doc)).toBe(protectedView);
  });

  it('[F2] mutated updates are rejected or harmless, and honest clients converge', async () => {
    const seeds = seedUpdates();
    const mutation = fc.record({
      seed: fc.nat({ max: seeds.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate'),
          value: fc.nat({ max: 255 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      step: fc.constantFrom(1, 2),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ seed, edits, step }) => {
        let bytes = Array.from(seeds[seed]!);
        for (const e of edits) {
          const at = bytes.length === 0 ? 0 : e.at % bytes.length;
          if (e.kind === 'flip') bytes[at] = (bytes[at] ?? 0) ^ (e.value || 1);
          else if (e.kind === 'insert') bytes.splice(at, 0, e.value);
          else if (e.kind === 'delete') bytes.splice(at, 1);
          else bytes = bytes.slice(0, at);
        }
        const c = await attackerConnection();
        c.send(syncMessage(step, new Uint8Array(bytes)));
        await settle(c);
      }),
      { numRuns: 400 },
    );
    // Meanwhile honest work goes on and converges.
    setCardText(ana.doc, 'ana', 'Ana says, still');
    addCard(fac.doc, { id: 'after', kind: 'note', text: 'after the storm' });
    await eventually(() => {
      expect(listCards(ana.doc).map((c) => c.text)).toContain('after the storm');
      expect(Y.encodeStateVector(ana.doc)).toEqual(Y.encodeStateVector(fac.doc));
    });
    await healthy();
    const now = JSON.parse(protectedState(fac.doc)) as Record<string, unknown>;
    const was = JSON.parse(protectedView) as Record<string, unknown>;
    expect(now.meta).toEqual(was.meta);
    expect(now.zones).toEqual(was.zones);
    expect(now.fac).toEqual(was.fac);
    expect((now.ana as { text: string }).text).toBe('Ana says, still');
    const fresh = provider(s.wsUrl, sessionId, facilitatorToken);
    await fresh.synced;
    expect(fresh.doc.store.pendingStructs).toBeNull();
    expect(fresh.doc.store.pendingDs).toBeNull();
    fresh.provider.destroy();
    // Every hostile connection ended with a code from the protocol, never a crash.
    for (const code of closeCodes.keys()) expect([4400, 4403, 1009]).toContain(code);
  });

  it('[F3] random Socket.IO events and payloads get error acks or nothing; the socket stays usable', async () => {
    const sock = socket(s.url, attackerToken);
    await new Promise((r) => sock.once('session', r));
    const untyped = sock as unknown as {
      timeout: (ms: number) => { emitWithAck: (e: string, ...a: unknown[]) => Promise<unknown> };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 30 }),
        fc.array(fc.anything(), { maxLength: 3 }),
        async (event, args) => {
          if (
            [
              'connect',
              'disconnect',
              'connect_error',
              'disconnecting',
              'newListener',
              'removeListener',
            ].includes(event)
          )
            return;
          const res = await untyped
            .timeout(1000)
            .emitWithAck(event, ...args)
            .catch(() => 'no ack');
          if (res !== 'no ack') expect(res).toMatchObject({ ok: expect.any(Boolean) as unknown });
        },
      ),
      { numRuns: 150 },
    );
    expect(sock.connected).toBe(true);
    const ok = await sock.emitWithAck('session:get');
    expect(ok.ok).toBe(true);
    sock.disconnect();
    await healthy();
  });
});
