import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { addCard, CloseCode, listCards } from '@trellis/shared';
import { provider, rawClient, socket, updateFrom, type RawClient } from '../helpers/clients';
import { connected } from '../helpers/requests';
import { createSession, eventually, join } from '../helpers/server';
import { killHard, pause, stopGracefully } from '../helpers/process';
import { useCleanups } from '../helpers/suite';
import { expectGapless, LEASE_MS, outcome, startFleet, type Fleet } from './fleet';

const cleanups = useCleanups();

const cardIds = (doc: Y.Doc) => listCards(doc).map((c) => c.id);

/** The board the session's log rebuilds, entry by entry. */
async function logged(fleet: Fleet, sessionId: string): Promise<string[]> {
  const doc = new Y.Doc();
  for (const e of await fleet.log(sessionId)) Y.applyUpdate(doc, e.data);
  return cardIds(doc);
}

/** Board contents a raw client was sent: sync step 2 and update messages (not step 1). */
const boardMessages = (messages: Uint8Array[]) =>
  messages.filter((m) => {
    const d = decoding.createDecoder(m);
    return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) !== 0;
  });

/** A stock provider on `url` for `token`, destroyed after the test. */
function board(url: string, sessionId: string, token: string, doc?: Y.Doc) {
  const p = provider(url, sessionId, token, doc);
  cleanups.push(() => p.provider.destroy());
  return p;
}

