import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, addCard, listCards, cardsOf, setCardText } from '@trellis/shared';
import { applyReceived, rawClient, updateFrom } from '../helpers/clients';
import { encodeGc, encodeStructs, rawItem } from '../helpers/craft';
import { eventually, startServer } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer({ maxMessageBytes: 64 * 1024 });

const connect = (sessionId: string, token: string) => s.board(sessionId, token);

async function session() {
  const created = await s.createSession();
  const a = await s.join(created.joinCode, 'Ana');
  const b = await s.join(created.joinCode, 'Ben');
  return { created, a, b };
}

describe('y-websocket endpoint', () => {
  it('[R1] a missing or unknown token is closed with 4401', async () => {
    const { created } = await session();
    const none = rawClient(s.wsUrl, created.id);
    expect((await none.closed).code).toBe(CloseCode.Unauthorized);
    const bad = rawClient(s.wsUrl, created.id, 'not-a-token');
    expect((await bad.closed).code).toBe(CloseCode.Unauthorized);
  });

  it('[R2] a token of another session is closed with 4403', async () => {
    const one = await session();
    const two = await session();
    const c = rawClient(s.wsUrl, two.created.id, one.a.token);
    expect((await c.closed).code).toBe(CloseCode.Forbidden);
  });

  it('[R3] connecting to an ended session is closed with 4410', async () => {
    const { created, a } = await session();
    await s.app.workshop.command(await s.app.sessions.identify(created.facilitatorToken), {
      type: 'session:end',
    });
    const c = rawClient(s.wsUrl, created.id, a.token);
    expect((await c.closed).code).toBe(CloseCode.SessionEnded);
  });

  it('[R4] stock providers sync cards both ways, including the seeded zones and meta', async () => {
    const { created, a, b } = await session();
    const pa = connect(created.id, a.token);
    const pb = connect(created.id, b.token);
    const pf = connect(created.id, created.facilitatorToken);
    await Promise.all([pa.synced, pb.synced, pf.synced]);
    expect(pa.doc.getMap('meta').get('title')).toBe('Test session');
    expect(pa.doc.getMap('zones').size).toBeGreaterThan(0);

    addCard(pa.doc, {
      id: 'c1',
      kind: 'statement',
      text: 'Trust is shown',
      authorId: a.participantId,
      zone: 'ideas',
    });
    addCard(pb.doc, {
      id: 'c2',
      kind: 'statement',
      text: 'Small steps first',
      zone: 'ideas',
      authorId: b.participantId,
    });
    await eventually(() => {
      for (const doc of [pa.doc, pb.doc, pf.doc]) {
        expect(
          listCards(doc)
            .map((c) => c.text)
            .sort(),
        ).toEqual(['Small steps first', 'Trust is shown']);
      }
    });
    setCardText(pa.doc, 'c1', 'Trust is shown, not told');
    await eventually(() =>
      expect(listCards(pf.doc).find((c) => c.id === 'c1')?.text).toBe('Trust is shown, not told'),
    );
  });

  it('[R5] a malformed message closes only that connection with 4400', async () => {
    const { created, a, b } = await session();
    const pb = connect(created.id, b.token);
    await pb.synced;
    const bad = rawClient(s.wsUrl, created.id, a.token);
    await bad.opened;
    bad.send(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff])); // truncated varint length
    expect((await bad.closed).code).toBe(CloseCode.BadMessage);

    const garbage = rawClient(s.wsUrl, created.id, a.token);
    await garbage.opened;
    garbage.sendUpdate(new Uint8Array([5, 200, 1, 2, 3]));
    expect((await garbage.closed).code).toBe(CloseCode.BadMessage);

    const unknownType = rawClient(s.wsUrl, created.id, a.token);
    await unknownType.opened;
    unknownType.send(new Uint8Array([9, 0]));
    expect((await unknownType.closed).code).toBe(CloseCode.BadMessage);

    // The room is fine: the honest provider still writes and reads.
    addCard(pb.doc, { id: 'after', kind: 'note', text: 'still here', authorId: b.participantId });
    const watcher = connect(created.id, created.facilitatorToken);
    await eventually(() => expect(listCards(watcher.doc).map((c) => c.id)).toContain('after'));
  });

  it('[R6] a message above the size cap closes that connection', async () => {
    const { created, a } = await session();
    const c = rawClient(s.wsUrl, created.id, a.token);
    await c.opened;
    const doc = new Y.Doc();
    addCard(doc, { id: 'big', kind: 'note', text: 'x' });
    cardsOf(doc)
      .get('big')
      ?.set('blob', 'y'.repeat(100 * 1024));
    c.sendUpdate(Y.encodeStateAsUpdate(doc));
    expect((await c.closed).code).toBe(1009);
  });

  it("[R7] a facilitator's awareness is relayed and removed when the connection leaves", async () => {
    const { created, b } = await session();
    const pa = connect(created.id, created.facilitatorToken);
    const pb = connect(created.id, b.token);
    await Promise.all([pa.synced, pb.synced]);
    pa.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
    await eventually(() =>
      expect(pb.provider.awareness.getStates().get(pa.doc.clientID)).toMatchObject({
        cursor: { x: 10, y: 20 },
        user: { role: 'facilitator' },
      }),
    );
    pa.provider.destroy();
    await eventually(() =>
      expect(pb.provider.awareness.getStates().has(pa.doc.clientID)).toBe(false),
    );
  });

  it('[R8] a truncated awareness message closes that connection with 4400', async () => {
    const { created, a } = await session();
    const c = rawClient(s.wsUrl, created.id, a.token);
    await c.opened;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 5); // five clients announced, none follow
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    c.send(encoding.toUint8Array(e));
    expect((await c.closed).code).toBe(CloseCode.BadMessage);
  });
});

