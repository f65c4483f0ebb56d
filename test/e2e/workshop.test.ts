import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { plural, translate, type MessageKey } from '@trellis/shared';
import { screenshotPath } from '../helpers/browser';
import type { TestServer } from '../helpers/server';
import {
  openWorkshopRoom,
  plain,
  seconds,
  text,
  type Phone,
  type WorkshopRoom,
} from './workshopRoom';

/**
 * The whole trust workshop in Chromium, the way a room runs it: a facilitator's laptop, the
 * projector and five phones (one in Arabic), through every phase of the template. The steps share
 * one session, so each test starts where the previous one ended.
 */
let room: WorkshopRoom;
let s: TestServer;
let facilitator: Page;
let projector: Page;
let phones: Phone[];
let rejected: string[];
const POINT = 'Small steps build trust';

beforeAll(async () => {
  room = await openWorkshopRoom('Brussels care network');
  ({ server: s, facilitator, projector, phones, rejected } = room);
});
afterAll(() => room?.close());

const tr = (phone: Phone, key: MessageKey, params?: Record<string, string | number>): string =>
  translate(phone.locale, key, params);

/** Every phone shows the phase's title in its own language, and so does the projector. */
async function phonesShowPhase(key: MessageKey): Promise<void> {
  for (const phone of phones) {
    await expect
      .poll(() => text(phone.page.getByTestId('phase-title')))
      .toBe(translate(phone.locale, key));
  }
  await expect
    .poll(() => text(projector.getByTestId('projector-phase')))
    .toBe(translate('en', key));
}

/** The console's "what now" line names the step and quotes the button it means. */
async function hintIs(key: MessageKey): Promise<void> {
  await expect
    .poll(() => facilitator.getByTestId('facilitator-hint').getAttribute('data-hint'))
    .toBe(key);
}

async function nextPhase(): Promise<void> {
  await facilitator.getByTestId('phase-next').click();
}

