import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorBody, JOIN_CODE_ALPHABET } from '@trellis/shared';
import { createApp, testConfig } from '@trellis/server';
import { ORGANISER_KEY, startServer, tempDir } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer();

const post = (p: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

async function expectError(res: Response, status: number, code: string): Promise<void> {
  expect(res.status).toBe(status);
  const body = ErrorBody.parse(await res.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('HTTP API', () => {
  it('[H1] GET /api/health answers ok', async () => {
    const res = await fetch(`${s.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('[H2] creating a session needs the organiser key', async () => {
    await expectError(await post('/api/sessions', '{"title":"x"}'), 401, 'unauthorized');
    await expectError(
      await post('/api/sessions', '{"title":"x"}', { authorization: 'Bearer wrong-key-123' }),
      401,
      'unauthorized',
    );
    const ok = await post('/api/sessions', '{"title":"Trust"}', {
      authorization: `Bearer ${ORGANISER_KEY}`,
    });
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as Record<string, string>;
    expect(Object.keys(created).sort()).toEqual([
      'facilitatorToken',
      'id',
      'joinCode',
      'projectorToken',
    ]);
    expect(created.facilitatorToken).not.toBe(created.projectorToken);
  });

  it('[H3] a bad session body is a 400 naming the field', async () => {
    const auth = { authorization: `Bearer ${ORGANISER_KEY}` };
    await expectError(await post('/api/sessions', '{}', auth), 400, 'bad_request');
    await expectError(await post('/api/sessions', '{"title":"  "}', auth), 400, 'bad_request');
    await expectError(
      await post('/api/sessions', '{"title":"x","template":"nope"}', auth),
      400,
      'bad_request',
    );
    await expectError(await post('/api/sessions', '[1,2]', auth), 400, 'bad_request');
  });

  it('[H4] malformed JSON is a 400 invalid_json, never a crash', async () => {
    await expectError(await post('/api/join', '{"code":'), 400, 'invalid_json');
    await expectError(
      await post('/api/sessions', 'not json', { authorization: `Bearer ${ORGANISER_KEY}` }),
      400,
      'invalid_json',
    );
    const health = await fetch(`${s.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('[H5] join codes use the unambiguous alphabet and are case-insensitive', async () => {
    const created = await s.createSession();
    expect(created.joinCode).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{7}$`));
    const lower = created.joinCode.toLowerCase();
    const spaced = `${lower.slice(0, 3)} ${lower.slice(3)}`;
    const res = await post('/api/join', JSON.stringify({ code: spaced, name: 'Ana' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.sessionId).toBe(created.id);
    expect(body.token).toMatch(/^[\w-]{40,}$/);
  });

  it('[H6] joining an unknown code is a 404, a missing code a 400', async () => {
    await expectError(await post('/api/join', '{"code":"ZZZZZZZ"}'), 404, 'not_found');
    await expectError(await post('/api/join', '{}'), 400, 'bad_request');
    await expectError(await post('/api/join', '{"code":"ABCDEFG","name":5}'), 400, 'bad_request');
  });

  it('[H7] joining an ended session is a 410', async () => {
    const created = await s.createSession();
    await s.app.workshop.command(await s.app.sessions.identify(created.facilitatorToken), {
      type: 'session:end',
    });
    await expectError(
      await post('/api/join', JSON.stringify({ code: created.joinCode })),
      410,
      'gone',
    );
  });

  it('[H8] unknown API routes are JSON 404s', async () => {
    await expectError(await fetch(`${s.url}/api/nothing`), 404, 'not_found');
  });

  it('[H11] the built client is served gzip-compressed, with a history-API fallback', async () => {
    const { CLIENT_DIST } = await import('../helpers/browser');
    const web = await startServer({ clientDir: CLIENT_DIST });
    try {
      const page = await fetch(`${web.url}/j/ABC2345`, { headers: { 'accept-encoding': 'gzip' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const js = await fetch(`${web.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(js.headers.get('content-encoding')).toBe('gzip');
      expect(js.headers.get('cache-control')).toContain('immutable');
    } finally {
      await web.close();
    }
  });

  it('[H9] responses carry security headers and a CSP', async () => {
    const res = await fetch(`${s.url}/api/health`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('organiser key', () => {
  it('[H10] without ORGANISER_KEY a key is generated, printed once and stored hashed with mode 0600', async () => {
    const dataDir = tempDir();
    const printed: string[] = [];
    const original = console.log;
    console.log = (line: string) => printed.push(line);
    try {
      const app = createApp({ config: testConfig({ dataDir, organiserKey: undefined }) });
      await app.close();
      const again = createApp({ config: testConfig({ dataDir, organiserKey: undefined }) });
      await again.close();
    } finally {
      console.log = original;
    }
    const keyLines = printed.filter((l) => l.includes('organiser key'));
    expect(keyLines).toHaveLength(1);
    const key = /: (\S+)\s*$/.exec(keyLines[0]!)?.[1];
    expect(key).toBeDefined();
    const file = path.join(dataDir, 'organiser-key.sha256');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(key!);

    const server = await startServer({ dataDir, organiserKey: undefined });
    try {
      const res = await fetch(`${server.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: '{"title":"With generated key"}',
      });
      expect(res.status).toBe(201);
    } finally {
      await server.close();
    }
  });
});
