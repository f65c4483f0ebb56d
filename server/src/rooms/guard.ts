import * as Y from 'yjs';
import type { Peer } from './peer';

/**
 * The permission seam of the update pipeline. Each guard sees a decoded update before anything
 * is logged, applied or relayed, and either passes or names the PROTOCOL.md rule it broke.
 * Later rules (card ownership, meta, votes) are more guards, not more branches in the room.
 */
export interface UpdateContext {
  doc: Y.Doc;
  peer: Peer;
  update: Uint8Array;
  /** Per clientID, the clock range the update carries structs for. */
  meta: { from: Map<number, number>; to: Map<number, number> };
  /** clientID → memberId, as bound so far in this session. */
  bindings: ReadonlyMap<number, string>;
}

export interface Rejection {
  rule: string;
  reason: string;
}

export type Guard = (ctx: UpdateContext) => Rejection | undefined;

/** ClientIDs for which the update carries structs the room does not have yet. */
export function newStructClients(doc: Y.Doc, meta: UpdateContext['meta']): number[] {
  const out: number[] = [];
  for (const [client, to] of meta.to) {
    if (to > Y.getState(doc.store, client)) out.push(client);
  }
  return out;
}

/** True when every range the update deletes is already deleted in the room. */
function deletesNothingNew(doc: Y.Doc, update: Uint8Array): boolean {
  const { ds } = Y.decodeUpdate(update);
  if (ds.clients.size === 0) return true;
  const known = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of ds.clients) {
    const have = known.clients.get(client) ?? [];
    for (const r of ranges) {
      if (r.len === 0) continue;
      const covered = have.some((h) => h.clock <= r.clock && r.clock + r.len <= h.clock + h.len);
      if (!covered) return false;
    }
  }
  return true;
}

/**
 * [P1] Projector connections are read-only. A stock provider still answers the server's sync
 * step 1 with an (empty) step 2, so only updates that would change something are rejected.
 */
export const projectorIsReadOnly: Guard = (ctx) => {
  if (ctx.peer.member.role !== 'projector') return undefined;
  if (newStructClients(ctx.doc, ctx.meta).length === 0 && deletesNothingNew(ctx.doc, ctx.update)) {
    return undefined;
  }
  return { rule: 'P1', reason: 'projector connections are read-only' };
};

/**
 * [P2] A Yjs clientID belongs to the member that first wrote with it; new structs under someone
 * else's clientID are forgeries (or a bug) and are refused.
 */
export const clientIdsAreBound: Guard = (ctx) => {
  for (const client of newStructClients(ctx.doc, ctx.meta)) {
    const owner = ctx.bindings.get(client);
    if (owner !== undefined && owner !== ctx.peer.member.id) {
      return { rule: 'P2', reason: `clientID ${client} belongs to another member` };
    }
  }
  return undefined;
};

export const defaultGuards: readonly Guard[] = [projectorIsReadOnly, clientIdsAreBound];
