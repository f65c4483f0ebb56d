import type { PluralBase } from './en';
import type { Locale } from './locales';

/** Any language's messages by key, plural forms included, as a lookup table. */
export type Messages = Readonly<Record<string, string>>;

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
const rulesFor = (locale: Locale): Intl.PluralRules => {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules;
};

/**
 * Chooses the form of `base` the locale's plural rules ask for (`zero`, `one`, `two`, `few`, `many`
 * or `other`) and fills `{count}`. A browser whose CLDR data knows a form the catalogue does not
 * gets `other`, which every language has.
 */
export function pluralOf(messages: Messages, locale: Locale, base: PluralBase, count: number) {
  const form = rulesFor(locale).select(count);
  const template = messages[`${base}.${form}`] ?? messages[`${base}.other`] ?? base;
  return fill(template, { count });
}
