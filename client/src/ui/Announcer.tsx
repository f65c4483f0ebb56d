import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

interface Said {
  id: number;
  text: string;
}

interface Announcements {
  said: readonly Said[];
  say: (text: string) => void;
}

/** Without an `Announcer` above it, a screen's announcements go nowhere (and cost nothing). */
const Context = createContext<Announcements>({ said: [], say: () => undefined });

/** Old lines leave the region, so it never grows into a transcript a reader could wander into. */
const KEPT_MS = 10_000;

/**
 * What a screen says to screen readers as it happens (a new phase, new cards, time up). Screen
 * readers read what changes inside a live region that is already there, not a region that arrives
 * holding its text: `LiveRegion` is rendered empty with the page, and lines are added to it.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [said, setSaid] = useState<readonly Said[]>([]);
  const next = useRef(0);
  const say = useCallback((text: string) => {
    next.current += 1;
    const line = { id: next.current, text };
    setSaid((lines) => [...lines.slice(-4), line]);
  }, []);
  useEffect(() => {
    if (said.length === 0) return;
    const timer = window.setTimeout(() => setSaid([]), KEPT_MS);
    return () => window.clearTimeout(timer);
  }, [said]);
  const value = useMemo(() => ({ said, say }), [said, say]);
  return <Context value={value}>{children}</Context>;
}

/** Says `text` through the nearest `Announcer`'s region. */
export const useAnnounce = (): ((text: string) => void) => useContext(Context).say;

/**
 * The region itself, placed inside the page's landmark. A log, not a status: each new line is
 * read on its own, without the lines before it again.
 */
export function LiveRegion() {
  const { said } = useContext(Context);
  return (
    <div className="visually-hidden" role="log" aria-live="polite" data-testid="announcer">
      {said.map((line) => (
        <p key={line.id}>{line.text}</p>
      ))}
    </div>
  );
}
