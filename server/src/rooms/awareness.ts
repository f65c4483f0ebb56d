import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Limits } from '@trellis/shared';
import type { Peer } from './peer';

/** Presence is small: a name, a cursor, a drag position. */
const MAX_STATE_CHARS = Limits.awarenessStateChars;

/**
 * Rewrites a peer's awareness update before the room applies it ([A1], [A2]):
 * - entries for clientIDs this connection may not speak for are dropped;
 * - `user` (id, role, name) is overwritten from the token, so nobody can pose as someone else;
 * - states that are not JSON objects, or are oversized, are dropped.
 * Returns undefined when nothing is left. Throws on bytes that are not an awareness update.
 */
export function sanitiseAwareness(
  update: Uint8Array,
  peer: Peer,
  mayUse: (clientId: number) => boolean,
): Uint8Array | undefined {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (!mayUse(clientId)) continue;
    const state = rewrite(raw, peer);
    if (state !== undefined) kept.push({ clientId, clock, state });
  }
  if (kept.length === 0) return undefined;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const { clientId, clock, state } of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

function rewrite(raw: string, peer: Peer): string | undefined {
  if (raw === 'null') return raw; // the client leaving
  if (raw.length > MAX_STATE_CHARS) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { member } = peer;
  const user = { id: member.id, role: member.role, name: member.name ?? null };
  return JSON.stringify({ ...parsed, user });
}
