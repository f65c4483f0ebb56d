import { useSyncExternalStore } from 'react';

/**
 * A router small enough to read in one go: the path is the state, `navigate` pushes history and
 * tells subscribers. Five routes do not justify a router library in the participant's bundle.
 */
const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((listener) => listener());

window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getPath = (): string => window.location.pathname;

export function usePath(): string {
  return useSyncExternalStore(subscribe, getPath);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  notify();
}

/** Parameters after `#`: tokens live there because fragments never reach servers or logs. */
export function readHashParams(): URLSearchParams {
  return new URLSearchParams(window.location.hash.replace(/^#/, ''));
}
