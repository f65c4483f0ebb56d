import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET } from '@trellis/shared';
import { hashSecret, newJoinCode, newToken, secretMatches } from './tokens';

describe('tokens and codes', () => {
  it('tokens are 256-bit base64url and only their hash is compared', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secretMatches(token, hashSecret(token))).toBe(true);
    expect(secretMatches(token + 'x', hashSecret(token))).toBe(false);
    expect(secretMatches(token, 'not-hex')).toBe(false);
  });

  it('join codes use only the unambiguous alphabet, every letter about equally', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const code = newJoinCode();
      expect(code).toHaveLength(7);
      for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect([...counts.keys()].every((ch) => JOIN_CODE_ALPHABET.includes(ch))).toBe(true);
    expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
    const expected = (3000 * 7) / JOIN_CODE_ALPHABET.length;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.25);
    expect(Math.log2(JOIN_CODE_ALPHABET.length ** 7)).toBeGreaterThan(30);
  });
});
