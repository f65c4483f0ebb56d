import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listCards, plural, translate, writeCard, type NewCard } from '@trellis/shared';
import { violations } from '../helpers/axe';
import { screenshotPath } from '../helpers/browser';
import { phoneProblems } from './roomChecks';
import { text, useRoom } from './room';

/**
 * The phone in the vote of a room of sixty (issue 12): 120 statements, most of them gathered
 * under four synthesis points. The points being voted on come first, each with its + in reach and
 * its statements folded behind a button of their own, so the last point's vote is a couple of
 * screens down instead of ten thousand pixels.
 */
const { rejected, command, crowd, phone: phoneIn, write, s } = useRoom();
const en = translate.bind(null, 'en');
const SCREEN = 640;
const POINTS = ['Keep small promises', 'Share decisions', 'Meet in person', 'Open the books'];
const MINE = ['My words go under the first point', 'My words on their own'];

/** Three statements in four go under a point, in turn; the fourth stays on its own. */
const pointOf = (i: number): number | undefined =>
  i % 4 === 0 ? undefined : Math.floor(i / 4) % 4;

/** Where an element's bottom is from the top of the page (not the viewport), in CSS pixels. */
const bottomInPage = (page: Page, selector: string): Promise<number> =>
  page.locator(selector).evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);