describe('crafted updates', () => {
  it('[R9] huge declared lengths and clocks are refused quickly, and the room stays healthy', async () => {
    const { created, a, b } = await session();
    const pb = connect(created.id, b.token);
    await pb.synced;
    const crafted = [
      encodeGc(5001, 0, 2 ** 45),
      encodeGc(5002, 2 ** 40, 1),
      encodeStructs([
        rawItem(
          5003,
          0,
          { parent: 'cards', parentSub: 'x' },
          new Y.ContentDeleted(2 ** 40) as unknown as Y.ContentAny,
        ),
      ]),
      encodeStructs([], [[5004, 0, 2 ** 50]]),
    ];
    const started = Date.now();
    for (const update of crafted) {
      const c = rawClient(s.wsUrl, created.id, a.token);
      await c.opened;
      c.sendUpdate(update);
      expect((await c.closed).code).toBe(CloseCode.BadMessage);
    }
    expect(Date.now() - started).toBeLessThan(2000);
    addCard(pb.doc, { id: 'fine', kind: 'note', text: 'fine', authorId: b.participantId });
    const watcher = connect(created.id, created.facilitatorToken);
    await eventually(() => expect(listCards(watcher.doc).map((c) => c.id)).toEqual(['fine']));
    expect(watcher.doc.store.clients.has(5001)).toBe(false);
  });
});

