import { useEffect, useState, type RefObject } from 'react';

/**
 * The element's rendered height (border box) while `active`, kept current as it grows and shrinks
 * (a composer's second line, a notice under it); 0 while not active.
 */
export function useBlockSize(ref: RefObject<HTMLElement | null>, active: boolean): number {
  const [size, setSize] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!active || !element) {
      setSize(0);
      return;
    }
    const measure = (): void => setSize(Math.ceil(element.getBoundingClientRect().height));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, active]);
  return size;
}
