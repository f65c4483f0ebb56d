import * as Y from 'yjs';
import { Limits } from '@trellis/shared';
import { findIn, type Struct } from './decoded';
import { reject, type Guard, type GuardContext } from './context';

/** New structs (not already in the room), each with where it would land. */
export function* newItems(ctx: GuardContext): Generator<Y.Item> {
  for (const s of ctx.update.structs) {
    if (s instanceof Y.Item && !ctx.locator.known(s)) yield s;
  }
}

/** ClientIDs for which the update carries structs the room does not have yet. */
export function newStructClients(ctx: Pick<GuardContext, 'doc' | 'update'>): number[] {
  const out: number[] = [];
  for (const [client, to] of ctx.update.to) {
    if (to > Y.getState(ctx.doc.store, client)) out.push(client);
  }
  return out;
}

/** Whether the update's structs cover the clocks [from, end) without gaps. */
function covered(structs: readonly Struct[], from: number, end: number): boolean {
  let clock = from;
  while (clock < end) {
    const s = findIn(structs, clock);
    if (!s || s instanceof Y.Skip) return false;
    clock = s.id.clock + s.length;
  }
  return true;
}

/**
 * Live items of the room that the update's delete set would delete, plus whether the delete set
 * points at clocks that exist neither in the room nor in the update (Yjs would keep those pending
 * and apply them to whatever arrives later — never allowed).
 */
export function deletedItems(ctx: GuardContext): { items: Y.Item[]; dangling: boolean } {
  const items: Y.Item[] = [];
  let dangling = false;
  for (const [client, ranges] of ctx.update.ds.clients) {
    const known = Y.getState(ctx.doc.store, client);
    const structs = ctx.doc.store.clients.get(client) ?? [];
    const incoming = ctx.update.byClient.get(client) ?? [];
    for (const r of ranges) {
      const end = r.clock + r.len;
      if (end > known && !covered(incoming, Math.max(r.clock, known), end)) dangling = true;
      if (r.clock >= known || structs.length === 0) continue;
      for (let i = Y.findIndexSS(structs, r.clock); i < structs.length; i++) {
        const s = structs[i]!;
        if (s.id.clock >= end) break;
        if (s instanceof Y.Item && !s.deleted) items.push(s);
      }
    }
  }
  return { items, dangling };
}

/**
 * [G7] Every new struct must continue its client's clock without a gap and resolve to a place in the document from what the room has or the
 * update carries. References to unknown structs are dropped, not applied: Yjs would park them as
 * pending and integrate them later under whatever arrives, bypassing these guards. An honest
 * client that lost a frame resends it in its next sync step 2.
 * [G8] Structurally impossible updates (a parent that is not a type, no parent at all) are
 * rejected: no honest Yjs client produces them.
 */
export const resolvable: Guard = (ctx) => {
  // A client's structs must continue where the room's state for it ends: a gap (or a Skip over
  // clocks the room lacks) would leave Yjs holding pending structs it then serves to everyone.
  for (const [client, structs] of ctx.update.byClient) {
    const known = Y.getState(ctx.doc.store, client);
    if ((structs[0]?.id.clock ?? 0) > known)
      return { kind: 'drop', reason: 'gap before the update' };
    if (structs.some((st) => st instanceof Y.Skip && st.id.clock + st.length > known)) {
      return { kind: 'drop', reason: 'gap inside the update' };
    }
  }
  for (const item of newItems(ctx)) {
    const at = ctx.locator.locate(item, true);
    if (at === 'unresolved') return { kind: 'drop', reason: 'references structs the room lacks' };
    if (at === 'invalid') return reject('G8', 'struct has no valid parent');
  }
  if (deletedItems(ctx).dangling) {
    return { kind: 'drop', reason: 'deletes structs the room lacks' };
  }
  return undefined;
};

/**
 * [P2] A Yjs clientID belongs to the member that first wrote with it; new structs under someone
 * else's clientID are forgeries (or a bug) and are refused.
 */
export const clientIdsAreBound: Guard = (ctx) => {
  for (const client of newStructClients(ctx)) {
    const owner = ctx.ownership.bindingOf(client);
    if (owner !== undefined && owner !== ctx.peer.member.id) {
      return reject('P2', `clientID ${client} belongs to another member`);
    }
  }
  return undefined;
};

/**
 * [P1] Projector connections are read-only. A stock provider still answers the server's sync
 * step 1 with an (empty) step 2, so only updates that would change something are refused.
 */
export const projectorIsReadOnly: Guard = (ctx) => {
  if (ctx.peer.member.role !== 'projector') return undefined;
  if (newStructClients(ctx).length === 0 && deletedItems(ctx).items.length === 0) return undefined;
  return reject('P1', 'projector connections are read-only');
};

/**
 * [G11] Keys are ids (cards, zones, fields): a 20 MB card id made a 34 MB board that every new
 * phone had to download. No role may write a key longer than `Limits.idMax`.
 */
export const keysAreShort: Guard = (ctx) => {
  for (const item of newItems(ctx)) {
    if (item.parentSub !== null && item.parentSub.length > Limits.idMax) {
      return reject('G11', `keys are at most ${Limits.idMax} characters`);
    }
  }
  return undefined;
};
