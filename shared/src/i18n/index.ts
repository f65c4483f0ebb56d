import { ar } from './ar';
import { en } from './en';
import { fr } from './fr';
import { nl } from './nl';
import type { Catalogue } from './catalogue';
import type { Locale } from './locales';
import type { MessageKey, PluralBase } from './en';

export type { Catalogue } from './catalogue';
export type { MessageKey, PluralBase, PluralFormKey } from './en';
export * from './locales';

const catalogues: { readonly [L in Locale]: Catalogue<L> } = { en, fr, nl, ar };

/** One language's messages by key, plural forms included; for tools and tests. */
export function messagesOf(locale: Locale): Readonly<Record<string, string>> {
  return catalogues[locale];
}

type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return fill(catalogues[locale][key], params);
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
export function plural(locale: Locale, base: PluralBase, count: number): string {
  const messages = messagesOf(locale);
  const form = rulesFor(locale).select(count);
  const template = messages[`${base}.${form}`] ?? messages[`${base}.other`] ?? base;
  return fill(template, { count });
}
