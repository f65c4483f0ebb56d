import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { io } from 'socket.io-client';
import {
  addCard,
  CLIENT_EVENTS,
  Presence,
  PROTOCOL_VERSION,
  Saved,
  SessionInfo,
} from '@trellis/shared';
import type { TrellisSocket } from '../helpers/clients';
import { send } from '../helpers/requests';
import { eventually } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer();
const open = s.socket;

const connectError = (sock: TrellisSocket) =>
  new Promise<string>((resolve) => sock.once('connect_error', (err) => resolve(err.message)));

describe('Socket.IO channel', () => {
  it('[S1] a bad token is refused at the handshake', async () => {
    expect(await connectError(open('nope'))).toBe('unauthorized');
    const noAuth = open('');
    expect(await connectError(noAuth)).toBe('unauthorized');
  });

  it('[S1] a handshake whose query names another session than its token is refused', async () => {
    const created = await s.createSession('Care network');
    const other = await s.createSession('Elsewhere');
    const a = await s.join(created.joinCode, 'Ana');
    const named = (session: string | string[]) =>
      io(s.url, {
        auth: { token: a.token, version: PROTOCOL_VERSION },
        query: { session },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      }) as TrellisSocket;
    const wrong = named(other.id);
    expect(await connectError(wrong)).toBe('forbidden');
    wrong.close();
    const twice = named([created.id, other.id]);
    expect(await connectError(twice)).toBe('forbidden');
    twice.close();
    const right = named(created.id);
    const info = SessionInfo.parse(await new Promise((r) => right.once('session', r)));
    expect(info.id).toBe(created.id);
    right.close();
  });

  it('[S2] a member gets its session info on connect and on request', async () => {
    const created = await s.createSession('Care network');
    const a = await s.join(created.joinCode, 'Ana');
    const sock = open(a.token);
    const info = SessionInfo.parse(await new Promise((r) => sock.once('session', r)));
    expect(info).toMatchObject({
      id: created.id,
      title: 'Care network',
      joinCode: created.joinCode,
      role: 'participant',
      memberId: a.participantId,
      name: 'Ana',
      ended: false,
    });
    const res = await sock.emitWithAck('session:get');
    expect(res).toEqual({ ok: true, data: info });
  });

  it('[S3] presence counts distinct participants connected to the board', async () => {
    const created = await s.createSession();
    const a = await s.join(created.joinCode, 'Ana');
    const b = await s.join(created.joinCode, 'Ben');
    const fac = open(created.facilitatorToken);
    const seen: Presence[] = [];
    fac.on('presence', (p) => seen.push(Presence.parse(p)));
    await eventually(() => expect(seen.length).toBeGreaterThan(0));
    const conns = [a, a, b].map((m) => s.board(created.id, m.token));
    s.board(created.id, created.projectorToken);
    await eventually(() => {
      const last = seen.at(-1)!;
      expect(last.participants).toBe(2);
      expect(last.members.find((m) => m.name === 'Ana')?.connections).toBe(2);
      expect(last.members.some((m) => m.role === 'projector')).toBe(true);
    });
    conns[2]!.provider.destroy();
    await eventually(() => expect(seen.at(-1)!.participants).toBe(1));
  });

  it('[S4] a writer hears "saved" with a clock covering its change once it is durable', async () => {
    const created = await s.createSession();
    const a = await s.join(created.joinCode, 'Ana');
    const sock = open(a.token);
    const saved: Saved[] = [];
    sock.on('saved', (v) => saved.push(Saved.parse(v)));
    await new Promise((r) => sock.once('session', r));
    const c = s.board(created.id, a.token);
    await c.synced;
    addCard(c.doc, { id: 'x', kind: 'statement', text: 'hello', authorId: a.participantId });
    const target = Y.getState(c.doc.store, c.doc.clientID);
    await eventually(() =>
      expect(saved.some((v) => v.clientId === c.doc.clientID && v.clock >= target)).toBe(true),
    );
    const stored = await s.app.storage.loadState(created.id);
    expect(stored.tail.length).toBeGreaterThan(1);
  });

  it('[S5] unknown events get an error ack and the socket stays usable', async () => {
    const created = await s.createSession();
    const sock = await s.control(created.facilitatorToken);
    const untyped = sock as unknown as {
      emitWithAck: (e: string, ...a: unknown[]) => Promise<unknown>;
    };
    const res = await untyped.emitWithAck('drop:tables', { x: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const ok = await sock.emitWithAck('session:get');
    expect(ok.ok).toBe(true);
  });

  it('[S6] every listed request is routed and checks its payload, those that take none too', async () => {
    const created = await s.createSession();
    const sock = await s.control(created.facilitatorToken);
    for (const event of CLIENT_EVENTS) {
      const res = await send(sock, event, { not: 'a payload' });
      expect(res, event).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!res.ok) expect(res.error.message, event).not.toMatch(/unknown event/);
    }
    expect((await send(sock, 'clock')).ok).toBe(true);
  });
});