describe('a trust workshop in Chromium', () => {
  it('[E9] lobby, then ground rules: every phone agrees, the facilitator sees five, the timer runs', async () => {
    for (const phone of phones) {
      await phone.page.getByTestId('lobby').waitFor();
      expect(await text(phone.page.getByTestId('lobby'))).toBe(tr(phone, 'workshop.lobby'));
    }
    const arabic = phones[4]!.page;
    expect(await arabic.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expect
      .poll(() => text(projector.getByTestId('projector-count')))
      .toBe(plural('en', 'present.participants', 5));
    expect(await text(projector.getByTestId('projector-stage'))).toBe(
      translate('en', 'present.lobby'),
    );
    await expect
      .poll(() => facilitator.locator('[data-testid=member][data-role=participant]').count())
      .toBe(5);
    await hintIs('facilitate.hint.lobby');
    expect(plain(await text(facilitator.getByTestId('facilitator-hint')))).toContain(
      translate('en', 'facilitate.next'),
    );

    await nextPhase();
    await phonesShowPhase('phase.rules.title');
    await hintIs('facilitate.hint.agree');
    for (const phone of phones) {
      expect(await phone.page.getByTestId('composer-input').count()).toBe(0);
      await phone.page.getByTestId('agree-toggle').click();
      await expect
        .poll(() => phone.page.getByTestId('agree-toggle').getAttribute('aria-pressed'))
        .toBe('true');
    }
    await expect.poll(() => facilitator.getByTestId('member-agreed').count()).toBe(5);
    expect(plain(await text(facilitator.getByTestId('count-agreed')))).toBe(
      translate('en', 'present.agreed', { count: 5 }),
    );
    await expect
      .poll(() => text(projector.getByTestId('projector-agreed')))
      .toBe(translate('en', 'present.agreed', { count: 5 }));

    // A raised hand and a reaction reach the facilitator and the big screen.
    await phones[0]!.page.getByTestId('hand-toggle').click();
    await expect.poll(() => facilitator.getByTestId('member-hand').count()).toBe(1);
    await phones[1]!.page.getByTestId('reaction').first().click();
    await projector.getByTestId('projector-reaction').first().waitFor();

    // The server's timer counts down on the projector and on the phones.
    await facilitator.getByTestId('timer-start').click();
    const timer = projector.getByTestId('projector-timer');
    await expect.poll(() => timer.getAttribute('data-state')).toBe('running');
    const first = seconds(await text(timer));
    expect(first).toBeGreaterThan(170);
    expect(first).toBeLessThanOrEqual(180);
    await expect
      .poll(async () => seconds(await text(timer)), { timeout: 4000 })
      .toBeLessThan(first);
    const onPhone = seconds(await text(phones[2]!.page.getByTestId('timer')));
    expect(Math.abs(onPhone - seconds(await text(timer)))).toBeLessThanOrEqual(2);
    expect(rejected).toEqual([]);
  });

  it('[E10] private statements stay on their phones until the reveal, then all five appear', async () => {
    await nextPhase();
    await phonesShowPhase('phase.statements.title');
    for (const phone of phones) {
      // Anonymous by default in the trust template.
      expect(await phone.page.getByTestId('composer-anonymous').isChecked()).toBe(true);
      await phone.page.getByTestId('composer-input').fill(phone.statement);
      await phone.page.getByTestId('composer-submit').click();
      const mine = phone.page.getByTestId('private-card').filter({ hasText: phone.statement });
      await expect.poll(() => mine.getAttribute('data-status')).toBe('saved');
      expect(await text(mine)).toContain(tr(phone, 'workshop.private.cardNote'));
    }

    const reveal = facilitator.getByTestId('reveal');
    await expect.poll(() => reveal.getAttribute('data-count')).toBe('5');
    await hintIs('facilitate.hint.reveal');
    expect(plain(await text(facilitator.getByTestId('facilitator-hint')))).toContain(
      translate('en', 'facilitate.reveal', { count: 5 }),
    );
    expect(plain(await text(reveal))).toBe(translate('en', 'facilitate.reveal', { count: 5 }));
    // Nobody but the author has the text: not the projector, not the other phones, not even the
    // facilitator (who sees only the count).
    expect(await projector.getByTestId('projector-card').count()).toBe(0);
    const statements = facilitator.locator('section.zone[data-zone=statements]');
    expect(await statements.getByTestId('facilitator-card').count()).toBe(0);
    for (const phone of phones) {
      expect(await phone.page.getByTestId('card').count()).toBe(0);
      const body = await phone.page.locator('body').innerText();
      for (const other of phones.filter((p) => p !== phone)) {
        expect(body).not.toContain(other.statement);
      }
    }
    const screens = await projector.locator('body').innerText();
    for (const phone of phones) expect(screens).not.toContain(phone.statement);

    await reveal.click();
    await projector.getByTestId('revealed-moment').waitFor();
    await expect.poll(() => projector.getByTestId('projector-card').count()).toBe(5);
    for (const phone of phones) {
      await projector.getByTestId('projector-card').filter({ hasText: phone.statement }).waitFor();
      await expect.poll(() => phone.page.getByTestId('card').count()).toBe(5);
      expect(await phone.page.getByTestId('private-card').count()).toBe(0);
      // This phone still knows which anonymous card is its own.
      const own = phone.page.getByTestId('card').filter({ hasText: phone.statement });
      expect(await own.getAttribute('class')).toContain('card-own');
    }
    await expect.poll(() => reveal.getAttribute('data-count')).toBe('0');
    expect(rejected).toEqual([]);
  });

  it('[E11] synthesis: the facilitator groups two statements under a point, phones spend three votes each', async () => {
    await nextPhase();
    await phonesShowPhase('phase.synthesis.title');
    await expect
      .poll(() => facilitator.getByTestId('voting-state').getAttribute('data-state'))
      .toBe('open');
    await hintIs('facilitate.hint.voting');

    const form = facilitator.getByTestId('create-point');
    await form.getByRole('textbox').fill(POINT);
    await form.getByRole('button').click();
    const point = facilitator.locator('[data-testid=facilitator-card][data-kind=synthesis]');
    await point.filter({ hasText: POINT }).waitFor();
    for (const phone of phones.slice(0, 2)) {
      await facilitator
        .getByTestId('facilitator-card')
        .filter({ hasText: phone.statement })
        .getByTestId('card-group')
        .selectOption({ label: POINT });
    }
    await expect.poll(() => point.locator('.point-statements li').count()).toBe(2);

    const projPoint = projector.locator('[data-testid=projector-card][data-kind=synthesis]');
    await expect.poll(() => projPoint.locator('.projector-grouped-card').count()).toBe(2);
    expect(await text(projPoint)).toContain(phones[0]!.statement);
    expect(await text(projPoint)).toContain(phones[1]!.statement);

    const third = phones[2]!.statement;
    for (const phone of phones) {
      const page = phone.page;
      const left = page.getByTestId('votes-left');
      await expect.poll(() => left.getAttribute('data-remaining')).toBe('3');
      const phonePoint = page.locator('[data-testid=card][data-kind=synthesis]');
      await expect.poll(() => text(phonePoint)).toContain(phones[1]!.statement);
      const pointPlus = phonePoint.getByTestId('vote-plus').first();
      const thirdPlus = page
        .getByTestId('card')
        .filter({ hasText: third })
        .getByTestId('vote-plus');
      for (const [plus, remaining] of [
        [pointPlus, '2'],
        [pointPlus, '1'],
        [thirdPlus, '0'],
      ] as const) {
        await plus.click();
        await expect.poll(() => left.getAttribute('data-remaining')).toBe(remaining);
      }
      // A fourth vote is refused in the UI: every + is disabled.
      for (const plus of await page.getByTestId('vote-plus').all()) {
        expect(await plus.isDisabled()).toBe(true);
      }
      expect(await text(left)).toContain(plural(phone.locale, 'workshop.votesLeft', 0));
    }
    // Results stay hidden until the vote closes (the template's default).
    expect(await projector.getByTestId('vote-count').count()).toBe(0);

    await facilitator.getByTestId('vote-close').click();
    await hintIs('facilitate.hint.votingDone');
    const pointVotes = projPoint.locator(':scope > [data-testid=vote-count]');
    await expect.poll(() => pointVotes.getAttribute('data-votes')).toBe('10');
    expect(await text(pointVotes)).toBe(plural('en', 'workshop.votes', 10));
    const thirdVotes = projector
      .getByTestId('projector-card')
      .filter({ hasText: third })
      .getByTestId('vote-count');
    expect(await thirdVotes.getAttribute('data-votes')).toBe('5');
    await expect.poll(() => phones[4]!.page.getByTestId('vote-plus').count()).toBe(0);

    // Follow mode: one zone alone, then one card enlarged, with the QR still in view.
    await facilitator.getByTestId('spotlight-zone').selectOption('synthesis');
    await expect.poll(() => projector.getByTestId('projector-zone').count()).toBe(1);
    await facilitator.getByTestId('spotlight-zone').selectOption('');
    await expect.poll(() => projector.getByTestId('projector-zone').count()).toBe(2);
    await point.getByTestId('card-spotlight').click();
    const spot = projector.getByTestId('projector-spotlight');
    await expect.poll(() => text(spot)).toContain(POINT);
    const [spotBox, qrBox] = await Promise.all([
      spot.boundingBox(),
      projector.getByTestId('projector-qr').boundingBox(),
    ]);
    // The QR, a corner of the header once the workshop runs, stays in view beside the spotlight.
    expect(spotBox && qrBox && spotBox.y >= qrBox.y + qrBox.height).toBe(true);
    await facilitator.getByTestId('spotlight-clear').click();
    await spot.waitFor({ state: 'detached' });
    expect(rejected).toEqual([]);
  });

  it('[E12] commitments: a reworded prompt, the structured form on every phone, all on the projector', async () => {
    await nextPhase();
    await phonesShowPhase('phase.commitment.title');

    // The facilitator rewords the prompt mid-session; every phone shows the new wording.
    const prompt = 'What small thing can you bring to another organisation next month?';
    await facilitator.getByTestId('phase-edit').nth(3).click();
    await facilitator.getByTestId('phase-prompt-input').fill(prompt);
    await facilitator.getByTestId('phase-save').click();
    for (const phone of phones) {
      await expect.poll(() => text(phone.page.getByTestId('phase-prompt'))).toBe(prompt);
    }

    for (const [i, phone] of phones.entries()) {
      const page = phone.page;
      await page.getByTestId('commit-text').fill(`Two hours of help, from ${phone.name}`);
      await page.getByTestId('commit-org').fill(phone.org);
      await page.getByTestId('commit-step').fill('Call them on Monday');
      await page.getByTestId('commit-by').fill(`${i + 1} June`);
      await page.getByTestId('commit-submit').click();
      const card = page
        .locator('[data-testid=card][data-kind=commitment]')
        .filter({ hasText: phone.name });
      await expect.poll(() => card.getAttribute('data-status')).toBe('saved');
      expect(await text(card.getByTestId('commitment-details'))).toContain(phone.org);
    }
    // Amira keeps a private copy: a link only her device has, which the server resolves.
    const amira = phones[0]!.page;
    await amira.getByTestId('keep-button').click();
    const link = await text(amira.getByTestId('keep-link'));
    expect(link).toMatch(/\/c\/[\w-]+$/);
    const kept = await fetch(`${s.url}/api/commitments/${link.split('/c/')[1]}`);
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ org: phones[0]!.org });

    const commitments = projector.locator('[data-testid=projector-card][data-kind=commitment]');
    await expect.poll(() => commitments.count()).toBe(5);
    for (const phone of phones) {
      const card = commitments.filter({ hasText: phone.name });
      expect(await text(card.getByTestId('commitment-details'))).toContain(phone.org);
    }

    // Locking writing stops the form on every phone, with a notice; unlocking brings it back.
    await facilitator.getByTestId('lock-toggle').click();
    for (const phone of phones) {
      await phone.page.getByTestId('locked-notice').waitFor();
      expect(await phone.page.getByTestId('commit-text').isDisabled()).toBe(true);
    }
    await facilitator.getByTestId('lock-toggle').click();
    await phones[0]!.page.getByTestId('locked-notice').waitFor({ state: 'detached' });

    await phones[0]!.page.screenshot({ path: screenshotPath('workshop-phone-en'), fullPage: true });
    await phones[4]!.page.screenshot({ path: screenshotPath('workshop-phone-ar'), fullPage: true });
    await projector.screenshot({ path: screenshotPath('workshop-projector') });
    await facilitator.screenshot({ path: screenshotPath('workshop-facilitator'), fullPage: true });
    expect(rejected).toEqual([]);
  });

  it('[E13] closing: the facilitator ends the session after an in-page confirmation; every phone shows it ended', async () => {
    await nextPhase();
    await phonesShowPhase('phase.close.title');
    await hintIs('facilitate.hint.close');
    for (const phone of phones) {
      expect(await phone.page.getByTestId('commit-text').count()).toBe(0);
    }

    let dialogs = 0;
    facilitator.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await facilitator.getByTestId('end-session').click();
    await facilitator.getByTestId('end-session-cancel').click();
    await facilitator.getByTestId('end-session').click();
    await facilitator.getByTestId('end-session-confirm').click();
    for (const phone of phones) {
      await expect
        .poll(() => text(phone.page.getByTestId('board-closed')), { timeout: 10_000 })
        .toContain(tr(phone, 'board.ended'));
    }
    await expect
      .poll(() => text(projector.getByTestId('board-closed')))
      .toContain(translate('en', 'board.ended'));
    expect(dialogs).toBe(0);
    expect(rejected).toEqual([]);
  });
});
