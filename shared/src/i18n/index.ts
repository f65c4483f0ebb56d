import { ar } from './ar';
import { en } from './en';
import { fr } from './fr';
import { nl } from './nl';
import type { Catalogue } from './catalogue';
import type { Locale } from './locales';
import type { MessageKey, PluralBase } from './en';
import { fill, pluralOf, type Params } from './format';

export type { Catalogue } from './catalogue';
export type { MessageKey, PluralBase, PluralFormKey } from './en';
export * from './locales';
export { fill, pluralOf, type Messages, type Params } from './format';
export { englishPhone, loadCatalogue } from './load';

const catalogues: { readonly [L in Locale]: Catalogue<L> } = { en, fr, nl, ar };

/**
 * Every language at hand, synchronously: for the server and tests. The browser never calls these
 * (they would pull all four catalogues into the phone's bundle); it uses `loadCatalogue`.
 */
export function messagesOf(locale: Locale): Readonly<Record<string, string>> {
  return catalogues[locale];
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return fill(catalogues[locale][key], params);
}

/** The message for `count` in the locale's grammar (see `pluralOf`). */
export function plural(locale: Locale, base: PluralBase, count: number): string {
  return pluralOf(messagesOf(locale), locale, base, count);
}
