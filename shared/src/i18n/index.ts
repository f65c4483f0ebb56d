import { en, type MessageKey } from './en';

export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;
export const LOCALES = ['en'] as const;
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Catalogue> = { en };

export const isLocale = (value: string): value is Locale =>
  (LOCALES as readonly string[]).includes(value);

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function translate(
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template = catalogues[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Chooses `key.one` / `key.other` with the locale's plural rules. */
export function plural(locale: Locale, base: 'present.participants', count: number): string {
  const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
  return translate(locale, `${base}.${form}`, { count });
}
