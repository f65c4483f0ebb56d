import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  addCard,
  type CreateSessionResponse,
  type FacilitatorCommand,
  type NewCard,
} from '@trellis/shared';
import { CLIENT_DIST, useChromium, type Chromium } from '../helpers/browser';
import { recordRejections } from '../helpers/server';
import { useServer, type ServerSuite } from '../helpers/suite';

/**
 * A real room for the phone and flow tests (phone.test.ts, flow.test.ts): sessions as full as the
 * seeds' workshops, phones at 360×640 that joined by code, a server that notes every rule it had
 * to enforce against these honest screens.
 */
export interface Room {
  s: ServerSuite;
  browser: Chromium;
  /** Every rule the server enforced against the screens: must stay empty. */
  rejected: string[];
  /** A facilitator command through the suite's socket, as the console would send it. */
  command(created: CreateSessionResponse, cmd: FacilitatorCommand): Promise<void>;
  /** Cards written by the facilitator's board (open for the test), as the console would. */
  write(
    created: CreateSessionResponse,
    cards: readonly NewCard[],
  ): Promise<ReturnType<ServerSuite['board']>>;
  /**
   * `count` cards of `kind` from other people in `zone` (no author), so a phone sees a room as
   * busy as a real one.
   */
  crowd(
    created: CreateSessionResponse,
    zone: string,
    count: number,
    kind?: 'statement' | 'commitment',
  ): Promise<void>;
  /** A phone (360×640, touch) in `locale` that joined by code and shows its board. */
  phone(created: CreateSessionResponse, who?: { name?: string; locale?: string }): Promise<Page>;
}

export function useRoom(): Room {
  const rejected: string[] = [];
  const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
  const browser = useChromium();
  const write: Room['write'] = async (created, cards) => {
    const board = s.board(created.id, created.facilitatorToken);
    await board.synced;
    for (const card of cards) addCard(board.doc, card);
    return board;
  };
  return {
    s,
    browser,
    rejected,
    async command(created, cmd) {
      const sock = await s.control(created.facilitatorToken);
      const res = await sock.emitWithAck('facilitate', cmd);
      if (!res.ok) throw new Error(`${cmd.type} refused: ${res.error.code}`);
    },
    write,
    async crowd(created, zone, count, kind = 'statement') {
      const lead = kind === 'statement' ? 'Trust grows when' : 'I bring';
      await write(
        created,
        Array.from({ length: count }, (_, i) => ({
          id: `${zone}-${kind}-${i + 1}`,
          kind,
          text: `${lead} example ${i + 1}: people keep small promises and say so when they cannot.`,
          zone,
          createdAt: Date.now() - 60_000 + i,
        })),
      );
    },
    async phone(created, { name, locale = 'en' } = {}) {
      const page = await browser.newPage({
        viewport: { width: 360, height: 640 },
        isMobile: true,
        hasTouch: true,
        locale,
      });
      await page.goto(`${s.url}/j/${created.joinCode}`);
      if (name !== undefined) await page.getByTestId('join-name').fill(name);
      await page.getByTestId('join-submit').click();
      await page.getByTestId('board-title').waitFor();
      return page;
    },
  };
}

/** Where an element's top is from the top of the viewport, in CSS pixels. */
export async function topOf(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not rendered');
  return box.y;
}

export const text = (locator: Locator): Promise<string> =>
  locator.textContent().then((value) => value ?? '');

/** Writes `texts` from the phone's composer, each waiting until it is saved; answers their ids. */
export async function writeFromPhone(phone: Page, texts: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const words of texts) {
    await phone.getByTestId('composer-input').fill(words);
    await phone.getByTestId('composer-submit').click();
    const card = phone.getByTestId('card').filter({ hasText: words });
    await expect.poll(() => card.getAttribute('data-status')).toBe('saved');
    ids.push((await card.getAttribute('data-card-id')) ?? '');
  }
  return ids;
}
