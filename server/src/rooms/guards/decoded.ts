import * as Y from 'yjs';

export type Struct = Y.Item | Y.GC | Y.Skip;
export type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/**
 * Clocks stay far below 2^53 in practice; a crafted update declaring lengths near it would make
 * Yjs allocate or loop on ranges nobody typed (yjs#479/#687). 2^31 is ~2 billion characters.
 */
const MAX_CLOCK = 2 ** 31;

/** An update decoded once, with what the guards and the room need to know about it. */
export interface DecodedUpdate {
  structs: Struct[];
  ds: DeleteSet;
  /** Structs per clientID in clock order, for resolving references inside the update. */
  byClient: Map<number, Struct[]>;
  /** Per clientID, the clock after the update's last struct. */
  to: Map<number, number>;
}

export class MalformedUpdate extends Error {}

/** Decodes with lib0's bounds checks plus our own; throws MalformedUpdate on anything off. */
export function decodeUpdate(update: Uint8Array): DecodedUpdate {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new MalformedUpdate(`undecodable update: ${String(err)}`);
  }
  const byClient = new Map<number, Struct[]>();
  const to = new Map<number, number>();
  for (const s of decoded.structs) {
    const end = s.id.clock + s.length;
    if (!Number.isSafeInteger(end) || s.length < 0 || end > MAX_CLOCK) {
      throw new MalformedUpdate('struct clock out of range');
    }
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    const prev = list.at(-1);
    if (prev && prev.id.clock + prev.length > s.id.clock) {
      throw new MalformedUpdate('overlapping structs');
    }
    list.push(s);
    to.set(s.id.client, end);
  }
  for (const ranges of decoded.ds.clients.values()) {
    for (const r of ranges) {
      if (r.len < 0 || !Number.isSafeInteger(r.clock + r.len) || r.clock + r.len > MAX_CLOCK) {
        throw new MalformedUpdate('delete range out of range');
      }
    }
  }
  return { structs: decoded.structs, ds: decoded.ds, byClient, to };
}

/** The struct of `list` (clock-ordered) that contains `clock`, by binary search. */
export function findIn(list: readonly Struct[], clock: number): Struct | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!;
    if (clock < s.id.clock) hi = mid - 1;
    else if (clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}
