/**
 * The languages Trellis speaks and the facts about each that code needs: writing direction, the
 * language's own name (for the picker) and which plural forms its grammar uses.
 */
export const LOCALES = ['en', 'fr', 'nl', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: string): value is Locale =>
  (LOCALES as readonly string[]).includes(value);

export type Direction = 'ltr' | 'rtl';

const DIRECTIONS: Record<Locale, Direction> = { en: 'ltr', fr: 'ltr', nl: 'ltr', ar: 'rtl' };

/** The writing direction of a whole screen in this language (`<html dir>`). */
export const directionOf = (locale: Locale): Direction => DIRECTIONS[locale];

/** Each language named in itself, so people find theirs whatever the screen shows now. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  nl: 'Nederlands',
  ar: 'العربية',
};

/**
 * The CLDR plural categories each language's grammar distinguishes, i.e. what
 * `Intl.PluralRules(locale).resolvedOptions().pluralCategories` returns (a unit test checks they
 * agree). A catalogue must give every plural message in exactly these forms.
 */
export const PLURAL_CATEGORIES = {
  en: ['one', 'other'],
  fr: ['one', 'many', 'other'],
  nl: ['one', 'other'],
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
} as const satisfies Record<Locale, readonly Intl.LDMLPluralRule[]>;

export type PluralCategory<L extends Locale> = (typeof PLURAL_CATEGORIES)[L][number];
