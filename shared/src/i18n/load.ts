import { en } from './en';
import type { Messages } from './format';
import type { Locale } from './locales';

/**
 * One language's catalogue, fetched when first needed. A phone reads one language, so the browser
 * bundle carries English (the fallback) and splits the others into chunks of their own; Node
 * resolves these imports from disk.
 */
export async function loadCatalogue(locale: Locale): Promise<Messages> {
  switch (locale) {
    case 'en':
      return en;
    case 'fr':
      return (await import('./fr')).fr;
    case 'nl':
      return (await import('./nl')).nl;
    case 'ar':
      return (await import('./ar')).ar;
  }
}

export { en as english };
