import { describe, expect, it } from 'vitest';
import {
  cardsOf,
  CommitmentView,
  translate,
  writeCard,
  type Locale,
  type MessageKey,
} from '@trellis/shared';
import { violations } from '../helpers/axe';
import { screenshotPath } from '../helpers/browser';
import { ORGANISER_KEY } from '../helpers/server';
import { text, topOf, useRoom } from './room';

/**
 * The phone in a real room (issue 12): a 360×640 phone among 34 statements and a dozen
 * commitments, where the phase's action comes first and the board follows, own cards first.
 */
const { s, browser, rejected, command, crowd, phone: phoneIn, write } = useRoom();
const en = translate.bind(null, 'en');
const LONG_TITLE =
  'Brussels care network: trust between NGOs, students and newcomers, spring round';
const VIEWPORT_H = 640;
const MINE = 'Trust is shown in small things';
const POINT = 'Small steps build trust';
const DIRK = 'I open the library on Saturdays for the homework club';

describe('the phone in a room of 40', () => {
  it('[E100] one header line; the composer first and in view while 34 statements scroll; a long zone folds behind "show all"', async () => {
    const created = await s.createSession(LONG_TITLE, { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Amira' });
    await command(created, { type: 'phase:go', index: 1 });
    await crowd(created, 'statements', 34);
    await phone.getByTestId('composer-input').waitFor();
    await expect.poll(() => phone.getByTestId('card').count()).toBeGreaterThan(0);

    // The whole title is the heading's text, on one line: the header is one line high.
    const title = phone.getByTestId('board-title');
    expect(await text(title)).toBe(LONG_TITLE);
    const header = await phone.locator('.board-header').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(48);

    // The phase's action first: the composer sits above the board, within the first screen.
    const composer = phone.getByTestId('composer-input');
    expect(await topOf(composer)).toBeLessThan(VIEWPORT_H / 2);
    const firstCard = phone.getByTestId('card').first();
    expect(await topOf(firstCard)).toBeGreaterThan(await topOf(composer));

    // A long zone lists a screenful of others' cards, then "show all".
    const statements = phone.locator('section.zone[data-zone=statements]');
    expect(await statements.getByTestId('card').count()).toBe(8);
    const showAll = statements.getByTestId('show-all');
    expect(await text(showAll)).toBe(en('board.showAll', { count: 34 }));
    expect(await showAll.getAttribute('aria-expanded')).toBe('false');
    await showAll.click();
    await expect.poll(() => statements.getByTestId('card').count()).toBe(34);
    expect(await text(showAll)).toBe(en('board.showFewer'));

    // Scrolled to the last card, the composer is still in view, at the top.
    await statements.getByTestId('card').last().scrollIntoViewIfNeeded();
    await phone.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const top = await topOf(composer);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(VIEWPORT_H / 4);

    // A card written now shows first, above everybody's statements.
    await composer.fill('Trust is a small promise kept');
    await phone.getByTestId('composer-submit').click();
    const mine = phone
      .getByTestId('private-card')
      .filter({ hasText: 'Trust is a small promise kept' });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('saved');
    await phone.evaluate(() => window.scrollTo(0, 0));
    expect(await topOf(mine)).toBeLessThan(await topOf(firstCard));
    await phone.screenshot({ path: screenshotPath('phone-360-statements') });
    expect(await violations(phone)).toEqual([]);
    expect(rejected).toEqual([]);
  });
  it('[E101] a commitment is named by default and says whose it is: the form on the first screen, "my organisation" remembered, the CSV with the author', async () => {
    // Her commitment, and where she comes from: what the next meeting needs to know.
    const AMIRA = { text: 'Two hours of Arabic help a week', from: 'Brussels Care' };
    const [to, step, by] = ['Refugee Desk', 'Call Sam on Monday', 'End of April'];
    const created = await s.createSession('March meeting', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Amira' });
    await command(created, { type: 'phase:go', index: 3 });
    await crowd(created, 'statements', 34);
    await crowd(created, 'commitments', 12, 'commitment');
    const zone = phone.locator('section.zone[data-zone=commitments]');
    await expect.poll(() => zone.getByTestId('card').count()).toBe(8);

    // The closing question first, on the first screen, named unless the person opts out, although
    // the trust template posts statements without names.
    const what = phone.getByTestId('commit-text');
    expect(await topOf(what)).toBeLessThan(VIEWPORT_H / 2);
    expect(await phone.getByTestId('commit-anonymous').isChecked()).toBe(false);
    await phone.screenshot({ path: screenshotPath('phone-360-commitment') });
    expect(await violations(phone)).toEqual([]);

    await what.fill(AMIRA.text);
    await phone.getByTestId('commit-authorOrg').fill(AMIRA.from);
    await phone.getByTestId('commit-org').fill(to);
    await phone.getByTestId('commit-step').fill(step);
    await phone.getByTestId('commit-by').fill(by);
    await phone.getByTestId('commit-submit').click();
    // Her commitment comes first in its zone, before the twelve that were there already.
    const first = zone.getByTestId('card').first();
    await expect.poll(() => text(first.getByTestId('card-text'))).toBe(AMIRA.text);
    await expect.poll(() => first.getAttribute('data-status')).toBe('saved');
    expect(await text(first)).toContain(en('board.mine'));
    expect(await text(first.getByTestId('commitment-details'))).toContain(AMIRA.from);

    const csv = await (
      await fetch(`${s.url}/api/history/sessions/${created.id}/commitments.csv`, {
        headers: { authorization: `Bearer ${ORGANISER_KEY}` },
      })
    ).text();
    const row = csv.split('\r\n').find((line) => line.startsWith(AMIRA.text));
    expect(row).toContain(`,${by},Amira,${AMIRA.from},`);

    // At the next meeting this phone offers her organisation again; the rest starts empty.
    const next = await s.createSession('May meeting', { template: 'trust' });
    await phone.goto(`${s.url}/j/${next.joinCode}`);
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('board-title').waitFor();
    await command(next, { type: 'phase:go', index: 3 });
    await expect.poll(() => phone.getByTestId('commit-authorOrg').inputValue()).toBe(AMIRA.from);
    expect(await phone.getByTestId('commit-text').inputValue()).toBe('');
    expect(rejected).toEqual([]);
  });

  it('[E102] the vote starts on the first screen: votes left near the top, the first + within reach', async () => {
    const created = await s.createSession(LONG_TITLE, { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Ben' });
    await crowd(created, 'statements', 34);
    await command(created, { type: 'phase:go', index: 2 });
    const left = phone.getByTestId('votes-left');
    await left.waitFor();
    await phone.screenshot({ path: screenshotPath('phone-360-voting') });
    // Right under the phase (it was ~430 px down, under three lines of title and the signals).
    expect(await topOf(left)).toBeLessThan(260);
    const plus = phone.getByTestId('vote-plus').first();
    const box = await plus.boundingBox();
    expect((box?.y ?? VIEWPORT_H) + (box?.height ?? 0)).toBeLessThanOrEqual(VIEWPORT_H);
    await plus.click();
    await expect.poll(() => left.getAttribute('data-remaining')).toBe('2');
    // Scrolling the board keeps the count of votes left in view.
    await phone.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await topOf(left)).toBeGreaterThanOrEqual(0);
    expect(await topOf(left)).toBeLessThan(VIEWPORT_H / 4);
    expect(await violations(phone)).toEqual([]);
    expect(rejected).toEqual([]);
  });

  it('[E111] a synthesis point takes the votes for its statements: no + on a statement inside it', async () => {
    const created = await s.createSession('One vote per point', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Ben' });
    const board = await write(created, [
      { id: 'point', kind: 'synthesis', text: POINT, zone: 'synthesis' },
      { id: 's1', kind: 'statement', text: 'Keep small promises', zone: 'statements' },
      { id: 's2', kind: 'statement', text: 'Say so when you cannot', zone: 'statements' },
      { id: 's3', kind: 'statement', text: 'A statement on its own', zone: 'statements' },
    ]);
    writeCard(board.doc, 's1', { group: 'point' });
    writeCard(board.doc, 's2', { group: 'point' });
    await command(created, { type: 'phase:go', index: 2 });
    const point = phone.locator('[data-testid=card][data-card-id=point]');
    await point.locator('.cards.grouped [data-testid=card]').nth(1).waitFor();
    expect(await point.locator('.cards.grouped [data-testid=vote-plus]').count()).toBe(0);
    await point.locator(':scope > .vote-controls [data-testid=vote-plus]').click();
    await expect
      .poll(() => phone.getByTestId('votes-left').getAttribute('data-remaining'))
      .toBe('2');
    const loose = phone.locator('[data-testid=card][data-card-id=s3]');
    await loose.getByTestId('vote-plus').click();
    await expect
      .poll(() => phone.getByTestId('votes-left').getAttribute('data-remaining'))
      .toBe('1');
    expect(await phone.getByTestId('action-error').count()).toBe(0);
    expect(rejected).toEqual([]);
  });

  it('[E103] deleting a statement grouped under a synthesis point asks first, naming the point', async () => {
    const created = await s.createSession('Open board', { template: 'open' });
    const phone = await phoneIn(created, { name: 'Chloé' });
    await phone.getByTestId('composer-input').fill(MINE);
    await phone.getByTestId('composer-submit').click();
    const mine = phone.getByTestId('card').filter({ hasText: MINE });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('saved');
    const id = await mine.getAttribute('data-card-id');

    const facilitator = await write(created, [
      { id: 'point', kind: 'synthesis', text: POINT, zone: 'ideas' },
    ]);
    writeCard(facilitator.doc, id ?? '', { group: 'point' });
    const point = phone.locator('[data-testid=card][data-kind=synthesis]');
    const grouped = point.locator('.cards.grouped [data-testid=card]').filter({ hasText: MINE });
    await grouped.waitFor();

    await grouped.getByTestId('card-delete').click();
    const question = en('board.deleteGrouped', { point: POINT });
    expect(await text(grouped.locator('.confirm-question'))).toBe(question);
    expect(await grouped.getByRole('group', { name: question }).count()).toBe(1);
    await phone.screenshot({ path: screenshotPath('phone-360-delete-grouped') });
    await grouped.getByTestId('card-delete-cancel').click();
    expect(await grouped.count()).toBe(1);
    expect(cardsOf(facilitator.doc).has(id ?? '')).toBe(true);

    await grouped.getByTestId('card-delete').click();
    await grouped.getByTestId('card-delete-confirm').click();
    await expect.poll(() => grouped.count()).toBe(0);
    await expect.poll(() => cardsOf(facilitator.doc).has(id ?? '')).toBe(false);
    // A statement no point holds goes in one tap, as before.
    await phone.getByTestId('composer-input').fill('Loose statement');
    await phone.getByTestId('composer-submit').click();
    const loose = phone.getByTestId('card').filter({ hasText: 'Loose statement' });
    await expect.poll(() => loose.getAttribute('data-status')).toBe('saved');
    await loose.getByTestId('card-delete').click();
    await expect.poll(() => loose.count()).toBe(0);
    expect(rejected).toEqual([]);
  });

  it('[E104] after the end, the phone can still keep a private link to its commitment', async () => {
    const created = await s.createSession('June meeting', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Dirk' });
    await command(created, { type: 'phase:go', index: 3 });
    await phone.getByTestId('commit-text').fill(DIRK);
    await phone.getByTestId('commit-submit').click();
    const card = phone.getByTestId('card').filter({ hasText: DIRK });
    await expect.poll(() => card.getAttribute('data-status')).toBe('saved');
    await card.getByTestId('keep-button').waitFor();

    // He did not keep it during the meeting; the facilitator ends the session.
    await command(created, { type: 'session:end' });
    await phone.getByTestId('board-closed').waitFor();
    const ended = phone.getByTestId('ended-commitment');
    await expect.poll(() => text(ended.getByTestId('card-text'))).toBe(DIRK);
    const keep = ended.getByTestId('keep-button');
    expect(await text(keep)).toBe(en('workshop.keep.ended'));
    await phone.screenshot({ path: screenshotPath('phone-360-ended') });
    expect(await violations(phone)).toEqual([]);
    await keep.click();
    const link = await text(ended.getByTestId('keep-link'));
    expect(link).toMatch(/\/c\/[\w-]+$/);
    const view = CommitmentView.parse(
      await (await fetch(`${s.url}/api/commitments/${link.split('/c/')[1] ?? ''}`)).json(),
    );
    expect(view).toMatchObject({ text: DIRK, sessionTitle: 'June meeting' });

    // Kept on this device: after a reload of the ended board the link is there.
    await phone.reload();
    await expect
      .poll(() => text(phone.getByTestId('ended-commitment').getByTestId('keep-link')))
      .toBe(link);
    expect(rejected).toEqual([]);
  });

  it('[E105] private writing says who sees what, in English, French, Dutch and Arabic; the console reads the cards before the reveal', async () => {
    const created = await s.createSession('Private writing', { template: 'trust' });
    const locales: Locale[] = ['en', 'fr', 'nl', 'ar'];
    const phones = [];
    for (const locale of locales) phones.push({ locale, page: await phoneIn(created, { locale }) });
    const facilitator = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'en',
    });
    await facilitator.goto(
      `${s.url}/f/${created.id}#token=${created.facilitatorToken}&projector=${created.projectorToken}`,
    );
    await command(created, { type: 'phase:go', index: 1 });
    for (const { locale, page } of phones) {
      const tr = (key: MessageKey) => translate(locale, key);
      await expect
        .poll(() => text(page.getByTestId('composer-note')))
        .toBe(tr('workshop.private.who'));
      expect(await text(page.getByTestId('phase-prompt'))).toBe(tr('phase.statements.prompt'));
      await page.getByTestId('composer-input').fill(`Only mine, in ${locale}`);
      await page.getByTestId('composer-submit').click();
      const card = page.getByTestId('private-card');
      await expect.poll(() => card.getAttribute('data-status')).toBe('saved');
      expect(await text(card)).toContain(tr('workshop.private.cardNote'));
      // The card says it from now on: the composer stays short.
      expect(await page.getByTestId('composer-note').count()).toBe(0);
    }
    const arabic = phones[3]!.page;
    expect(await arabic.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await arabic.screenshot({ path: screenshotPath('phone-360-private-ar') });
    expect(await violations(arabic)).toEqual([]);

    // What the words promise: the facilitator reads them before the reveal (E123 screens them).
    await expect.poll(() => facilitator.getByTestId('reveal').getAttribute('data-count')).toBe('4');
    await expect.poll(() => facilitator.getByTestId('inbox-card').count()).toBe(4);
    const console = await facilitator.getByTestId('inbox').innerText();
    for (const locale of locales) expect(console).toContain(`Only mine, in ${locale}`);
    expect(rejected).toEqual([]);
  });
});
