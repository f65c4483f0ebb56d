import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { addCard, PROTOCOL_VERSION, readWorkshop } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { killHard } from '../helpers/process';
import { connected, ok } from '../helpers/requests';
import { createSession, eventually, join, ORGANISER_KEY } from '../helpers/server';
import { useCleanups } from '../helpers/suite';
import { cardIds, LEASE_MS, startFleet, type Node } from './fleet';

const cleanups = useCleanups();

function board(node: Node, sessionId: string, token: string) {
  const p = provider(node.wsUrl, sessionId, token);
  cleanups.push(() => p.provider.destroy());
  return p;
}

/** The web client's Socket.IO: WebSocket only, the session id in the handshake query. */
function control(node: Node, sessionId: string, token: string) {
  const s = io(node.url, {
    auth: { token, version: PROTOCOL_VERSION },
    query: { session: sessionId },
    transports: ['websocket'],
    forceNew: true,
  });
  cleanups.push(() => s.close());
  return s;
}

/** Three nodes; the session held by a (its facilitator's board), a phone each on b and c. */
async function spread() {
  const fleet = await startFleet(cleanups);
  const [a, b, c] = fleet.nodes as [Node, Node, Node];
  const created = await createSession(a.url);
  const fac = board(a, created.id, created.facilitatorToken);
  await fac.synced;
  const [pb, pc] = await Promise.all([
    join(b.url, created.joinCode, 'b'),
    join(c.url, created.joinCode, 'c'),
  ]);
  const phones = [
    { ...board(b, created.id, pb.token), member: pb },
    { ...board(c, created.id, pc.token), member: pc },
  ] as const;
  await Promise.all(phones.map((p) => p.synced));
  return { fleet, a, b, c, created, fac, phones };
}

describe('any node accepts any connection', { timeout: 60_000 }, () => {
  it(
    '[N5] the board, Socket.IO and an erasure sent to nodes that do not hold the session reach the one that does; every client converges',
    { timeout: 60_000 },
    async () => {
      const { fleet, a, b, c, created, fac, phones } = await spread();
      for (const p of phones) {
        addCard(p.doc, {
          id: `from-${p.member.participantId}`,
          kind: 'statement',
          text: 'hello',
          authorId: p.member.participantId,
        });
      }
      const ids = phones.map((p) => `from-${p.member.participantId}`).sort();
      for (const doc of [fac.doc, ...phones.map((p) => p.doc)]) {
        await eventually(() => expect(cardIds(doc)).toEqual(ids));
      }

      // A facilitator command through c lands on the board a holds.
      const sock = control(c, created.id, created.facilitatorToken);
      await connected(sock);
      await ok(sock, 'facilitate', { type: 'lock', locked: true });
      for (const doc of [fac.doc, ...phones.map((p) => p.doc)]) {
        await eventually(() => expect(readWorkshop(doc).locked).toBe(true));
      }

      // Erasure rewrites the live session's history: b sends it to a, which closes its room's
      // connections (1012) while it rewrites.
      const gone = await join(a.url, created.joinCode, 'gone');
      const restarted = new Promise<number>((resolve) =>
        fac.provider.once('connection-close', (event) => resolve(event?.code ?? 0)),
      );
      const erased = await fetch(
        `${b.url}/api/history/sessions/${created.id}/members/${gone.participantId}`,
        {
          method: 'DELETE',
          headers: { authorization: `Bearer ${ORGANISER_KEY}` },
        },
      );
      expect(erased.status).toBe(200);
      expect(await restarted).toBe(1012);

      // The clients come back to one holder (a, or whichever node a reconnect reached first).
      addCard(fac.doc, { id: 'after-erasure', kind: 'statement', text: 'on' });
      for (const doc of [fac.doc, ...phones.map((p) => p.doc)]) {
        await eventually(() => expect(cardIds(doc)).toContain('after-erasure'), 15_000);
      }
      expect(await fleet.owner(created.id)).toBeDefined();
    },
  );

  it('[N5] kill -9 of the owner: clients connected through the other nodes come back by themselves once one of those takes the session', async () => {
    const { fleet, a, b, c, created, phones, fac } = await spread();
    const write = (id: string) => {
      for (const p of phones) {
        const authorId = p.member.participantId;
        addCard(p.doc, { id: `${id}-${authorId}`, kind: 'statement', text: id, authorId });
      }
    };
    write('before');
    await eventually(() => expect(cardIds(fac.doc)).toHaveLength(2));

    await killHard(a);
    const killedAt = Date.now();
    write('after');
    const all = phones
      .flatMap((p) => [`before-${p.member.participantId}`, `after-${p.member.participantId}`])
      .sort();
    for (const p of phones) await eventually(() => expect(cardIds(p.doc)).toEqual(all), 30_000);
    const recovered = Date.now() - killedAt;
    console.log(
      `clients through the survivors converged ${recovered} ms after kill -9 (lease ${LEASE_MS} ms)`,
    );
    expect(recovered).toBeLessThan(LEASE_MS + 15_000);
    expect([b.url, c.url]).toContain((await fleet.owner(created.id))?.url);
  });

  it('[N5] a commitment kept over HTTP through a node that does not hold the session is kept by the one that does', async () => {
    const fleet = await startFleet(cleanups, { count: 2 });
    const [a, b] = fleet.nodes as [Node, Node];
    const created = await createSession(a.url, 'March', { template: 'trust' });
    const fac = control(a, created.id, created.facilitatorToken);
    await connected(fac);
    await ok(fac, 'facilitate', { type: 'phase:go', index: 3 });
    const ana = await join(b.url, created.joinCode, 'Ana');
    const phone = board(a, created.id, ana.token);
    await phone.synced;
    addCard(phone.doc, {
      id: 'ca',
      kind: 'commitment',
      text: 'I bring a van',
      authorId: ana.participantId,
    });
    await eventually(async () => {
      const res = await fetch(`${b.url}/api/commitments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ana.token}` },
        body: JSON.stringify({ cardId: 'ca' }),
      });
      // 404 until the card is on the board.
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      expect((await fetch(`${a.url}/api/commitments/${token}`)).status).toBe(200);
    });
    expect((await fleet.owner(created.id))?.url).toBe(a.url);
  });

  it('[N5] a Socket.IO connection opened on a node while nobody held the session moves to the node that takes it, and its commands land there', async () => {
    const fleet = await startFleet(cleanups, { count: 2 });
    const [a, b] = fleet.nodes as [Node, Node];
    const created = await createSession(a.url);
    // Nobody holds the session yet: b serves this socket itself.
    const sock = control(b, created.id, created.facilitatorToken);
    await connected(sock);
    const fac = board(a, created.id, created.facilitatorToken);
    await fac.synced;
    expect((await fleet.owner(created.id))?.url).toBe(a.url);
    // Refused while it is on b (which drops it then), accepted once it came back through b to a.
    await eventually(async () => {
      const ack = await sock
        .timeout(3000)
        .emitWithAck('facilitate', { type: 'lock', locked: true })
        .catch((err: unknown) => ({ ok: false, error: String(err) }));
      expect(ack).toMatchObject({ ok: true });
    }, 20_000);
    await eventually(() => expect(readWorkshop(fac.doc).locked).toBe(true));
  });
});
