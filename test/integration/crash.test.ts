import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, isSeededRule, listCards, readResults } from '@trellis/shared';
import { openSqliteStorage } from '@trellis/server';
import { provider, socket } from '../helpers/clients';
import { connected, ok, send } from '../helpers/requests';
import { createSession, eventually, join, startServer, tempDir } from '../helpers/server';
import { killHard, spawnServer, type ServerProcess } from '../helpers/process';
import { useCleanups } from '../helpers/suite';

const cleanups = useCleanups();

const PHONES = 30;
const CARDS_EACH = 20;

/** The board and the private cards as a restarted server would find them. */
async function stored(dataDir: string, sessionId: string) {
  const storage = openSqliteStorage(dataDir);
  try {
    const state = await storage.loadState(sessionId);
    const doc = new Y.Doc();
    if (state.checkpoint) Y.applyUpdate(doc, state.checkpoint.state);
    for (const e of state.tail) Y.applyUpdate(doc, e.update);
    // The private cards a reveal brought, not the ground rules the session started with.
    const onBoard = new Set(
      listCards(doc)
        .filter((c) => !isSeededRule(c.id))
        .map((c) => c.id),
    );
    const results = readResults(doc);
    const privates = await storage.privateCards(sessionId);
    const owners = await storage.cardOwners(sessionId);
    const votes = await storage.votesOfSession(sessionId);
    doc.destroy();
    return { onBoard, privates, owners, votes, results };
  } finally {
    await storage.close();
  }
}

function spawnCopy(from: string): { dir: string; start: () => Promise<ServerProcess> } {
  const dir = tempDir();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(from, dir, { recursive: true });
  return { dir, start: () => spawnServer(dir) };
}

async function facilitator(url: string, token: string) {
  const fac = socket(url, token);
  cleanups.push(() => fac.disconnect());
  await connected(fac);
  return fac;
}

describe('crash safety of server-made changes', () => {
  it('[D5] kill -9 at a random moment of a 600-card reveal: every private card is on the board or still waiting', async () => {
    // One workshop with 600 private cards, then ten copies of it, each killed mid-reveal.
    const base = tempDir();
    cleanups.push(() => fs.rmSync(base, { recursive: true, force: true }));
    const setup = await spawnServer(base);
    cleanups.push(() => killHard(setup));
    const created = await createSession(setup.url, 'Six hundred', { template: 'trust' });
    const fac = await facilitator(setup.url, created.facilitatorToken);
    await ok(fac, 'facilitate', { type: 'phase:go', index: 1 });
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: PHONES }, async (_, p) => {
        const member = await join(setup.url, created.joinCode, `p${p}`);
        const phone = socket(setup.url, member.token);
        cleanups.push(() => phone.disconnect());
        await connected(phone);
        for (let c = 0; c < CARDS_EACH; c++) {
          const id = `p${p}c${c}`;
          ids.push(id);
          await ok(phone, 'private:put', {
            id,
            kind: 'statement',
            text: `card ${c} of phone ${p}`,
            anonymous: c % 2 === 0,
          });
        }
        phone.disconnect();
      }),
    );
    fac.disconnect();
    setup.child.kill('SIGTERM');
    await new Promise((r) => setup.child.once('exit', r));
    expect((await stored(base, created.id)).privates).toHaveLength(PHONES * CARDS_EACH);

    const outcomes: number[] = [];
    for (let trial = 0; trial < 10; trial++) {
      const copy = spawnCopy(base);
      const server = await copy.start();
      cleanups.push(() => killHard(server));
      const f = await facilitator(server.url, created.facilitatorToken);
      void send(f, 'facilitate', { type: 'reveal' }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, Math.random() * 150));
      await killHard(server);

      const after = await stored(copy.dir, created.id);
      const waiting = new Set(
        after.privates.filter((c) => c.revealedAt === null).map((c) => c.cardId),
      );
      for (const id of ids) {
        // Exactly one of the two: on the board, or waiting for the next reveal.
        expect(after.onBoard.has(id) !== waiting.has(id), `${id} in trial ${trial}`).toBe(true);
      }
      for (const [cardId] of after.owners) expect(after.onBoard.has(cardId)).toBe(true);
      outcomes.push(after.onBoard.size);

      // A second reveal brings every waiting card.
      const again = await startServer({ dataDir: copy.dir });
      cleanups.push(() => again.close());
      const g = await facilitator(again.url, created.facilitatorToken);
      await ok(g, 'facilitate', { type: 'reveal' });
      const check = provider(again.wsUrl, created.id, created.facilitatorToken);
      cleanups.push(() => check.provider.destroy());
      await eventually(() =>
        expect(listCards(check.doc).filter((c) => !isSeededRule(c.id))).toHaveLength(ids.length),
      );
      g.disconnect();
      check.provider.destroy();
      await again.close();
      fs.rmSync(copy.dir, { recursive: true, force: true });
    }
    // All or nothing: 0 or 600 on the board after each kill (which one depends on the moment).
    for (const n of outcomes) expect([0, ids.length]).toContain(n);
    console.log(`reveal kill trials, cards on the board: ${outcomes.join(' ')}`);
  }, 180_000);

  it('[D5] kill -9 during a burst of votes: the stored votes and the published totals agree', async () => {
    const dataDir = tempDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    let server = await spawnServer(dataDir);
    cleanups.push(() => killHard(server));
    const created = await createSession(server.url, 'Votes', { template: 'trust' });
    const fac = await facilitator(server.url, created.facilitatorToken);
    const fb = provider(server.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => fb.provider.destroy());
    await fb.synced;
    for (let i = 0; i < 5; i++) addCard(fb.doc, { id: `s${i}`, kind: 'statement', text: `${i}` });
    await ok(fac, 'facilitate', { type: 'vote:configure', perParticipant: 20, hideResults: false });
    await ok(fac, 'facilitate', { type: 'phase:go', index: 2 });
    const phones = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const member = await join(server.url, created.joinCode, `v${i}`);
        const phone = socket(server.url, member.token);
        cleanups.push(() => phone.disconnect());
        await connected(phone);
        return phone;
      }),
    );
    let casting = true;
    const burst = phones.map(async (phone, i) => {
      for (let n = 0; casting && n < 20; n++) {
        await send(phone, 'vote', { cardId: `s${(i + n) % 5}`, delta: 1 }).catch(() => undefined);
      }
    });
    await new Promise((r) => setTimeout(r, 60 + Math.random() * 60));
    await killHard(server);
    casting = false;
    await Promise.race([Promise.all(burst), new Promise((r) => setTimeout(r, 1000))]);

    const after = await stored(dataDir, created.id);
    const totals: Record<string, number> = {};
    for (const mine of after.votes.values()) {
      for (const [card, n] of mine) totals[card] = (totals[card] ?? 0) + n;
    }
    expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(after.results ?? {}).toEqual(totals);
    server = await spawnServer(dataDir);
  }, 60_000);
});
