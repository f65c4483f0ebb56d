import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@trellis/shared';
import type { Chromium } from '../helpers/browser';
import { provider } from '../helpers/clients';
import { joinProtocolPhone, type ProtocolPhone } from '../helpers/protocolPhone';
import type { TestServer } from '../helpers/server';
import { BROWSER_PHONES, PEOPLE, type Person } from './room60People';

/**
 * The room of room60.test.ts: the facilitator's console (1440×900), the projector (1920×1080),
 * ten phones in Chromium (360×640) and fifty protocol phones, all in one trust session; and a
 * second board on the facilitator's token (a co-facilitator's laptop) that the script reads ids
 * from and groups most statements with.
 */
export interface BrowserPhone {
  person: Person;
  page: Page;
}

export interface Room60 {
  created: CreateSessionResponse;
  console: Page;
  projector: Page;
  phones: BrowserPhone[];
  protocol: { person: Person; phone: ProtocolPhone }[];
  laptop: ReturnType<typeof provider>;
  close(): void;
}

/** How many phones open their join page at once: more only queue for the two cores. */
const AT_ONCE = 5;

async function browserPhone(
  s: TestServer,
  browser: Chromium,
  created: CreateSessionResponse,
  person: Person,
): Promise<BrowserPhone> {
  const page = await browser.newPage({
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    locale: person.locale,
  });
  await page.goto(`${s.url}/j/${created.joinCode}`);
  if (person.name !== undefined) await page.getByTestId('join-name').fill(person.name);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('board-title').waitFor();
  return { person, page };
}

/** Opens the screens, then lets the sixty people in by the join code. */
export async function openRoom60(
  s: TestServer,
  browser: Chromium,
  created: CreateSessionResponse,
): Promise<Room60> {
  const console_ = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
  await console_.goto(
    `${s.url}/f/${created.id}#token=${created.facilitatorToken}&projector=${created.projectorToken}`,
  );
  const projector = await browser.newPage({
    viewport: { width: 1920, height: 1080 },
    locale: 'en',
    reducedMotion: 'reduce',
  });
  await projector.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}&lang=en`);
  const laptop = provider(s.wsUrl, created.id, created.facilitatorToken);
  await laptop.synced;

  const protocolJoins = Promise.all(
    PEOPLE.slice(BROWSER_PHONES).map(async (person) => ({
      person,
      phone: await joinProtocolPhone(s, created.joinCode, person.name),
    })),
  );
  const phones: BrowserPhone[] = [];
  for (let i = 0; i < BROWSER_PHONES; i += AT_ONCE)
    phones.push(
      ...(await Promise.all(
        PEOPLE.slice(i, Math.min(i + AT_ONCE, BROWSER_PHONES)).map((person) =>
          browserPhone(s, browser, created, person),
        ),
      )),
    );
  const protocol = await protocolJoins;
  return {
    created,
    console: console_,
    projector,
    phones,
    protocol,
    laptop,
    close() {
      for (const { phone } of protocol) phone.close();
      laptop.provider.destroy();
    },
  };
}
