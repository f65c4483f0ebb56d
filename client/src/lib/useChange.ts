import { useEffect, useRef } from 'react';

/**
 * Calls `onChange(previous)` after a render in which `value` differs from the one before. The
 * first value is only remembered: a screen opened mid-session has nothing to announce yet.
 */
export function useChange<T>(value: T, onChange: (previous: T) => void): void {
  const previous = useRef(value);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (Object.is(previous.current, value)) return;
    const before = previous.current;
    previous.current = value;
    latest.current(before);
  }, [value]);
}
