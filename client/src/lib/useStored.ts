import { useCallback, useState } from 'react';

/**
 * A value kept in this device's storage and mirrored in React state. Storage is the truth: each
 * change starts from what is stored (a closure from an older render may hold a stale copy), and
 * the screen re-renders with what was written.
 */
export function useStored<T>(
  read: () => T,
  write: (value: T) => void,
): [T, (change: (stored: T) => T) => void] {
  const [value, setValue] = useState(read);
  const update = useCallback(
    (change: (stored: T) => T) => {
      const next = change(read());
      write(next);
      setValue(next);
    },
    [read, write],
  );
  return [value, update];
}
