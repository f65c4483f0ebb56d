import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { plural, translate, type CreateSessionResponse } from '@trellis/shared';
import { ok } from '../helpers/requests';
import { text, useRoom } from './room';

/**
 * What the phone tells screen readers as it happens (issue 12, defect 15), read from its polite
 * live region: the phase the facilitator opens, time up, others' cards arriving (summed up) and
 * this phone's own card on its way. And the join form's error, tied to the code it is about.
 */
const { s, rejected, command, crowd, phone: phoneIn } = useRoom();
const en = translate.bind(null, 'en');

const region = (page: Page) => page.getByTestId('announcer');
/** The lines the region holds now. */
const said = (page: Page) => () => region(page).locator('p').allTextContents();

/** Marks the region's element, so a later look can tell it is the same one, not a new one. */
const mark = (page: Page) =>
  region(page).evaluate((el) => {
    (el as HTMLElement & { marked?: boolean }).marked = true;
  });
const stillMarked = (page: Page) =>
  region(page).evaluate((el) => (el as HTMLElement & { marked?: boolean }).marked === true);

/** `count` other people's private cards, sent as their phones send them ([J6]). */
async function othersWrite(created: CreateSessionResponse, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const joined = await s.join(created.joinCode, `Person ${i + 1}`);
    const sock = await s.control(joined.token);
    await ok(sock, 'private:put', {
      id: `other-${i + 1}`,
      kind: 'statement',
      text: `Trust grows when promise ${i + 1} is kept`,
      anonymous: true,
    });
  }
}

describe('what the phone announces', () => {
  it('[E145] the lobby’s first phase is read from a polite live region that was there, empty, before it', async () => {
    const created = await s.createSession('Announced', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Yara' });
    await phone.getByTestId('lobby').waitFor();
    expect(await region(phone).count()).toBe(1);
    expect(await region(phone).getAttribute('aria-live')).toBe('polite');
    expect(await text(region(phone))).toBe('');
    // The lobby's own words are not a live region that would be read again and again.
    expect(
      await phone
        .locator('[data-testid=lobby][aria-live], [data-testid=lobby] [aria-live]')
        .count(),
    ).toBe(0);
    await mark(phone);

    await command(created, { type: 'phase:go', index: 0 });
    const expected = en('announce.phase', {
      n: 1,
      total: 5,
      title: en('phase.rules.title'),
      prompt: en('phase.rules.prompt'),
    });
    await expect.poll(said(phone)).toEqual([expected]);
    expect(await stillMarked(phone)).toBe(true);

    // In Arabic, in Arabic (the screen's values isolated for right-to-left).
    const arabic = await phoneIn(created, { name: 'Rana', locale: 'ar' });
    await arabic.getByTestId('phase-title').waitFor();
    await command(created, { type: 'phase:go', index: 1 });
    await expect
      .poll(() => text(region(arabic)))
      .toContain(translate('ar', 'phase.statements.title'));
    expect(rejected).toEqual([]);
  });

  it('[E146] the timer reaching zero is said once', async () => {
    const created = await s.createSession('Timed', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Omar' });
    await command(created, { type: 'phase:go', index: 0 });
    await phone.getByTestId('phase-title').waitFor();
    await command(created, { type: 'timer:start', seconds: 2 });
    await expect
      .poll(() => phone.getByTestId('timer').getAttribute('data-state'), { timeout: 6000 })
      .toBe('over');
    await expect.poll(said(phone)).toContain(en('announce.timeUp'));
    await phone.waitForTimeout(1500);
    expect((await said(phone)()).filter((line) => line === en('announce.timeUp'))).toHaveLength(1);
    expect(rejected).toEqual([]);
  });

  it('[E147] twelve cards revealed are one line, "12 new cards"; another phone’s commitment is one more; this phone’s own card is "sending", then "saved"', async () => {
    const created = await s.createSession('Revealed', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Sami' });
    await command(created, { type: 'phase:go', index: 1 });
    await phone.getByTestId('composer-input').fill('Trust is kept promises');
    await phone.getByTestId('composer-submit').click();
    await expect
      .poll(said(phone))
      .toEqual(expect.arrayContaining([en('announce.sending'), en('announce.saved')]));
    const lines = await said(phone)();
    expect(lines.indexOf(en('announce.sending'))).toBeLessThan(lines.indexOf(en('announce.saved')));

    await othersWrite(created, 12);
    await command(created, { type: 'reveal' });
    // Its own card first, then a screenful of the others' behind "show all 13".
    await expect
      .poll(() => text(phone.getByTestId('show-all')))
      .toBe(en('board.showAll', { count: 13 }));
    const twelve = plural('en', 'announce.newCards', 12);
    expect(twelve).toBe('12 new cards on the board');
    await expect.poll(said(phone)).toContain(twelve);
    // One line for the reveal, not one per card, and not the phone's own card among them.
    expect((await said(phone)()).filter((line) => line.includes('new card'))).toEqual([twelve]);

    await command(created, { type: 'phase:go', index: 3 });
    await phone.getByTestId('commit-text').waitFor();
    await crowd(created, 'commitments', 1, 'commitment');
    await expect.poll(said(phone)).toContain(plural('en', 'announce.newCards', 1));
    expect(rejected).toEqual([]);
  }, 40_000);

  it('[E148] the join code says it is invalid and which message tells why', async () => {
    const page = await phoneIn(await s.createSession('Joined', { template: 'open' }));
    await page.goto(`${s.url}/j/NOPE999`);
    const code = page.getByTestId('join-code');
    expect(await code.getAttribute('aria-invalid')).not.toBe('true');
    await page.getByTestId('join-submit').click();
    const error = page.getByTestId('join-error');
    expect(await text(error)).toBe(en('join.errors.not_found'));
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await code.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await error.getAttribute('id')).toBe(describedBy);
    // Its accessible description is the error's text.
    const description = await code.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toBe(en('join.errors.not_found'));
  });
});
