import * as Y from 'yjs';
import { cardEntry } from '@trellis/shared';

/** The roots a restore brings back; `meta` (phase, timer, votes) stays as it is now. */
const RESTORED_ROOTS = ['cards', 'zones'] as const;

/** A fresh copy of a Yjs value for another document (types cannot be moved between docs). */
function copy(value: unknown): unknown {
  if (value instanceof Y.Text) return new Y.Text(value.toString());
  if (value instanceof Y.Map) {
    const map = new Y.Map<unknown>();
    value.forEach((v, k) => map.set(k, copy(v)));
    return map;
  }
  if (value instanceof Y.Array) {
    const arr = new Y.Array<unknown>();
    arr.push(value.toArray().map(copy));
    return arr;
  }
  return value;
}

const same = (a: unknown, b: unknown): boolean => {
  const json = (v: unknown): string =>
    JSON.stringify(v instanceof Y.AbstractType ? v.toJSON() : v) ?? 'undefined';
  return json(a) === json(b);
};

/**
 * Brings `live`'s cards and zones back to how they were in `past`, as a forward change ([Y8]):
 * entries added since are deleted, changed or deleted ones are written again. History keeps
 * both: the log still holds every state in between. Returns the keys of cards written again, with
 * the clientID that originally created each, so ownership can follow the original author.
 */
export function restoreBoard(
  live: Y.Doc,
  past: Y.Doc,
): { rewritten: { cardId: string; creator: number }[] } {
  const rewritten: { cardId: string; creator: number }[] = [];
  for (const root of RESTORED_ROOTS) {
    const now = live.getMap<unknown>(root);
    const then = past.getMap<unknown>(root);
    for (const key of [...now.keys()]) if (!then.has(key)) now.delete(key);
    then.forEach((value, key) => {
      if (same(now.get(key), value)) return;
      now.set(key, copy(value));
      const item = root === 'cards' ? cardEntry(past, key) : undefined;
      if (item) rewritten.push({ cardId: key, creator: item.id.client });
    });
  }
  return { rewritten };
}
