import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { cardsOf, translate, writeCard, type CreateSessionResponse } from '@trellis/shared';
import { ORGANISER_KEY } from '../helpers/server';
import { text, useRoom, writeFromPhone } from './room';

/**
 * The phone and the replay from the keyboard (issue 12, defect 13): Escape closes what is open in
 * place, and focus lands somewhere sensible after Cancel and after a delete, never on `body`.
 */
const { s, browser, rejected, phone: phoneIn, write } = useRoom();
const en = translate.bind(null, 'en');

/** What has the focus: its test id, else its tag and text, and the card it is in. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      testId: el?.getAttribute('data-testid') ?? null,
      tag: el?.tagName.toLowerCase() ?? null,
      text: el?.textContent?.trim() ?? '',
      card: el?.closest('[data-card-id]')?.getAttribute('data-card-id') ?? null,
      cardItself: el?.hasAttribute('data-card-id') ?? false,
    };
  });

const cardById = (page: Page, id: string): Locator => page.locator(`[data-card-id="${id}"]`);

async function openBoard(): Promise<{ created: CreateSessionResponse; phone: Page }> {
  const created = await s.createSession('Keyboard', { template: 'open' });
  return { created, phone: await phoneIn(created, { name: 'Noor' }) };
}

describe('the keyboard: Escape, and where the focus goes', () => {
  it('[E140] Escape closes a card’s edit box unchanged; after Escape, Cancel or Save the focus is on the card’s Edit', async () => {
    const { phone } = await openBoard();
    const [id] = await writeFromPhone(phone, ['Say what you will do']);
    const card = cardById(phone, id ?? '');
    const edit = card.getByRole('button', { name: en('board.edit') });

    await edit.focus();
    await phone.keyboard.press('Enter');
    const box = card.locator('textarea');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await phone.keyboard.type(' and then do it');
    await phone.keyboard.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
    expect(await text(card.getByTestId('card-text'))).toBe('Say what you will do');
    expect(await focused(phone)).toMatchObject({ card: id, text: en('board.edit') });

    // Cancel from the keyboard: Tab from the box to Save, to Cancel.
    await phone.keyboard.press('Enter');
    await box.waitFor();
    await phone.keyboard.press('Tab');
    await phone.keyboard.press('Tab');
    expect((await focused(phone)).text).toBe(en('board.cancel'));
    await phone.keyboard.press('Enter');
    await expect.poll(() => box.count()).toBe(0);
    expect(await focused(phone)).toMatchObject({ card: id, text: en('board.edit') });

    await phone.keyboard.press('Enter');
    await box.fill('Say what you will do, then do it');
    await phone.keyboard.press('Tab');
    expect((await focused(phone)).text).toBe(en('board.save'));
    await phone.keyboard.press('Enter');
    await expect
      .poll(() => text(card.getByTestId('card-text')))
      .toBe('Say what you will do, then do it');
    expect(await focused(phone)).toMatchObject({ card: id, text: en('board.edit') });
    expect(rejected).toEqual([]);
  });

  it('[E141] after a delete the focus is on the next card, else the one before, else the list; Escape closes the grouped card’s question, back on its Delete', async () => {
    const { created, phone } = await openBoard();
    const ids = await writeFromPhone(phone, ['First', 'Second', 'Third']);
    // Own cards list newest first or oldest first: follow the page, not the order of writing.
    const order = await phone
      .locator('section.zone[data-zone=ideas] > .cards > [data-card-id]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-card-id') ?? ''));
    expect([...order].sort()).toEqual([...ids].sort());
    const [a, b, c] = order as [string, string, string];

    await cardById(phone, a).getByTestId('card-delete').focus();
    await phone.keyboard.press('Enter');
    await expect.poll(() => cardById(phone, a).count()).toBe(0);
    expect(await focused(phone)).toMatchObject({ card: b, cardItself: true });

    await cardById(phone, c).getByTestId('card-delete').focus();
    await phone.keyboard.press('Enter');
    await expect.poll(() => cardById(phone, c).count()).toBe(0);
    expect(await focused(phone)).toMatchObject({ card: b, cardItself: true });

    await cardById(phone, b).getByTestId('card-delete').focus();
    await phone.keyboard.press('Enter');
    await expect.poll(() => cardById(phone, b).count()).toBe(0);
    // The zone is empty now: the focus stays in it, not on the page's body.
    await expect
      .poll(() =>
        phone.evaluate(() =>
          document.activeElement?.closest('section.zone')?.getAttribute('data-zone'),
        ),
      )
      .toBe('ideas');

    // A statement grouped under a point asks before it goes; Escape says no.
    const [grouped, sibling] = await writeFromPhone(phone, ['Grouped one', 'Grouped two']);
    const facilitator = await write(created, [
      { id: 'point', kind: 'synthesis', text: 'Small steps', zone: 'ideas' },
    ]);
    writeCard(facilitator.doc, grouped ?? '', { group: 'point' });
    writeCard(facilitator.doc, sibling ?? '', { group: 'point' });
    const inPoint = phone.locator('.cards.grouped [data-card-id]');
    await expect.poll(() => inPoint.count()).toBe(2);
    const first = (await inPoint.first().getAttribute('data-card-id')) ?? '';
    const second = (await inPoint.last().getAttribute('data-card-id')) ?? '';
    await cardById(phone, first).getByTestId('card-delete').focus();
    await phone.keyboard.press('Enter');
    const cancel = cardById(phone, first).getByTestId('card-delete-cancel');
    await expect.poll(() => cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    await phone.keyboard.press('Escape');
    await expect.poll(() => cancel.count()).toBe(0);
    expect(await focused(phone)).toMatchObject({ card: first, testId: 'card-delete' });
    expect(cardsOf(facilitator.doc).has(first)).toBe(true);

    // Yes, from the keyboard: the focus goes on to the next statement of the point.
    await phone.keyboard.press('Enter');
    await phone.keyboard.press('Shift+Tab');
    expect(await focused(phone)).toMatchObject({ testId: 'card-delete-confirm' });
    await phone.keyboard.press('Enter');
    await expect.poll(() => cardById(phone, first).count()).toBe(0);
    expect(await focused(phone)).toMatchObject({ card: second, cardItself: true });
    expect(rejected).toEqual([]);
  });

  it('[E142] Escape closes the replay’s erase question, back on the button that asked', async () => {
    const created = await s.createSession('Erase', { template: 'open' });
    await s.join(created.joinCode, 'Rami');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en' });
    await page.goto(`${s.url}/history/${created.id}`);
    await page.getByTestId('history-key').fill(ORGANISER_KEY);
    await page.getByTestId('history-key-submit').click();
    const erase = page.getByTestId('replay-erase').first();
    await erase.focus();
    await page.keyboard.press('Enter');
    const cancel = page.getByTestId('replay-erase-cancel');
    await expect.poll(() => cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => cancel.count()).toBe(0);
    expect(await focused(page)).toMatchObject({ testId: 'replay-erase' });
    expect(await page.getByTestId('replay-participant').count()).toBe(1);
  });
});
