import { describe, expect, it } from 'vitest';
import {
  directionOf,
  isLocale,
  LOCALES,
  messagesOf,
  plural,
  PLURAL_CATEGORIES,
  translate,
  type Locale,
} from './index';
import { englishPhone, loadCatalogue } from './load';
import { enScreens } from './enScreens';

const en = messagesOf('en');
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

/** `present.participants` for every English key `present.participants.other`. */
const pluralBases = Object.keys(en)
  .filter((key) => key.endsWith('.other'))
  .map((key) => key.slice(0, -'.other'.length));
const baseOf = (key: string): string | undefined =>
  pluralBases.find((base) => key.startsWith(`${base}.`));
const plainKeys = (messages: Readonly<Record<string, string>>): string[] =>
  Object.keys(messages)
    .filter((key) => baseOf(key) === undefined)
    .sort();

describe('message catalogue', () => {
  it('fills parameters and leaves unknown placeholders visible', () => {
    expect(translate('en', 'facilitate.joinCode', { code: 'ABC2345' })).toBe('Join code: ABC2345');
    expect(translate('en', 'facilitate.joinCode')).toBe('Join code: {code}');
    expect(translate('fr', 'facilitate.joinCode', { code: 'ABC2345' })).toBe(
      'Code pour rejoindre\u00a0: ABC2345',
    );
  });

  it('chooses plural forms with the locale rules', () => {
    expect(plural('en', 'present.participants', 1)).toBe('1 participant');
    expect(plural('en', 'present.participants', 0)).toBe('0 participants');
    expect(plural('en', 'present.participants', 40)).toBe('40 participants');
    expect(plural('fr', 'present.participants', 0)).toBe('0 participant');
    expect(plural('fr', 'present.participants', 2)).toBe('2 participants');
    expect(plural('nl', 'present.participants', 1)).toBe('1 deelnemer');
    expect(plural('nl', 'present.participants', 0)).toBe('0 deelnemers');
  });

  it('reads Arabic counts in all six forms', () => {
    const ar = (n: number): string => plural('ar', 'present.participants', n);
    expect(ar(0)).toBe('لا يوجد مشاركون'); // zero
    expect(ar(1)).toBe('مشارك واحد'); // one
    expect(ar(2)).toBe('مشاركان'); // two (dual)
    expect(ar(3)).toBe('3 مشاركين'); // few: 3–10
    expect(ar(11)).toBe('11 مشاركًا'); // many: 11–99
    expect(ar(100)).toBe('100 مشارك'); // other
    expect(ar(103)).toBe('103 مشاركين'); // few again: the rule looks at n % 100
  });

  it('has a direction, a known name and a plural table that agrees with Intl for every locale', () => {
    expect(LOCALES).toEqual(['en', 'fr', 'nl', 'ar']);
    expect(LOCALES.map(directionOf)).toEqual(['ltr', 'ltr', 'ltr', 'rtl']);
    expect(isLocale('ar')).toBe(true);
    expect(isLocale('de')).toBe(false);
    for (const locale of LOCALES) {
      const intl = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      expect([...PLURAL_CATEGORIES[locale]].sort(), locale).toEqual([...intl].sort());
    }
  });

  it('splits English into what a phone shows and what the other pages show', async () => {
    const phone = Object.keys(englishPhone);
    // A key in both parts would be shown from one and silently dropped from the other.
    expect(phone.filter((key) => key in enScreens)).toEqual([]);
    expect(Object.keys(await loadCatalogue('en')).sort()).toEqual(Object.keys(en).sort());
    // Everything a phone shows while joining and writing is in the part it carries.
    for (const key of ['join.submit', 'board.composer.add', 'present.participants.other']) {
      expect(phone, key).toContain(key);
    }
    expect(phone.some((key) => key.startsWith('facilitate.'))).toBe(false);
  });

  describe.each(LOCALES)('%s', (locale: Locale) => {
    const messages = messagesOf(locale);

    it('has exactly the plain keys of English', () => {
      expect(plainKeys(messages)).toEqual(plainKeys(en));
    });

    it('gives every plural message in exactly the forms the language uses', () => {
      expect(pluralBases.length).toBeGreaterThan(0);
      for (const base of pluralBases) {
        const forms = Object.keys(messages)
          .filter((key) => baseOf(key) === base)
          .map((key) => key.slice(base.length + 1))
          .sort();
        expect(forms, base).toEqual([...PLURAL_CATEGORIES[locale]].sort());
      }
    });

    it('has no empty message', () => {
      const empty = Object.entries(messages).filter(([, text]) => text.trim() === '');
      expect(empty).toEqual([]);
    });

    it('keeps the placeholders of English', () => {
      for (const [key, text] of Object.entries(messages)) {
        const base = baseOf(key);
        if (base === undefined) {
          expect(placeholders(text), key).toEqual(placeholders(en[key] ?? ''));
          continue;
        }
        // A plural form may spell its number out ("مشاركان", two participants) and drop {count},
        // but only where the form itself fixes the number.
        const form = key.slice(base.length + 1);
        const expected = placeholders(en[`${base}.other`] ?? '');
        const implied = ['zero', 'one', 'two'].includes(form);
        expect(
          placeholders(text).filter((p) => !(implied && p === 'count')),
          key,
        ).toEqual(expected.filter((p) => !(implied && p === 'count')));
        if (!implied) expect(placeholders(text), key).toContain('count');
      }
    });
  });
});
