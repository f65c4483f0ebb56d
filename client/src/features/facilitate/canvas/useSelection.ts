import { useCallback, useMemo, useState } from 'react';

export interface Selection {
  /** Selected card ids that still exist on the board. */
  ids: ReadonlySet<string>;
  only(id: string): void;
  toggle(id: string): void;
  add(ids: Iterable<string>): void;
  clear(): void;
}

const EMPTY: ReadonlySet<string> = new Set();

/** The set with `id` taken out if it was in, else put in. */
export function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

/**
 * The canvas selection: local to this console (it is a pointer, not board state, so it never goes
 * into the doc). A card someone deletes drops out of the selection by itself, so the selection
 * actions never count or act on a card that is gone.
 */
export function useSelection(existing: ReadonlySet<string>): Selection {
  const [raw, setRaw] = useState<ReadonlySet<string>>(EMPTY);
  const ids = useMemo(() => {
    const kept = [...raw].filter((id) => existing.has(id));
    return kept.length === raw.size ? raw : new Set(kept);
  }, [raw, existing]);

  const only = useCallback((id: string) => setRaw(new Set([id])), []);
  const toggle = useCallback((id: string) => setRaw((prev) => toggled(prev, id)), []);
  const add = useCallback(
    (more: Iterable<string>) => setRaw((prev) => new Set([...prev, ...more])),
    [],
  );
  const clear = useCallback(() => setRaw(EMPTY), []);
  return useMemo(() => ({ ids, only, toggle, add, clear }), [ids, only, toggle, add, clear]);
}
