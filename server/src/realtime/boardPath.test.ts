import { describe, expect, it } from 'vitest';
import { parseBoardTarget } from './boardPath';

describe('parseBoardTarget', () => {
  it('[R10] reads a session id and token', () => {
    expect(parseBoardTarget('/yjs/abc_DEF-12?token=t0k', '/yjs/')).toEqual({
      ok: true,
      sessionId: 'abc_DEF-12',
      token: 't0k',
    });
  });

  it('[R10] never throws on malformed input', () => {
    const corpus = [
      '/yjs/%E0%A4%A',
      '/yjs/%',
      '/yjs/%%%',
      '/yjs/%C0%AF',
      '/yjs/%uD800',
      '/yjs/a?token=%E0%A4%A',
      '/yjs/' + 'a'.repeat(10_000),
      '/yjs/../../etc/passwd',
      '/yjs/\u0000',
      '//yjs/',
      'http://[::1',
      '/yjs/a?token=' + 'x'.repeat(500),
      undefined,
    ];
    for (const url of corpus) {
      const parsed = parseBoardTarget(url, '/yjs/');
      if (url === '/yjs/a?token=%E0%A4%A') expect(parsed.ok).toBe(true);
      else expect(parsed.ok, String(url)).toBe(false);
    }
  });
});
