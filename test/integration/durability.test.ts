import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, listCards } from '@trellis/shared';
import { openSqliteStorage, type Storage } from '@trellis/server';
import type { WebsocketProvider } from 'y-websocket';
import { provider } from '../helpers/clients';
import {
  createSession,
  eventually,
  join,
  openStorageAt,
  startServer,
  tempDir,
} from '../helpers/server';
import { killHard, spawnServer, type ServerProcess } from '../helpers/process';
import { useCleanups } from '../helpers/suite';

const cleanups = useCleanups();

function track(p: WebsocketProvider): WebsocketProvider {
  cleanups.push(() => p.destroy());
  return p;
}

describe('durable update log', () => {
  it('[D1] nothing is relayed before it is on disk', async () => {
    const dataDir = tempDir();
    const real = openSqliteStorage(dataDir);
    const committed = new Set<string>();
    let release: (() => void) | undefined;
    let hold = false;
    // The same storage, but appends wait until the test lets them through.
    const slow: Storage = {
      ...real,
      async appendUpdates(entries, bindings, writes) {
        if (hold) await new Promise<void>((r) => (release = r));
        const seq = await real.appendUpdates(entries, bindings, writes);
        const doc = new Y.Doc();
        for (const e of entries) Y.applyUpdate(doc, e.update);
        for (const c of listCards(doc)) committed.add(c.id);
        return seq;
      },
    };
    const s = await startServer({ dataDir }, { storage: slow });
    cleanups.push(() => s.close());
    const created = await s.createSession();
    const a = await s.join(created.joinCode);
    const writer = provider(s.wsUrl, created.id, a.token);
    const reader = provider(s.wsUrl, created.id, created.facilitatorToken);
    track(writer.provider);
    track(reader.provider);
    await Promise.all([writer.synced, reader.synced]);

    hold = true;
    addCard(writer.doc, {
      id: 'held',
      kind: 'statement',
      text: 'wait for disk',
      authorId: a.participantId,
    });
    await eventually(() => expect(release).toBeDefined());
    await new Promise((r) => setTimeout(r, 150));
    expect(listCards(reader.doc)).toHaveLength(0);
    expect(committed.has('held')).toBe(false);

    // A newcomer syncing now must not get it either.
    const late = provider(s.wsUrl, created.id, created.facilitatorToken);
    track(late.provider);
    await new Promise((r) => setTimeout(r, 100));
    expect(listCards(late.doc)).toHaveLength(0);

    hold = false;
    release!();
    await eventually(() => expect(listCards(reader.doc).map((c) => c.id)).toEqual(['held']));
    await eventually(() => expect(listCards(late.doc).map((c) => c.id)).toEqual(['held']));
    expect(committed.has('held')).toBe(true);
  });

  it('[D2] kill -9 during writes, restart: every card any client had seen is there', async () => {
    const dataDir = tempDir();
    let server: ServerProcess = await spawnServer(dataDir);
    cleanups.push(() => killHard(server));
    const created = await createSession(server.url);
    const writers = await Promise.all(
      [0, 1, 2].map((i) => join(server.url, created.joinCode, `w${i}`)),
    );
    const observer = provider(server.wsUrl, created.id, created.facilitatorToken);
    track(observer.provider);
    const ws = writers.map((w) => {
      const c = provider(server.wsUrl, created.id, w.token);
      track(c.provider);
      return { ...c, member: w };
    });
    await Promise.all([observer.synced, ...ws.map((w) => w.synced)]);

    let n = 0;
    const writing = setInterval(() => {
      for (const w of ws) {
        addCard(w.doc, {
          id: `card-${n++}`,
          kind: 'statement',
          text: `card ${n}`,
          authorId: w.member.participantId,
        });
      }
    }, 5);
    await eventually(() => expect(listCards(observer.doc).length).toBeGreaterThan(60));
    await killHard(server);
    clearInterval(writing);
    const seen = listCards(observer.doc).map((c) => c.id);
    for (const w of ws) w.provider.disconnect();
    observer.provider.disconnect();

    server = await spawnServer(dataDir);
    const check = provider(server.wsUrl, created.id, created.facilitatorToken);
    track(check.provider);
    await check.synced;
    const after = new Set(listCards(check.doc).map((c) => c.id));
    const missing = seen.filter((id) => !after.has(id));
    expect(seen.length).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  it('[D3] a room writes checkpoints every N updates and on unload; load = checkpoint + tail', async () => {
    const dataDir = tempDir();
    const s = await startServer({ dataDir, checkpointEvery: 10, roomGraceMs: 20 });
    const created = await s.createSession();
    const a = await s.join(created.joinCode);
    const c = provider(s.wsUrl, created.id, a.token);
    await c.synced;
    for (let i = 0; i < 25; i++) {
      addCard(c.doc, { id: `k${i}`, kind: 'note', text: `n${i}`, authorId: a.participantId });
      await new Promise((r) => setTimeout(r, 2));
    }
    const fac = provider(s.wsUrl, created.id, created.facilitatorToken);
    await eventually(() => expect(listCards(fac.doc)).toHaveLength(25));
    const mid = await s.app.storage.loadState(created.id);
    expect(mid.checkpoint).toBeDefined();
    expect(mid.tail.length).toBeLessThan(25);
    c.provider.destroy();
    fac.provider.destroy();
    await eventually(() => expect(s.app.rooms.loaded()).toBe(0));
    await eventually(async () =>
      expect((await s.app.storage.loadState(created.id)).tail).toHaveLength(0),
    );
    await s.close();

    const reopened = await openStorageAt(dataDir);
    const state = await reopened.loadState(created.id);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state.checkpoint!.state);
    for (const t of state.tail) Y.applyUpdate(doc, t.update);
    expect(listCards(doc)).toHaveLength(25);
    await reopened.close();
  });

  it('[D4] a room reloads after it was unloaded, with the same board', async () => {
    const s = await startServer({ roomGraceMs: 10 });
    cleanups.push(() => s.close());
    const created = await s.createSession();
    const a = await s.join(created.joinCode);
    const first = provider(s.wsUrl, created.id, a.token);
    await first.synced;
    addCard(first.doc, { id: 'keep', kind: 'statement', text: 'kept', authorId: a.participantId });
    const fac = provider(s.wsUrl, created.id, created.facilitatorToken);
    await eventually(() => expect(listCards(fac.doc)).toHaveLength(1));
    first.provider.destroy();
    fac.provider.destroy();
    await eventually(() => expect(s.app.rooms.loaded()).toBe(0));
    const again = provider(s.wsUrl, created.id, a.token);
    track(again.provider);
    await again.synced;
    expect(listCards(again.doc).map((c) => c.text)).toEqual(['kept']);
  });
});