describe('the phone in the vote of a room of sixty', { timeout: 90_000 }, () => {
  it('[E112] the points come first with their + in reach and their statements folded behind a button of their own (keyboard, axe); the closing phase leads with the commitments', async () => {
    const created = await s.createSession('Trust in the network', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Amira' });
    const rania = await phoneIn(created, { name: 'Rania', locale: 'ar' });
    await command(created, { type: 'phase:go', index: 1 });
    await phone.getByTestId('composer-input').waitFor();
    for (const words of MINE) {
      await phone.getByTestId('composer-input').fill(words);
      await phone.getByTestId('composer-submit').click();
      await expect
        .poll(() =>
          phone.getByTestId('private-card').filter({ hasText: words }).getAttribute('data-status'),
        )
        .toBe('saved');
    }
    await command(created, { type: 'reveal' });
    const own = phone.locator('[data-testid=card].card-own');
    await expect.poll(() => own.count()).toBe(2);
    const mineId = await own.filter({ hasText: MINE[0] }).getAttribute('data-card-id');

    // 118 more statements, three in four gathered under the four points, and Amira's first.
    const board = await write(created, [
      ...Array.from({ length: 118 }, (_, k): NewCard => ({
        id: `s${k + 1}`,
        kind: 'statement',
        text: `Trust grows when example ${k + 1}: people keep small promises and say so.`,
        zone: 'statements',
      })),
      ...POINTS.map((words, p): NewCard => ({
        id: `p${p}`,
        kind: 'synthesis',
        text: words,
        zone: 'synthesis',
      })),
    ]);
    board.doc.transact(() => {
      for (let i = 1; i <= 118; i++)
        if (pointOf(i) !== undefined) writeCard(board.doc, `s${i}`, { group: `p${pointOf(i)}` });
      writeCard(board.doc, mineId ?? '', { group: 'p0' });
    });
    await command(created, { type: 'phase:go', index: 2 });
    const left = phone.getByTestId('votes-left');
    await expect.poll(() => left.getAttribute('data-remaining')).toBe('3');
    const point = (p: number) => phone.locator(`[data-testid=card][data-card-id=p${p}]`);
    const grouped = (p: number) => point(p).locator('.cards.grouped [data-testid=card]');
    const under = (p: number): number =>
      listCards(board.doc).filter((card) => card.group === `p${p}`).length;
    // The whole board in: each point's button counts every statement gathered under it.
    for (const p of [0, 1, 2, 3])
      await expect
        .poll(() => text(point(p).getByTestId('point-fold')), { timeout: 20_000 })
        .toBe(plural('en', 'board.pointStatements', under(p)));

    // The points being voted on first, then the statements no point holds.
    const zones = phone.locator('.board-zones > section.zone[data-zone]');
    expect(
      await zones.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.zone)),
    ).toEqual(['synthesis', 'statements']);
    // Folded: the others' statements wait behind the button; Amira's own stays in view.
    await expect.poll(() => grouped(0).count()).toBe(1);
    expect(await text(grouped(0).getByTestId('card-text'))).toBe(MINE[0]);
    for (const p of [1, 2, 3]) expect(await grouped(p).count()).toBe(0);
    const fold = point(1).getByTestId('point-fold');
    expect(await fold.getAttribute('aria-expanded')).toBe('false');

    // The last point's + within four screens of the top, and the whole vote within six.
    const lastVote = '[data-card-id=p3] > .vote-controls [data-testid=vote-plus]';
    const reach = await bottomInPage(phone, lastVote);
    const height = await phone.evaluate(() => document.documentElement.scrollHeight);
    console.log(`E112: last point's + at ${Math.round(reach)} px, page ${height} px`);
    expect(reach).toBeLessThanOrEqual(4 * SCREEN);
    expect(height).toBeLessThanOrEqual(6 * SCREEN);
    await phone.screenshot({ path: screenshotPath('phone-360-vote-folded'), fullPage: true });
    expect(await phoneProblems(phone)).toEqual([]);
    expect(await violations(phone)).toEqual([]);
    // In Arabic too: the button's words in the language's own plural, nothing for axe.
    await expect
      .poll(() => text(rania.locator('[data-card-id=p1]').getByTestId('point-fold')))
      .toBe(plural('ar', 'board.pointStatements', under(1)));
    expect(await violations(rania)).toEqual([]);
    await rania.screenshot({ path: screenshotPath('phone-360-vote-folded-ar') });

    // From the keyboard: Enter opens the fold (every statement of the point), Space closes it,
    // the focus staying on the button, which names the list it controls.
    const controlled = await fold.getAttribute('aria-controls');
    expect(await phone.locator(`[id="${controlled}"]`).count()).toBe(1);
    await fold.focus();
    await phone.keyboard.press('Enter');
    await expect.poll(() => grouped(1).count()).toBe(under(1));
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    expect(await text(fold)).toBe(en('board.pointStatementsHide'));
    expect(await fold.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await phoneProblems(phone)).toEqual([]);
    expect(await violations(phone)).toEqual([]);
    await phone.keyboard.press('Space');
    await expect.poll(() => grouped(1).count()).toBe(0);
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await fold.evaluate((el) => el === document.activeElement)).toBe(true);

    // The point's vote, folded or not.
    await point(3).locator(':scope > .vote-controls [data-testid=vote-plus]').click();
    await expect.poll(() => left.getAttribute('data-remaining')).toBe('2');

    // The closing phase looks back at what the room promised: the commitments first.
    await command(created, { type: 'phase:go', index: 3 });
    await writeFromPhoneCommitment(phone);
    await crowd(created, 'commitments', 12, 'commitment');
    await command(created, { type: 'phase:go', index: 4 });
    await expect.poll(() => text(phone.getByTestId('phase-title'))).toBe(en('phase.close.title'));
    await expect.poll(() => zones.first().getAttribute('data-zone')).toBe('commitments');
    expect(rejected).toEqual([]);
  });
});

/** Amira's commitment, through the form the commitment phase shows. */
async function writeFromPhoneCommitment(phone: Page): Promise<void> {
  await phone.getByTestId('commit-text').fill('Two hours of homework help a week');
  await phone.getByTestId('commit-org').fill('Refugee Desk');
  await phone.getByTestId('commit-submit').click();
  const card = phone.locator('[data-testid=card][data-kind=commitment]');
  await expect.poll(() => card.first().getAttribute('data-status')).toBe('saved');
}
