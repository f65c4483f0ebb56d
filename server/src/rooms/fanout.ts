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
 * Sends a durable batch to the room: encoded once for everyone, and for up to a few writers a
 * merge without their own changes.
 */
export function fanOut(peers: ReadonlySet<Peer>, batch: Pending[]): void {
  const origins = new Set(batch.map((p) => p.origin));
  const all = updateMessage(
    batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update)),
  );
  const personalised = new Map<Peer, Uint8Array | null>();
  if (origins.size <= MAX_PERSONALISED_MERGES) {
    for (const origin of origins) {
      if (!origin) continue;
      const others = batch.filter((p) => p.origin !== origin).map((p) => p.update);
      personalised.set(origin, others.length === 0 ? null : updateMessage(Y.mergeUpdates(others)));
    }
  }
  for (const peer of peers) {
    const message = personalised.has(peer) ? personalised.get(peer) : all;
    if (message) peer.send(message);
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
