import { useLayoutEffect, useRef, type KeyboardEvent } from 'react';

/**
 * Escape closes what this handler sits on (an inline editor, a question) and nothing around it:
 * the key stops here, so a canvas or page listening further out does not act on it too. A key
 * that ends an IME composition is the composition's, not ours.
 */
export function closeOnEscape(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
}

/**
 * Where the focus goes when something opened in place closes (Cancel, Save, Escape): back to the
 * element that opened it, given the returned ref. Only when the focus went with the closed part
 * (it is on `body` now); a click elsewhere that closed it keeps its own focus.
 */
export function useReturnFocus<T extends HTMLElement>(open: boolean) {
  const opener = useRef<T>(null);
  const was = useRef(open);
  // Before paint, so a screen reader never hears `body` in between.
  useLayoutEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (was.current && !open && lost) opener.current?.focus();
    was.current = open;
  }, [open]);
  return opener;
}
