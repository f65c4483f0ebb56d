import * as Y from 'yjs';
import { findIn, type DecodedUpdate } from './decoded';

/**
 * Where a struct lives in the document: the root type's name and the keys below it
 * (`['cards', cardId, 'text', '']`, with '' for a position in a sequence), plus the item that
 * is the root's direct child (a card's entry), whose creator owns everything beneath it.
 */
export interface Location {
  path: string[];
  entry: Y.Item | undefined;
  /** The entry arrived in this very update (so its creator is the sender). */
  entryIsNew: boolean;
}

/** 'unresolved': refers to structs the server does not have; 'gc': Yjs will discard it. */
export type Located = Location | 'unresolved' | 'gc' | 'invalid';

type Container =
  | { kind: 'root'; name: string; sub: string | null }
  | { kind: 'item'; item: Y.Item; isNew: boolean; sub: string | null };

/** Deeper than any honest board; bounds the walk for crafted parent chains. */
const MAX_DEPTH = 16;

/**
 * Resolves parents the way Yjs will when it integrates the update (Item.getMissing): an item
 * that carries no parent takes it from its origin, else its right origin, found in the room's
 * doc or earlier in the same update.
 */
export class Locator {
  constructor(
    private readonly doc: Y.Doc,
    private readonly update: DecodedUpdate,
  ) {}

  /** True when the room already has this struct's clock range (Yjs will skip it). */
  known(s: { id: Y.ID; length: number }): boolean {
    return s.id.clock + s.length <= Y.getState(this.doc.store, s.id.client);
  }

  locate(item: Y.Item, isNew: boolean): Located {
    const path: string[] = [];
    let cur = item;
    let curIsNew = isNew;
    let entry: Y.Item | undefined;
    let entryIsNew = false;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const c = curIsNew ? this.containerOfNew(cur, 0) : containerOfIntegrated(cur);
      if (typeof c === 'string') return c;
      path.unshift(c.sub ?? '');
      if (c.kind === 'root') {
        path.unshift(c.name);
        return { path, entry, entryIsNew };
      }
      entry = c.item;
      entryIsNew = c.isNew;
      cur = c.item;
      curIsNew = c.isNew;
    }
    return 'invalid';
  }

  private find(id: Y.ID): { struct: Y.Item | Y.GC | Y.Skip; isNew: boolean } | undefined {
    if (id.clock < Y.getState(this.doc.store, id.client)) {
      return { struct: Y.getItem(this.doc.store, id), isNew: false };
    }
    const list = this.update.byClient.get(id.client);
    const struct = list && findIn(list, id.clock);
    return struct && { struct, isNew: true };
  }

  private containerOfNew(item: Y.Item, depth: number): Container | 'unresolved' | 'gc' | 'invalid' {
    if (depth > MAX_DEPTH) return 'invalid';
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return { kind: 'root', name: parent, sub: item.parentSub };
    if (parent instanceof Y.ID) {
      const found = this.find(parent);
      if (!found) return 'unresolved';
      if (found.struct instanceof Y.GC) return 'gc';
      if (!(found.struct instanceof Y.Item) || !(found.struct.content instanceof Y.ContentType)) {
        return 'invalid';
      }
      return { kind: 'item', item: found.struct, isNew: found.isNew, sub: item.parentSub };
    }
    if (parent !== null) return 'invalid';
    const left = item.origin && this.find(item.origin);
    const right = item.rightOrigin && this.find(item.rightOrigin);
    if (left === undefined || right === undefined) return 'unresolved';
    if (left === null && right === null) return 'invalid';
    if (left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) return 'gc';
    const neighbour = left ?? right!;
    if (!(neighbour.struct instanceof Y.Item)) return 'invalid';
    // The neighbour's container is ours, and so is its map key (Yjs copies parentSub).
    return neighbour.isNew
      ? this.containerOfNew(neighbour.struct, depth + 1)
      : containerOfIntegrated(neighbour.struct);
  }
}

function containerOfIntegrated(item: Y.Item): Container | 'gc' {
  const type = item.parent as unknown;
  if (!(type instanceof Y.AbstractType)) return 'gc';
  const holder = type._item;
  if (holder === null) {
    return { kind: 'root', name: Y.findRootTypeKey(type), sub: item.parentSub };
  }
  return { kind: 'item', item: holder, isNew: false, sub: item.parentSub };
}
