import { directionOf, isLocale, LOCALE_NAMES, LOCALES } from '@trellis/shared';
import { setLocale, useLocale, useT } from '../lib/i18n';

/**
 * A compact language choice: a native select (the phone's own big picker), each language named in
 * itself and marked with a globe, so anyone finds theirs whatever language the screen is in now.
 */
export function LanguagePicker() {
  const t = useT();
  const locale = useLocale();
  return (
    <label className="language-picker">
      <svg className="language-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
      </svg>
      <span className="visually-hidden">{t('common.language')}</span>
      <select
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) setLocale(event.target.value);
        }}
        data-testid="language-picker"
      >
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option} dir={directionOf(option)}>
            {LOCALE_NAMES[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
