import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Locale } from '@trellis/shared';
import { CLIENT_DIST, launchChromium } from '../helpers/browser';
import { startServer, type TestServer, recordRejections } from '../helpers/server';

/**
 * A room for the scripted workshop (workshop.test.ts): a server watching for guard rejections, a
 * trust session, the facilitator's laptop, the projector, and five phones that have joined.
 */
export interface Person {
  locale: Locale;
  name: string;
  statement: string;
  org: string;
}

export interface Phone extends Person {
  page: Page;
}

export interface WorkshopRoom {
  server: TestServer;
  facilitator: Page;
  projector: Page;
  phones: Phone[];
  /** Every rule the server enforced against these honest screens: must stay empty. */
  rejected: string[];
  close(): Promise<void>;
}

export const PEOPLE: readonly Person[] = [
  { locale: 'en', name: 'Amira', statement: 'Trust is shown, not told', org: 'Brussels Care' },
  { locale: 'en', name: 'Ben', statement: 'Small projects first', org: 'Student Union' },
  { locale: 'en', name: 'Chloé', statement: 'A story people can follow', org: 'Refugee Desk' },
  { locale: 'en', name: 'Dirk', statement: 'Keep your word in small things', org: 'City Library' },
  { locale: 'ar', name: 'أمينة', statement: 'الثقة تُبنى خطوة بخطوة', org: 'جمعية الجيران' },
];

export async function openWorkshopRoom(title: string): Promise<WorkshopRoom> {
  const rejected: string[] = [];
  const server = await startServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
  const browser: Browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const newPage = async (options: Parameters<Browser['newContext']>[0]): Promise<Page> => {
    const ctx = await browser.newContext(options);
    contexts.push(ctx);
    return ctx.newPage();
  };

  const created = await server.createSession(title, { template: 'trust' });

  const facilitator = await newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
  await facilitator.goto(
    `${server.url}/f/${created.id}#token=${created.facilitatorToken}&projector=${created.projectorToken}`,
  );
  const projector = await newPage({ viewport: { width: 1920, height: 1080 }, locale: 'en' });
  await projector.goto(`${server.url}/p/${created.id}#token=${created.projectorToken}&lang=en`);

  const phones: Phone[] = [];
  for (const person of PEOPLE) {
    const page = await newPage({
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
      locale: person.locale,
    });
    await page.goto(`${server.url}/j/${created.joinCode}`);
    await page.getByTestId('join-name').fill(person.name);
    await page.getByTestId('join-submit').click();
    phones.push({ ...person, page });
  }

  return {
    server,
    facilitator,
    projector,
    phones,
    rejected,
    async close() {
      for (const ctx of contexts) await ctx.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}

export const text = (locator: Locator): Promise<string> =>
  locator.textContent().then((value) => value ?? '');

/** `mm:ss` → seconds. */
export const seconds = (clock: string): number => {
  const [m, sec] = clock.trim().split(':').map(Number);
  return (m ?? 0) * 60 + (sec ?? 0);
};

/** Screens isolate parameters in right-to-left text; compare without the isolate marks. */
export const plain = (value: string): string => value.replace(/[\u2066-\u2069]/g, '');
