import type { Locale } from '@trellis/shared';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Time since the session began: `mm:ss`, or `h:mm:ss` past an hour. Rounds down, like a clock. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

// Formatters are costly to build and the replay re-renders every animation frame while playing.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(id: string, make: () => T): T {
  let formatter = cache.get(id);
  if (!formatter) {
    formatter = make();
    cache.set(id, formatter);
  }
  return formatter as T;
}

/** Date and time of day in the reader's language, for "when was this". */
export const formatDateTime = (locale: Locale, time: number): string =>
  cached(
    `dt:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
  ).format(time);

export const formatDate = (locale: Locale, time: number): string =>
  cached(
    `d:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(time);

export const formatClockTime = (locale: Locale, time: number): string =>
  cached(`t:${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })).format(
    time,
  );

export const formatNumber = (locale: Locale, n: number): string =>
  cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(n);

/** "12 min" / "45 s" with the language's own unit words, so the catalogue needs none. */
export function formatDuration(locale: Locale, ms: number): string {
  const seconds = Math.round(ms / 1000);
  const [unit, value] = seconds < 60 ? ['second', seconds] : ['minute', Math.round(seconds / 60)];
  return cached(
    `u:${unit}:${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }),
  ).format(value);
}
