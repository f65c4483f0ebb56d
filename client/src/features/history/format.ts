import type { Locale } from '@trellis/shared';

/** Time since the session began, as the story tells it too (shared/src/story.ts). */
export { formatElapsed } from '@trellis/shared';

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
