import * as Y from 'yjs';
import type { Presence, PresenceMember } from '@trellis/shared';
import { updateMessage } from './messages';
import type { Peer } from './peer';

/** One accepted change waiting in the tick's batch. */
export interface Pending {
  update: Uint8Array;
  origin: Peer | null;
  /** Who the log attributes the change to (a peer's member, or the facilitator a command came from). */
  memberId: string | null;
  clients: number[];
}

/** The pseudo-member the server's own writes are bound to ([P2]): nobody else may use its clientIDs. */
export const SERVER_MEMBER = '@server';
export interface SavedClock {
  memberId: string;
  clientId: number;
  clock: number;
}

/** Echoing a peer's own changes back is harmless in Yjs but wasted bytes; past this many writers in
 * one tick, one shared message beats per-writer merges. */
const MAX_PERSONALISED_MERGES = 4;

/**
 * `Y.mergeUpdates` is super-linear in the number of updates (here: 5,000 took 0.3 s, 20,000
 * took 7 s, where the same in chunks of 64 took 14 and 65 ms), so a tick's batch is merged in
 * chunks of at most this many updates or bytes, each sent as its own message.
 */
const MERGE_CHUNK_UPDATES = 64;
const MERGE_CHUNK_BYTES = 256 * 1024;

/** The updates as messages, merged per chunk: bounded cost per update however many arrive. */
export function mergedMessages(updates: readonly Uint8Array[]): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let chunk: Uint8Array[] = [];
  let bytes = 0;
  const emit = (): void => {
    if (chunk.length === 0) return;
    messages.push(updateMessage(chunk.length === 1 ? chunk[0]! : Y.mergeUpdates(chunk)));
    chunk = [];
    bytes = 0;
  };
  for (const update of updates) {
    if (chunk.length >= MERGE_CHUNK_UPDATES || bytes + update.byteLength > MERGE_CHUNK_BYTES) {
      emit();
    }
    chunk.push(update);
    bytes += update.byteLength;
  }
  emit();
  return messages;
}

/**
 * Sends a durable batch to the room: encoded once for everyone, and for up to a few writers a
 * merge without their own changes.
 */
export function fanOut(peers: ReadonlySet<Peer>, batch: Pending[]): void {
  const origins = new Set(batch.map((p) => p.origin));
  const all = mergedMessages(batch.map((p) => p.update));
  const personalised = new Map<Peer, Uint8Array[]>();
  if (origins.size <= MAX_PERSONALISED_MERGES) {
    for (const origin of origins) {
      if (!origin) continue;
      const others = batch.filter((p) => p.origin !== origin).map((p) => p.update);
      personalised.set(origin, mergedMessages(others));
    }
  }
  // Message by message, not peer by peer: each message is framed once for every receiver
  // (realtime/frames.ts keeps only the last frame).
  const rounds = Math.max(all.length, ...[...personalised.values()].map((m) => m.length));
  for (let i = 0; i < rounds; i++) {
    for (const peer of peers) {
      const message = (personalised.get(peer) ?? all)[i];
      if (message) peer.send(message);
    }
  }
}

/** Per writer and clientID, the clock now durable: what `saved` tells each phone. */
export function savedClocks(doc: Y.Doc, batch: Pending[]): SavedClock[] {
  const saved = new Map<string, SavedClock>();
  for (const p of batch) {
    if (!p.origin) continue;
    for (const clientId of p.clients) {
      const clock = Y.getState(doc.store, clientId);
      saved.set(`${p.origin.member.id}:${clientId}`, {
        memberId: p.origin.member.id,
        clientId,
        clock,
      });
    }
  }
  return [...saved.values()];
}

/** Who is connected to the board, grouped by member. */
export function presenceOf(peers: ReadonlySet<Peer>): Presence {
  const byMember = new Map<string, PresenceMember>();
  for (const { member } of peers) {
    const entry = byMember.get(member.id);
    if (entry) entry.connections++;
    else {
      byMember.set(member.id, {
        id: member.id,
        role: member.role,
        ...(member.name !== undefined && { name: member.name }),
        connections: 1,
      });
    }
  }
  const members = [...byMember.values()];
  return { members, participants: members.filter((m) => m.role === 'participant').length };
}
