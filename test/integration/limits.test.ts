import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addCard, CloseCode, ErrorBody, listCards } from '@trellis/shared';
import { createLogger } from '@trellis/server';
import * as Y from 'yjs';
import { provider, rawClient, socket, updateFrom } from '../helpers/clients';
import { eventually, startServer, type TestServer } from '../helpers/server';
import { useCleanups } from '../helpers/suite';

const cleanups = useCleanups();

async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  cleanups.push(() => s.close());
  return s;
}

/** A valid update that changes nothing: the cheapest message that still goes the whole way. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

const joinRaw = (s: TestServer, code: string) =>
  fetch(`${s.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });

describe('rate limits', () => {
  it('[L1] a flooding connection is closed with 4529; the room keeps syncing for everyone else', async () => {
    const s = await server({}, { limits: { messagesPerMember: 50 } });
    const created = await s.createSession();
    const [a, b] = [await s.join(created.joinCode), await s.join(created.joinCode)];
    const honest = provider(s.wsUrl, created.id, a.token);
    const watcher = provider(s.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(
      () => honest.provider.destroy(),
      () => watcher.provider.destroy(),
    );
    await Promise.all([honest.synced, watcher.synced]);

    const flood = rawClient(s.wsUrl, created.id, b.token);
    await flood.opened;
    for (let i = 0; i < 300; i++) flood.sendUpdate(EMPTY_UPDATE); // cheap and valid
    expect((await flood.closed).code).toBe(CloseCode.RateLimited);

    addCard(honest.doc, {
      id: 'calm',
      kind: 'statement',
      text: 'still fine',
      authorId: a.participantId,
    });
    await eventually(() => expect(listCards(watcher.doc).map((c) => c.id)).toEqual(['calm']));
  });

  it('[L1] the budget is the member’s, whichever of its connections the messages come through', async () => {
    const s = await server({}, { limits: { messagesPerMember: 50 } });
    const created = await s.createSession();
    const a = await s.join(created.joinCode);
    const [one, two] = [
      rawClient(s.wsUrl, created.id, a.token),
      rawClient(s.wsUrl, created.id, a.token),
    ];
    cleanups.push(
      () => one.ws.terminate(),
      () => two.ws.terminate(),
    );
    await Promise.all([one.opened, two.opened]);
    const codes: number[] = [];
    void one.closed.then(({ code }) => codes.push(code));
    void two.closed.then(({ code }) => codes.push(code));
    // 35 each, spread over time: within a per-connection budget of 50, over a shared one.
    for (let i = 0; i < 35; i++) {
      if (one.ws.readyState === WebSocket.OPEN) one.sendUpdate(EMPTY_UPDATE);
      if (two.ws.readyState === WebSocket.OPEN) two.sendUpdate(EMPTY_UPDATE);
      await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(() => expect(codes).toContain(CloseCode.RateLimited));
  });

  it('[L2] 300 phones behind one address join within 60 s, but code guessing is stopped', async () => {
    // The default budgets: the venue's burst is what they are sized for.
    const s = await server();
    const created = await s.createSession();
    const started = Date.now();
    const joins = await Promise.all(
      Array.from({ length: 300 }, () => joinRaw(s, created.joinCode)),
    );
    expect(joins.map((r) => r.status)).toEqual(Array(300).fill(200));
    expect(Date.now() - started).toBeLessThan(60_000);

    // Failed joins have a budget of their own, far smaller: 30 wrong codes, then nothing.
    const guesses: number[] = [];
    for (let i = 0; i < 32; i++) guesses.push((await joinRaw(s, `ZZZZZ${i}A`)).status);
    expect(guesses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(guesses.slice(30)).toEqual([429, 429]);
    const blocked = await joinRaw(s, created.joinCode);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ErrorBody.parse(await blocked.json()).error.code).toBe('rate_limited');
  });

  it('[L3] a Socket.IO flood gets rate_limited acks, not service', async () => {
    const s = await server({}, { limits: { eventsPerMember: 5 } });
    const created = await s.createSession();
    const sock = socket(s.url, created.facilitatorToken);
    cleanups.push(() => sock.disconnect());
    await new Promise((r) => sock.once('session', r));
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => sock.emitWithAck('session:get')),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers.filter((a) => !a.ok && a.error.code === 'rate_limited')).toHaveLength(3);
  });

  it('[L3] the event budget is the member’s, shared by all its sockets', async () => {
    const s = await server({}, { limits: { eventsPerMember: 6 } });
    const created = await s.createSession();
    const a = await s.join(created.joinCode);
    const socks = [socket(s.url, a.token), socket(s.url, a.token), socket(s.url, a.token)];
    for (const sock of socks) cleanups.push(() => sock.disconnect());
    await Promise.all(socks.map((sock) => new Promise((r) => sock.once('session', r))));
    const answers = await Promise.all(
      socks.flatMap((sock) => [1, 2, 3].map(() => sock.emitWithAck('session:get'))),
    );
    expect(answers.filter((x) => x.ok)).toHaveLength(6);
    expect(answers.filter((x) => !x.ok && x.error.code === 'rate_limited')).toHaveLength(3);
  });
});

describe('web hardening', () => {
  it('[W1] realtime handshakes from another site are refused; same-origin and listed origins pass', async () => {
    const s = await server({ allowedOrigins: ['https://trellis.example.org'] });
    const created = await s.createSession();
    const a = await s.join(created.joinCode);
    const url = `${s.wsUrl}/yjs/${created.id}?token=${a.token}`;
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { origin });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', () => resolve('error'));
      });
    expect(await attempt('https://evil.example.com')).toBe('403');
    expect(await attempt(s.url)).toBe('open');
    expect(await attempt('https://trellis.example.org')).toBe('open');

    const evil = await fetch(`${s.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(evil.status).toBe(403);
    const good = await fetch(`${s.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: s.url },
    });
    expect(good.status).toBe(200);
  });

  it('[W2] tokens and the organiser key never reach the log', async () => {
    const lines: string[] = [];
    const s = await server({}, { log: createLogger('debug', (l) => lines.push(l)) });
    const created = await s.createSession();
    const a = await s.join(created.joinCode, 'Ana');
    const c = provider(s.wsUrl, created.id, a.token);
    cleanups.push(() => c.provider.destroy());
    await c.synced;
    addCard(c.doc, { id: 'x', kind: 'statement', text: 'hi', authorId: a.participantId });
    const bad = rawClient(s.wsUrl, created.id, created.projectorToken);
    await bad.opened;
    bad.sendUpdate(updateFrom(4242, (d) => addCard(d, { id: 'p', kind: 'note', text: 'no' })));
    expect((await bad.closed).code).toBe(CloseCode.Forbidden);
    const forged = rawClient(s.wsUrl, 'other-session', a.token);
    await forged.closed;
    await eventually(() => expect(lines.length).toBeGreaterThan(0));
    const all = lines.join('\n');
    for (const secret of [
      a.token,
      created.facilitatorToken,
      created.projectorToken,
      'test-organiser-key',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