describe('permission hook', () => {
  it('[P1] a projector syncs and reads but any write is refused with 4403 and never relayed', async () => {
    const { created, a } = await session();
    const proj = connect(created.id, created.projectorToken);
    const pa = connect(created.id, a.token);
    await Promise.all([proj.synced, pa.synced]);
    addCard(pa.doc, {
      id: 'seen',
      kind: 'statement',
      text: 'from a phone',
      authorId: a.participantId,
    });
    await eventually(() => expect(listCards(proj.doc).map((c) => c.id)).toEqual(['seen']));

    const closed = new Promise<number>((resolve) =>
      proj.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    addCard(proj.doc, { id: 'forged', kind: 'statement', text: 'from the projector' });
    expect(await closed).toBe(CloseCode.Forbidden);

    // A deletion alone is a write too.
    const rawProj = rawClient(s.wsUrl, created.id, created.projectorToken);
    await rawProj.opened;
    const del = new Y.Doc();
    Y.applyUpdate(del, Y.encodeStateAsUpdate(pa.doc));
    let deletion: Uint8Array | undefined;
    del.on('update', (u: Uint8Array) => (deletion = u));
    cardsOf(del).delete('seen');
    rawProj.sendUpdate(deletion!);
    expect((await rawProj.closed).code).toBe(CloseCode.Forbidden);

    await new Promise((r) => setTimeout(r, 100));
    const fresh = connect(created.id, created.facilitatorToken);
    await fresh.synced;
    expect(listCards(fresh.doc).map((c) => c.id)).toEqual(['seen']);
    expect(listCards(pa.doc).map((c) => c.id)).toEqual(['seen']);
  });

  it('[P2] structs under a clientID bound to another participant are refused with 4403', async () => {
    const { created, a, b } = await session();
    const pa = connect(created.id, a.token);
    await pa.synced;
    addCard(pa.doc, {
      id: 'mine',
      kind: 'statement',
      text: 'Ana wrote this',
      authorId: a.participantId,
    });
    const fac = connect(created.id, created.facilitatorToken);
    await eventually(() => expect(listCards(fac.doc)).toHaveLength(1));

    const forger = rawClient(s.wsUrl, created.id, b.token);
    await forger.opened;
    await eventually(() => expect(forger.messages.length).toBeGreaterThan(0));
    const base = new Y.Doc();
    applyReceived(forger, base);
    const forged = updateFrom(
      pa.doc.clientID,
      (d) =>
        addCard(d, { id: 'fake', kind: 'statement', text: 'not Ana', authorId: b.participantId }),
      fac.doc,
    );
    forger.sendUpdate(forged);
    expect((await forger.closed).code).toBe(CloseCode.Forbidden);
    await new Promise((r) => setTimeout(r, 100));
    expect(listCards(fac.doc).map((c) => c.id)).toEqual(['mine']);

    // Ana herself keeps writing with the same clientID.
    addCard(pa.doc, {
      id: 'mine2',
      kind: 'statement',
      text: 'still me',
      authorId: a.participantId,
    });
    await eventually(() =>
      expect(
        listCards(fac.doc)
          .map((c) => c.id)
          .sort(),
      ).toEqual(['mine', 'mine2']),
    );
  });

  it('[P2] clientID bindings survive a server restart', async () => {
    const dataDir = (await import('../helpers/server')).tempDir();
    const first = await startServer({ dataDir });
    const created = await first.createSession();
    const a = await first.join(created.joinCode, 'Ana');
    const b = await first.join(created.joinCode, 'Ben');
    const update = updateFrom(777, (d) =>
      addCard(d, { id: 'x', kind: 'note', text: 'by Ana', authorId: a.participantId }),
    );
    const ca = rawClient(first.wsUrl, created.id, a.token);
    await ca.opened;
    ca.sendUpdate(update);
    await eventually(async () =>
      expect((await first.app.storage.clientBindings(created.id)).get(777)).toBe(a.participantId),
    );
    await first.close();

    const second = await startServer({ dataDir });
    try {
      const base = new Y.Doc();
      Y.applyUpdate(base, update);
      const cb = rawClient(second.wsUrl, created.id, b.token);
      await cb.opened;
      cb.sendUpdate(
        updateFrom(
          777,
          (d) => addCard(d, { id: 'y', kind: 'note', text: 'forged', authorId: b.participantId }),
          base,
        ),
      );
      expect((await cb.closed).code).toBe(CloseCode.Forbidden);
    } finally {
      await second.close();
    }
  });
});
