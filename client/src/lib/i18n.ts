import { createContext, useCallback, useContext } from 'react';
import { isLocale, plural, translate, type Locale, type MessageKey } from '@trellis/shared';

// Languages written right-to-left; Arabic is planned, so the direction is decided here once.
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** The first of the browser's languages we have a catalogue for, else English. */
export function pickLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** Screen readers and the browser's text shaping follow `<html lang dir>`, so keep them true. */
export function applyLocaleToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = RTL.has(locale) ? 'rtl' : 'ltr';
}

export const LocaleContext = createContext<Locale>('en');

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  const locale = useLocale();
  return useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
}

export function useParticipantCount(): (count: number) => string {
  const locale = useLocale();
  return useCallback((count: number) => plural(locale, 'present.participants', count), [locale]);
}
