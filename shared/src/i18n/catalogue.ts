import type { MessageKey, PluralBase } from './en';
import type { Locale, PluralCategory } from './locales';

/**
 * A language's messages: every plain key of the English catalogue, and every plural message in
 * exactly the forms that language uses (`Catalogue<'ar'>` asks for `.zero` … `.other`,
 * `Catalogue<'nl'>` for `.one` and `.other`). Written as an object literal, a missing or extra key
 * is a type error.
 */
export type Catalogue<L extends Locale> = Record<MessageKey, string> &
  Record<`${PluralBase}.${PluralCategory<L>}`, string>;
