import { useCallback, useSyncExternalStore } from 'react';
import {
  directionOf,
  englishPhone,
  fill,
  isLocale,
  loadCatalogue,
  pluralOf,
  type Locale,
  type MessageKey,
  type Messages,
  type PluralBase,
} from '@trellis/shared';
import { readHashParams } from './router';

/**
 * The screen's language. Chosen once at start — a `lang` in the link's fragment (the projector
 * follows the facilitator's), else what this device picked before, else the browser's languages —
 * and changed by the language picker. A tiny store like the router: no provider to thread through.
 */
const STORAGE_KEY = 'trellis:locale';

/** The first of the browser's languages we have a catalogue for, else English. */
export function pickLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** `#…&lang=fr`: a link that fixes the language of this page view, without remembering it. */
function linkLocale(): Locale | undefined {
  const lang = readHashParams().get('lang');
  return lang !== null && isLocale(lang) ? lang : undefined;
}

// Storage can throw (private mode, disabled cookies): a phone that cannot remember still works.
function rememberedLocale(): Locale | undefined {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored !== null && isLocale(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

function remember(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered; this page view still switches.
  }
}

/** Screen readers and the browser's text shaping follow `<html lang dir>`, so keep them true. */
export function applyLocaleToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}

let current: Locale = 'en';
/**
 * Catalogues fetched so far. The phone's English ships in the bundle; the other languages arrive
 * on first use, and English in full with the first laptop or big-screen page (`loadScreenWords`).
 */
const loaded = new Map<Locale, Messages>([['en', englishPhone]]);
let screenWords: Promise<void> | undefined;
const listeners = new Set<() => void>();
/** The latest choice wins: a slow French chunk must not override a later pick of Dutch. */
let wanted: Locale = 'en';

function apply(locale: Locale): void {
  applyLocaleToDocument(locale);
  if (locale === current) return;
  current = locale;
  listeners.forEach((listener) => listener());
}

/**
 * Switches once the language's catalogue is here. Until then the screen stays in the language it
 * had, which beats a flash of keys; a chunk that cannot load (offline) leaves it there.
 */
async function show(locale: Locale): Promise<void> {
  wanted = locale;
  if (!loaded.has(locale)) {
    try {
      loaded.set(locale, await loadCatalogue(locale));
    } catch {
      return;
    }
  }
  if (wanted === locale) apply(locale);
}

/**
 * The English words of the console, organiser, history and projector pages, which a phone never
 * loads: those pages wait for them as they wait for their code (English is every language's
 * fallback, and the picker can switch to it). Fails like a chunk that cannot load.
 */
export function loadScreenWords(): Promise<void> {
  screenWords ??= loadCatalogue('en').then(
    (full) => void loaded.set('en', full),
    (error: unknown) => {
      screenWords = undefined;
      throw error;
    },
  );
  return screenWords;
}

/** Call once before the first render; resolves when the first screen's language is ready. */
export function startLocale(): Promise<void> {
  const first = show(linkLocale() ?? rememberedLocale() ?? pickLocale());
  // Re-opening the projector with another `lang` only changes the fragment: follow it.
  window.addEventListener('hashchange', () => {
    const locale = linkLocale();
    if (locale) void show(locale);
  });
  return first;
}

/** The picker's choice: shown as soon as it is loaded, and remembered on this device. */
export function setLocale(locale: Locale): void {
  remember(locale);
  void show(locale);
}

const messages = (locale: Locale): Messages => loaded.get(locale) ?? englishPhone;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, () => current);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

type Params = Record<string, string | number>;

// First-strong isolate … pop isolate: a Latin URL or code inside an Arabic sentence keeps its own
// order ("trellis.local:3000" would otherwise read "3000:trellis.local").
const isolate = (params: Params): Params =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, `\u2068${v}\u2069`]));

export function useT(): Translate {
  const locale = useLocale();
  return useCallback<Translate>(
    (key, params) =>
      fill(
        messages(locale)[key] ?? key,
        params && directionOf(locale) === 'rtl' ? isolate(params) : params,
      ),
    [locale],
  );
}

/** A message chosen by a count, in the grammar of the screen's language. */
export function usePlural(): (base: PluralBase, count: number) => string {
  const locale = useLocale();
  return useCallback(
    (base: PluralBase, count: number) => pluralOf(messages(locale), locale, base, count),
    [locale],
  );
}

export function useParticipantCount(): (count: number) => string {
  const locale = useLocale();
  return useCallback(
    (count: number) => pluralOf(messages(locale), locale, 'present.participants', count),
    [locale],
  );
}
