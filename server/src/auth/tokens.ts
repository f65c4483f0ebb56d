import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { JOIN_CODE_ALPHABET, Limits } from '@trellis/shared';

/** 256-bit bearer secrets; only their SHA-256 is stored, so a leaked database grants nothing. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Ids that go into URLs; 96 bits, base64url. */
export const newId = (): string => randomBytes(12).toString('base64url');

/** Rejection sampling keeps every character equally likely (256 is not a multiple of 31). */
export function newJoinCode(length: number = Limits.joinCodeLength): string {
  const n = JOIN_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit && out.length < length) out += JOIN_CODE_ALPHABET[b % n];
    }
  }
  return out;
}
