import { enPhone } from './enPhone';
import { enScreens } from './enScreens';

/**
 * The English catalogue is the source of truth for message keys; every other language must
 * provide the same keys (checked by the type of `Catalogue`). `{name}` marks a parameter.
 *
 * Plural messages: a key ending in `.other` makes its prefix a plural message (`PluralBase`), shown
 * with `plural()`. English gives `.one` and `.other`; every catalogue gives exactly the forms its
 * language uses (`PLURAL_CATEGORIES` in locales.ts), e.g. Arabic `.zero` … `.other`.
 *
 * It is written in two parts: what a phone shows (enPhone.ts, in the phone's bundle) and what the
 * laptop and big-screen pages show (enScreens.ts, loaded with them). A key goes where it is shown.
 */
export const en = { ...enPhone, ...enScreens } as const;

type EnglishKey = keyof typeof en;

/** Messages chosen by a count: every key `<base>.other` of the English catalogue. */
export type PluralBase = {
  [K in EnglishKey]: K extends `${infer Base}.other` ? Base : never;
}[EnglishKey];

/** The key of one form of a plural message, in any language. */
export type PluralFormKey = `${PluralBase}.${Intl.LDMLPluralRule}`;

/** A plain message: any English key that is not a plural form. */
export type MessageKey = Exclude<EnglishKey, PluralFormKey>;
