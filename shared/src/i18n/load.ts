import { enPhone } from './enPhone';
import type { Messages } from './format';
import type { Locale } from './locales';

/**
 * One language's catalogue, fetched when first needed. A phone reads one language, so the browser
 * bundle carries the phone's English (the fallback, `englishPhone`) and splits everything else
 * into chunks of their own: the other languages, and English for the laptop and big-screen pages;
 * Node resolves these imports from disk.
 */
export async function loadCatalogue(locale: Locale): Promise<Messages> {
  switch (locale) {
    case 'en':
      return { ...enPhone, ...(await import('./enScreens')).enScreens };
    case 'fr':
      return (await import('./fr')).fr;
    case 'nl':
      return (await import('./nl')).nl;
    case 'ar':
      return (await import('./ar')).ar;
  }
}

export { enPhone as englishPhone };
