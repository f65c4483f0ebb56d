import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addCard,
  listCards,
  translate,
  type CreateSessionResponse,
  type InboxCard,
  type Locale,
} from '@trellis/shared';
import { violations } from '../helpers/axe';
import { screenshotPath } from '../helpers/browser';
import { ok } from '../helpers/requests';
import { eventually } from '../helpers/server';
import { text, useRoom } from './room';

/**
 * The facilitator's console in a real room (issue 12): the list view of 34 statements, the
 * screening inbox before the reveal, undo, the keyboard (Escape, where the focus goes) and what
 * a screen reader hears, in English and Arabic.
 */
const room = useRoom();
const { s, browser, rejected, command } = room;

async function consoleOf(created: CreateSessionResponse, locale: Locale = 'en'): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    locale,
    reducedMotion: 'reduce',
  });
  await page.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}&lang=${locale}`);
  await page.getByTestId('facilitator-hint').waitFor();
  return page;
}

const card = (page: Page, id: string) =>
  page.locator(`[data-testid=facilitator-card][data-card-id="${id}"]`);
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      card: el?.closest('[data-card-id]')?.getAttribute('data-card-id') ?? null,
      testId: el?.getAttribute('data-testid') ?? null,
      tag: el?.tagName ?? null,
      text: el?.textContent?.trim() ?? '',
    };
  });

/** Statements (and a synthesis point) the board already holds, by id. */
const STATEMENTS = {
  a: 'Trust is shown',
  b: 'Small steps first',
  c: 'Say no early',
} as const;

/** A trust session holding `ids` of STATEMENTS, and the observer that wrote them. */
async function sessionWith(title: string, ids: (keyof typeof STATEMENTS)[], point = false) {
  const created = await s.createSession(title, { template: 'trust' });
  const observer = await room.write(created, [
    ...ids.map((id) => ({
      id,
      kind: 'statement' as const,
      text: STATEMENTS[id],
      zone: 'statements',
    })),
    ...(point
      ? [{ id: 'p', kind: 'synthesis' as const, text: 'Start small', zone: 'synthesis' }]
      : []),
  ]);
  return { created, observer };
}

/** A phone writes a private card, with or without its name. */
async function writePrivately(phone: Page, words: string, anonymous: boolean): Promise<void> {
  await phone.getByTestId('composer-input').fill(words);
  await phone.getByTestId('composer-anonymous').setChecked(anonymous);
  await phone.getByTestId('composer-submit').click();
  await expect
    .poll(() => phone.getByTestId('private-card').filter({ hasText: words }).count())
    .toBe(1);
}

describe('the console in a room', () => {
  it('[E122] the list of 34 statements is a grid of compact cards, not an 8,000 px page, and a zone folds away under its title', async () => {
    const created = await s.createSession('Thirty-four', { template: 'trust' });
    await room.crowd(created, 'statements', 34);
    const page = await consoleOf(created);
    await expect.poll(() => page.getByTestId('facilitator-card').count()).toBe(39);
    const height = () => page.evaluate(() => document.documentElement.scrollHeight);
    const full = await height();
    expect(full).toBeLessThan(4_000);
    await page.screenshot({ path: screenshotPath('console-list-34'), fullPage: true });

    const statements = page.locator('section.zone[data-zone=statements]');
    const toggle = statements.getByTestId('zone-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await text(toggle)).toContain('34');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await expect
      .poll(() => statements.getByTestId('facilitator-card').first().isVisible())
      .toBe(false);
    expect(await height()).toBeLessThan(full - 1_500);
    await toggle.click();
    await expect
      .poll(() => statements.getByTestId('facilitator-card').first().isVisible())
      .toBe(true);
  });

  it('[E123] the facilitator reads the waiting private cards, hides a stray one and merges a duplicate; phones say who reads them, in four languages; the reveal leaves both off', async () => {
    const created = await s.createSession('Screening', { template: 'trust' });
    const phones: { locale: Locale; page: Page }[] = [];
    for (const [locale, name] of [
      ['en', 'Amira'],
      ['fr', 'Chloé'],
      ['nl', 'Dirk'],
      ['ar', 'أمينة'],
    ] as const) {
      phones.push({ locale, page: await room.phone(created, { name, locale }) });
    }
    const console_ = await consoleOf(created);
    await command(created, { type: 'phase:go', index: 1 });
    for (const { locale, page } of phones) {
      await expect
        .poll(() => text(page.getByTestId('composer-note')))
        .toBe(translate(locale, 'workshop.private.who'));
    }
    const [en, fr, nl, ar] = phones.map((p) => p.page) as [Page, Page, Page, Page];
    await writePrivately(en, 'Trust is shown, not told', false);
    await writePrivately(fr, 'test 123', true);
    await writePrivately(nl, 'Keep your word in small things', true);
    await writePrivately(ar, 'Keep your word, even in small things', true);
    await ar.screenshot({ path: screenshotPath('phone-360-private-screened-ar') });

    const inbox = console_.getByTestId('inbox');
    // By its own words: every card's merge list names the others too.
    const item = (words: string) =>
      inbox
        .getByTestId('inbox-card')
        .filter({ has: console_.locator('p.card-text', { hasText: words }) });
    await expect.poll(() => inbox.getByTestId('inbox-card').count()).toBe(4);
    expect(await text(item('Trust is shown'))).toContain('From Amira');
    // An anonymous card says so, and nothing more about its author.
    const anonymous = await text(item('test 123'));
    expect(anonymous).toContain('Anonymous');
    for (const name of ['Amira', 'Chloé', 'Dirk', 'أمينة']) expect(anonymous).not.toContain(name);

    await item('test 123').getByTestId('inbox-hide').click();
    await expect.poll(() => item('test 123').getAttribute('data-hidden')).toBe('true');
    const duplicate = item('even in small things');
    const original = await item('Keep your word in small things').getAttribute('data-card-id');
    await duplicate.getByTestId('inbox-merge-target').selectOption(original!);
    await duplicate.getByTestId('inbox-merge').click();
    await expect.poll(() => duplicate.getAttribute('data-merged-into')).toBe(original);
    expect(await text(duplicate)).toContain('Merged into “Keep your word in small things”');
    await console_.screenshot({ path: screenshotPath('console-inbox'), fullPage: true });

    const board = s.board(created.id, created.projectorToken);
    await board.synced;
    await console_.getByTestId('reveal').click();
    await eventually(() =>
      expect(
        listCards(board.doc)
          .filter((c) => c.kind === 'statement')
          .map((c) => c.text)
          .sort(),
      ).toEqual(['Keep your word in small things', 'Trust is shown, not told']),
    );
    await expect.poll(() => inbox.count()).toBe(0);
    // The Arabic phone's duplicate waits no more.
    await expect.poll(() => ar.getByTestId('private-card').count()).toBe(0);
    expect(rejected).toEqual([]);
  });

  it('[E124] undo takes back the last moderation step, one at a time, with the room’s changes in between left as they are', async () => {
    const { created, observer } = await sessionWith('Undo', ['a', 'b'], true);
    const seen = (id: string) => listCards(observer.doc).find((c) => c.id === id);
    const page = await consoleOf(created);
    const undo = page.getByTestId('undo');
    await card(page, 'b').waitFor();
    expect(await undo.isDisabled()).toBe(true);

    await card(page, 'a').getByTestId('card-hide').click();
    await eventually(() => expect(seen('a')?.hidden).toBe(true));
    await card(page, 'b').getByTestId('card-group').selectOption('p');
    await eventually(() => expect(seen('b')?.group).toBe('p'));
    await card(page, 'a').getByTestId('card-delete').click();
    await eventually(() => expect(seen('a')).toBeUndefined());
    // The room goes on: a card arrives from elsewhere between the steps and their undoing.
    addCard(observer.doc, { id: 'c', kind: 'statement', text: STATEMENTS.c, zone: 'statements' });
    await card(page, 'c').waitFor();

    expect(await undo.getAttribute('data-kind')).toBe('delete');
    await undo.click();
    await eventually(() =>
      expect(seen('a')).toMatchObject({ text: 'Trust is shown', hidden: true }),
    );
    expect(await undo.getAttribute('data-kind')).toBe('group');
    // Ctrl+Z outside a text field does the same.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await eventually(() => expect(seen('b')?.group).toBeUndefined());
    await undo.click();
    await eventually(() => expect(seen('a')?.hidden).toBe(false));
    expect(seen('c')?.text).toBe(STATEMENTS.c);
    expect(await undo.isDisabled()).toBe(true);
    await expect.poll(() => text(page.getByTestId('announcer'))).toContain('Undone.');

    // A screening is a step too: hidden in the inbox, undone, the card waits shown again.
    const phone = await room.phone(created, { name: 'Ben' });
    await command(created, { type: 'phase:go', index: 1 });
    await writePrivately(phone, 'test 123', true);
    const stray = page.getByTestId('inbox-card');
    await stray.getByTestId('inbox-hide').click();
    await expect.poll(() => stray.getAttribute('data-hidden')).toBe('true');
    expect(await undo.getAttribute('data-kind')).toBe('hide');
    await undo.click();
    await expect.poll(() => stray.getAttribute('data-hidden')).toBe('false');
    const fac = await s.control(created.facilitatorToken);
    expect((await ok<InboxCard[]>(fac, 'private:list')).map((c) => c.hidden)).toEqual([false]);
    expect(rejected).toEqual([]);
  });

  it('[E125] Escape closes the end-session question, the phase editor, a card’s edit box and the canvas edit; the focus goes back to what opened them, and after a delete to the next card', async () => {
    const { created, observer } = await sessionWith('Keyboard', ['a', 'b', 'c']);
    const page = await consoleOf(created);
    await card(page, 'c').waitFor();

    const end = page.getByTestId('end-session');
    await end.click();
    await page.getByTestId('end-session-cancel').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('end-session-confirm').count()).toBe(0);
    expect((await focused(page)).testId).toBe('end-session');

    await page.locator('[data-testid=phase-edit][data-index="1"]').click();
    await page.getByTestId('phase-prompt-input').focus();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('phase-editor').count()).toBe(0);
    expect(await focused(page)).toMatchObject({ testId: 'phase-edit' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('1');

    // A card's edit box: Escape, then Cancel, each back to the card's Edit button.
    const b = card(page, 'b');
    await b.getByRole('button', { name: 'Edit' }).click();
    await b.locator('textarea').fill('Changed my mind');
    await page.keyboard.press('Escape');
    expect(await b.locator('textarea').count()).toBe(0);
    expect(await focused(page)).toMatchObject({ card: 'b', text: 'Edit' });
    await b.getByRole('button', { name: 'Edit' }).click();
    await b.getByRole('button', { name: 'Cancel' }).click();
    expect(await focused(page)).toMatchObject({ card: 'b', text: 'Edit' });
    expect(listCards(observer.doc).find((x) => x.id === 'b')?.text).toBe(STATEMENTS.b);

    // Deleted from the keyboard: the focus goes to the card that took its place.
    await b.getByTestId('card-delete').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card(page, 'b').count()).toBe(0);
    await expect.poll(async () => (await focused(page)).card).toBe('c');
    expect((await focused(page)).tag).toBe('LI');

    // The canvas edit box: Escape closes it and keeps the selection.
    await page.getByTestId('view-canvas').click();
    const onCanvas = page.locator('[data-testid=canvas-card][data-card-id="a"]');
    await onCanvas.click();
    await page.getByTestId('canvas-edit').click();
    await page.getByTestId('canvas-edit-text').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('canvas-edit-text').count()).toBe(0);
    expect((await focused(page)).testId).toBe('canvas-edit');
    expect(await onCanvas.getAttribute('aria-pressed')).toBe('true');
    // Deleted from the canvas toolbar, after the question: the focus goes on to the next card.
    await page.getByTestId('canvas-delete').click();
    await page.getByTestId('canvas-delete-confirm').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => onCanvas.count()).toBe(0);
    expect(await focused(page)).toMatchObject({ testId: 'canvas-card', card: 'c' });
    expect(rejected).toEqual([]);
  });

  it('[E126] a raised hand is said on the console, in a polite live region', async () => {
    const created = await s.createSession('Hands', { template: 'trust' });
    const page = await consoleOf(created);
    const phone = await room.phone(created, { name: 'Amira' });
    await command(created, { type: 'phase:go', index: 2 });
    const region = page.getByTestId('announcer');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.evaluate((el) => el.closest('main') !== null)).toBe(true);
    await phone.getByTestId('hand-toggle').click();
    await expect.poll(() => text(region)).toContain('Hand raised: Amira');
    await expect.poll(() => page.getByTestId('member-hand').count()).toBe(1);
  });

  it('[E128] a participant’s Remove and Block are plain buttons beside the name; only the question they ask is red', async () => {
    const created = await s.createSession('Moderation', { template: 'trust' });
    const page = await consoleOf(created);
    await room.phone(created, { name: 'Amira' });
    const member = page.locator('[data-testid=member][data-role=participant]');
    await member.waitFor();
    for (const id of ['member-remove', 'member-block']) {
      expect(await member.getByTestId(id).getAttribute('class')).not.toContain('danger');
    }
    await member.getByTestId('member-remove').click();
    expect(await member.getByTestId('member-remove-confirm').getAttribute('class')).toContain(
      'danger',
    );
    await page.keyboard.press('Escape');
    expect((await focused(page)).testId).toBe('member-remove');
    await page.screenshot({ path: screenshotPath('console-members') });
  });

  it('[E127] the console, list, inbox and canvas, has no axe-core violation of any impact, in English and Arabic; its view toggle is in the main landmark', async () => {
    const { created } = await sessionWith('Accessible console', ['a'], true);
    const phone = await room.phone(created, { name: 'Ben' });
    await command(created, { type: 'phase:go', index: 1 });
    await writePrivately(phone, 'A card waiting for the reveal', true);
    const found: Record<string, string[]> = {};
    for (const locale of ['en', 'ar'] as const) {
      const page = await consoleOf(created, locale);
      await page.getByTestId('inbox-card').first().waitFor();
      expect(
        await page.getByTestId('view-list').evaluate((el) => el.closest('main') !== null),
      ).toBe(true);
      await page.waitForTimeout(500);
      found[`${locale} list`] = await violations(page);
      await page.screenshot({ path: screenshotPath(`console-${locale}`), fullPage: true });
      await page.getByTestId('view-canvas').click();
      await page.locator('[data-testid=canvas-card]').first().click();
      await page.waitForTimeout(500);
      found[`${locale} canvas`] = await violations(page);
      await page.getByTestId('view-list').click();
    }
    expect(found).toEqual({ 'en list': [], 'en canvas': [], 'ar list': [], 'ar canvas': [] });
  });
});