describe('a node that dies or stalls', { timeout: 60_000 }, () => {
  it("[N4] kill -9 of the owner during a 20-writer load: after the takeover every card any client had received is on the board, every clientID binding holds, and every writer's cards arrive", async () => {
    const fleet = await startFleet(cleanups);
    const [first, second] = fleet.nodes as [Fleet['nodes'][0], Fleet['nodes'][0]];
    const created = await createSession(first.url);
    const observer = board(first.wsUrl, created.id, created.facilitatorToken);
    await observer.synced;
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        join(fleet.nodes[i % 3]!.url, created.joinCode, `w${i}`),
      ),
    );
    const writers = people.map((p) => ({ ...board(first.wsUrl, created.id, p.token), member: p }));
    await Promise.all(writers.map((w) => w.synced));

    let n = 0;
    const writing = setInterval(() => {
      const w = writers[n % writers.length]!;
      addCard(w.doc, {
        id: `card-${n}`,
        kind: 'statement',
        text: `card ${n++}`,
        authorId: w.member.participantId,
      });
    }, 4);
    await eventually(() => expect(cardIds(observer.doc).length).toBeGreaterThan(150), 20_000);
    await killHard(first);
    const killedAt = Date.now();
    clearInterval(writing);
    // What any client had received from the server: the observer's board, and every card a
    // writer holds that another writer wrote.
    const seen = new Set(cardIds(observer.doc));
    for (const w of writers) {
      for (const c of listCards(w.doc)) if (c.authorId !== w.member.participantId) seen.add(c.id);
    }
    const written = new Set(writers.flatMap((w) => cardIds(w.doc)));
    observer.provider.destroy();
    for (const w of writers) w.provider.destroy();

    // A survivor takes the session once the dead node's lease has run out.
    const check = board(second.wsUrl, created.id, created.facilitatorToken);
    await check.synced;
    const takeover = Date.now() - killedAt;
    console.log(
      `takeover after kill -9: ${takeover} ms (lease ${LEASE_MS} ms), ${seen.size} cards seen`,
    );
    expect(takeover).toBeLessThan(LEASE_MS + 10_000);
    expect((await fleet.owner(created.id))?.url).toBe(second.url);
    const after = new Set(cardIds(check.doc));
    expect([...seen].filter((id) => !after.has(id))).toEqual([]);

    // [P2] across the takeover: a clientID bound under the old owner stays its writer's.
    const intruder = await join(second.url, created.joinCode, 'intruder');
    const forger = rawClient(second.wsUrl, created.id, intruder.token);
    cleanups.push(() => forger.ws.terminate());
    await forger.opened;
    // Built on the board as the new owner has it, so the forged struct follows on at once.
    const victim = { clientID: writers[0]!.doc.clientID };
    forger.sendUpdate(
      updateFrom(
        victim.clientID,
        (doc) =>
          addCard(doc, {
            id: 'forged',
            kind: 'statement',
            text: 'x',
            authorId: intruder.participantId,
          }),
        check.doc,
      ),
    );
    expect((await forger.closed).code).toBe(CloseCode.Forbidden);

    // The writers come back on the new owner with their docs: what never reached the log is resent.
    for (const w of writers) board(second.wsUrl, created.id, w.member.token, w.doc);
    await eventually(() => expect(cardIds(check.doc).sort()).toEqual([...written].sort()), 20_000);
    expectGapless(await fleet.log(created.id));
  });

  it('[N2] an owner paused past its lease loses the session to another node; resumed, it broadcasts nothing, closes its board peers with 1012 and drops its Socket.IO sockets; the log has no gap and no duplicate', async () => {
    const fleet = await startFleet(cleanups);
    const [old, next] = fleet.nodes as [Fleet['nodes'][0], Fleet['nodes'][0]];
    const created = await createSession(old.url);
    const [w1, w2] = await Promise.all([
      join(old.url, created.joinCode, 'w1'),
      join(next.url, created.joinCode, 'w2'),
    ]);
    const track = (raw: RawClient) => {
      cleanups.push(() => raw.ws.terminate());
      return raw;
    };
    const reader = track(rawClient(old.wsUrl, created.id, created.facilitatorToken));
    expect(await outcome(reader)).toBe('served');
    const writer = track(rawClient(old.wsUrl, created.id, w1.token));
    expect(await outcome(writer)).toBe('served');
    const control = socket(old.url, created.facilitatorToken);
    cleanups.push(() => control.close());
    await connected(control);
    const dropped = new Promise<string>((resolve) => control.once('disconnect', resolve));

    // One writer doc, so each card continues its clientID's clock.
    const writerDoc = new Y.Doc();
    writerDoc.clientID = 4242;
    const card = (id: string) => {
      const before = Y.encodeStateVector(writerDoc);
      addCard(writerDoc, { id, kind: 'statement', text: id, authorId: w1.participantId });
      return Y.encodeStateAsUpdate(writerDoc, before);
    };
    writer.sendUpdate(card('before'));
    const seenByReader = new Y.Doc();
    await eventually(() => {
      for (const m of boardMessages(reader.messages)) {
        const d = decoding.createDecoder(m);
        decoding.readVarUint(d);
        decoding.readVarUint(d);
        Y.applyUpdate(seenByReader, decoding.readVarUint8Array(d));
      }
      expect(cardIds(seenByReader)).toContain('before');
    });

    pause(old, true);
    cleanups.push(() => pause(old, false));
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 500));
    const fac = board(next.wsUrl, created.id, created.facilitatorToken);
    await fac.synced;
    expect(cardIds(fac.doc)).toEqual(['before']);
    const phone = board(next.wsUrl, created.id, w2.token);
    await phone.synced;
    addCard(phone.doc, {
      id: 'on-next',
      kind: 'statement',
      text: 'next',
      authorId: w2.participantId,
    });
    await eventually(() => expect(cardIds(fac.doc).sort()).toEqual(['before', 'on-next']));

    // Waits in the paused node's socket until it runs again.
    writer.sendUpdate(card('while-paused'));
    const mark = reader.messages.length;
    pause(old, false);
    expect((await reader.closed).code).toBe(CloseCode.ServiceRestart);
    expect((await writer.closed).code).toBe(CloseCode.ServiceRestart);
    expect(await dropped).toBe('transport close');
    expect(boardMessages(reader.messages.slice(mark))).toEqual([]);

    expect(await logged(fleet, created.id)).toEqual(expect.arrayContaining(['before', 'on-next']));
    expect(await logged(fleet, created.id)).not.toContain('while-paused');
    expectGapless(await fleet.log(created.id));
    // The old node lives on, and forwards newcomers to the node that holds the session now.
    expect((await fetch(`${old.url}/api/health`)).status).toBe(200);
    expect(await outcome(track(rawClient(old.wsUrl, created.id, created.facilitatorToken)))).toBe(
      'served',
    );
    expect((await fleet.owner(created.id))?.url).toBe(next.url);
  });

  it('[N3] SIGTERM: the node flushes, checkpoints and releases its sessions, so another node takes them at once, not after the lease', async () => {
    const fleet = await startFleet(cleanups, { env: { LEASE_MS: '60000' } });
    const [old, next] = fleet.nodes as [Fleet['nodes'][0], Fleet['nodes'][0]];
    const created = await createSession(old.url);
    const w = await join(old.url, created.joinCode, 'w');
    const phone = board(old.wsUrl, created.id, w.token);
    await phone.synced;
    const write = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        addCard(phone.doc, {
          id: `c${i}`,
          kind: 'statement',
          text: `${i}`,
          authorId: w.participantId,
        });
      }
    };
    write(0, 30);
    await eventually(async () => expect(await logged(fleet, created.id)).toHaveLength(30));
    // Some of these are still on their way when the node stops: it flushes what it applied.
    write(30, 40);
    const closed = new Promise<number>((resolve) =>
      phone.provider.ws?.addEventListener('close', (e) => resolve(e.code), { once: true }),
    );
    expect(await stopGracefully(old)).toBe(0);
    const stoppedAt = Date.now();
    // Reconnectable: a stock provider gives up on nothing but its own destroy().
    expect(await closed).not.toSatisfy((code: number) => code >= 4400 && code <= 4499);
    phone.provider.destroy();

    const [head] = await fleet.query<{ owner: string | null; last_seq: number }>(
      'SELECT owner, last_seq::int AS last_seq FROM session_heads WHERE session_id = $1',
      [created.id],
    );
    expect(head?.owner).toBeNull();
    const [cp] = await fleet.query<{ seq: number }>(
      'SELECT max(seq)::int AS seq FROM checkpoints WHERE session_id = $1',
      [created.id],
    );
    expect(cp?.seq).toBe(head?.last_seq);

    const check = board(next.wsUrl, created.id, created.facilitatorToken);
    await check.synced;
    const takeover = Date.now() - stoppedAt;
    console.log(`takeover after SIGTERM: ${takeover} ms (lease 60000 ms)`);
    expect(takeover).toBeLessThan(10_000);
    const after = cardIds(check.doc);
    expect(after).toEqual(expect.arrayContaining(Array.from({ length: 30 }, (_, i) => `c${i}`)));
    // The phone back, on the node that holds the session now: nothing it wrote is lost.
    board(next.wsUrl, created.id, w.token, phone.doc);
    await eventually(() => expect(cardIds(check.doc)).toHaveLength(40));
    expectGapless(await fleet.log(created.id));
  });
});
