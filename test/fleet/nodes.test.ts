import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addCard, CloseCode } from '@trellis/shared';
import { provider, rawClient } from '../helpers/clients';
import { createSession, eventually, join } from '../helpers/server';
import { useCleanups } from '../helpers/suite';
import { cardIds, outcome, startFleet, type Fleet, type Node } from './fleet';

const cleanups = useCleanups();

const epochOf = async (fleet: Fleet, sessionId: string) =>
  (
    await fleet.query<{ epoch: number }>(
      'SELECT epoch::int AS epoch FROM session_heads WHERE session_id = $1',
      [sessionId],
    )
  )[0]?.epoch;

/** Three Trellis processes on one PostgreSQL, clients spread over them. */
describe('several nodes on one database', { timeout: 60_000 }, () => {
  it('[N1] clients connected to three different nodes converge, and exactly one node holds the room', async () => {
    const fleet = await startFleet(cleanups);
    const [a, b, c] = fleet.nodes as [Node, Node, Node];
    const created = await createSession(a.url);
    // The first board connection takes the session for its node.
    const fac = provider(b.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => fac.provider.destroy());
    await fac.synced;
    expect((await fleet.owner(created.id))?.url).toBe(b.url);

    // Tokens from any node work on every node; each phone stays on the node it joined through.
    const homes = [a, b, c];
    const people = await Promise.all(homes.map((n, i) => join(n.url, created.joinCode, `p${i}`)));
    const phones = people.map((p, i) => {
      const phone = provider(homes[i]!.wsUrl, created.id, p.token);
      cleanups.push(() => phone.provider.destroy());
      return { ...phone, member: p };
    });
    await Promise.all(phones.map((p) => p.synced));
    for (const [i, p] of phones.entries()) {
      const authorId = p.member.participantId;
      addCard(p.doc, { id: `c${i}`, kind: 'statement', text: `from ${i}`, authorId });
    }
    for (const doc of [fac.doc, ...phones.map((p) => p.doc)]) {
      await eventually(() => expect(cardIds(doc)).toEqual(['c0', 'c1', 'c2']));
    }
    expect((await fleet.owner(created.id))?.url).toBe(b.url);
    expect(await epochOf(fleet, created.id)).toBe(1);
  });

  it('[N5] a node forwards once: a connection already forwarded to a node that does not hold the session is refused with 1012', async () => {
    const fleet = await startFleet(cleanups, { count: 2 });
    const [a, b] = fleet.nodes as [Node, Node];
    const created = await createSession(a.url);
    const fac = provider(a.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => fac.provider.destroy());
    await fac.synced;
    const ws = new WebSocket(`${b.wsUrl}/yjs/${created.id}?token=${created.facilitatorToken}`, {
      headers: { 'x-trellis-forwarded': '1' },
    });
    cleanups.push(() => ws.terminate());
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(CloseCode.ServiceRestart);
    // Without the mark, b forwards it to a.
    const direct = rawClient(b.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => direct.ws.terminate());
    expect(await outcome(direct)).toBe('served');
    expect((await fleet.owner(created.id))?.url).toBe(a.url);
  });

  it('[N1] 20 clients connect to a cold session through the three nodes at the same instant: one node takes it (epoch 1), and each connection is served through it or told to reconnect (1012)', async () => {
    const fleet = await startFleet(cleanups);
    const created = await createSession(fleet.nodes[0]!.url);
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        join(fleet.nodes[i % 3]!.url, created.joinCode, `p${i}`),
      ),
    );
    const raws = people.map((p, i) => {
      const raw = rawClient(fleet.nodes[i % 3]!.wsUrl, created.id, p.token);
      cleanups.push(() => raw.ws.terminate());
      return raw;
    });
    const outcomes = await Promise.all(raws.map(outcome));
    const owner = await fleet.owner(created.id);
    expect(owner).toBeDefined();
    expect(await epochOf(fleet, created.id)).toBe(1);
    // A connection that lost the race to take the session gets 1012 and reconnects; with
    // forwarding most are served at once.
    expect(outcomes.filter((o) => o !== 'served' && o !== CloseCode.ServiceRestart)).toEqual([]);
    expect(outcomes.filter((o) => o === 'served').length).toBeGreaterThan(0);
  });
});
