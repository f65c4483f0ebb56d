import { describe, expect, it } from 'vitest';
import { addCard, CloseCode, listCards } from '@trellis/shared';
import { provider, rawClient } from '../helpers/clients';
import { createSession, eventually, join } from '../helpers/server';
import { useCleanups } from '../helpers/suite';
import { outcome, startFleet } from './fleet';

const cleanups = useCleanups();

/** Three Trellis processes on one PostgreSQL, clients spread over them. */
describe('several nodes on one database', () => {
  it('[N1] clients joined through different nodes converge on the one node that holds the room; the others refuse its board with 1012', async () => {
    const fleet = await startFleet(cleanups);
    const [a, b, c] = fleet.nodes as [
      (typeof fleet.nodes)[0],
      (typeof fleet.nodes)[0],
      (typeof fleet.nodes)[0],
    ];
    const created = await createSession(a.url);
    // The first board connection takes the session for its node.
    const fac = provider(b.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => fac.provider.destroy());
    await fac.synced;
    expect((await fleet.owner(created.id))?.url).toBe(b.url);

    // Tokens from any node work on every node; the board is on b alone.
    const people = await Promise.all(
      [a, b, c].map((n, i) => join(n.url, created.joinCode, `p${i}`)),
    );
    for (const n of [a, c]) {
      const raw = rawClient(n.wsUrl, created.id, people[0]!.token);
      cleanups.push(() => raw.ws.terminate());
      expect(await outcome(raw)).toBe(CloseCode.ServiceRestart);
    }
    const owner = (await fleet.owner(created.id))!;
    const phones = people.map((p) => {
      const phone = provider(owner.wsUrl, created.id, p.token);
      cleanups.push(() => phone.provider.destroy());
      return { ...phone, member: p };
    });
    await Promise.all(phones.map((p) => p.synced));
    for (const [i, p] of phones.entries()) {
      addCard(p.doc, {
        id: `c${i}`,
        kind: 'statement',
        text: `from ${i}`,
        authorId: p.member.participantId,
      });
    }
    const ids = ['c0', 'c1', 'c2'];
    for (const doc of [fac.doc, ...phones.map((p) => p.doc)]) {
      await eventually(() =>
        expect(
          listCards(doc)
            .map((card) => card.id)
            .sort(),
        ).toEqual(ids),
      );
    }
    expect((await fleet.owner(created.id))?.url).toBe(b.url);
  });

  it('[N1] 20 clients join a cold session through the three nodes at the same instant: one node serves them all, the others refuse with 1012', async () => {
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
    const served = fleet.nodes.map(
      (n) => outcomes.filter((o, i) => fleet.nodes[i % 3] === n && o === 'served').length,
    );
    const expected = fleet.nodes.map((n) =>
      n === owner ? raws.filter((_, i) => fleet.nodes[i % 3] === n).length : 0,
    );
    expect(served).toEqual(expected);
    expect(outcomes.filter((o) => o !== 'served')).toEqual(
      Array(20 - served.reduce((x, y) => x + y)).fill(CloseCode.ServiceRestart),
    );
    const [head] = await fleet.query<{ epoch: number }>(
      'SELECT epoch::int AS epoch FROM session_heads WHERE session_id = $1',
      [created.id],
    );
    expect(head?.epoch).toBe(1);
  });
});
