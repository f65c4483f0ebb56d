import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  listCards,
  SessionDetail,
  TEMPLATES,
  translate,
  writeCard,
  type CreateSessionResponse,
} from '@trellis/shared';
import { violations } from '../helpers/axe';
import { screenshotPath } from '../helpers/browser';
import { ORGANISER_KEY } from '../helpers/server';
import { text, useRoom } from './room';

/**
 * The workshop's flow in a real room (issue 12): ground rules on the board from the start, the
 * facilitator's "what now" right after the reveal and after the end, the reveal marked in the
 * replay, a follow-up that opens with last time's commitments, and a spotlight that always shows.
 */
const { s, browser, rejected, command, phone: phoneIn, write } = useRoom();
const en = translate.bind(null, 'en');
const ANA = 'I bring two hours of Arabic help a week';
const GROUPED = 'Keep your word in small things';

async function consoleOf(created: CreateSessionResponse): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
  await page.goto(
    `${s.url}/f/${created.id}#token=${created.facilitatorToken}&projector=${created.projectorToken}`,
  );
  await page.getByTestId('facilitator-hint').waitFor();
  return page;
}

const hintOf = (page: Page) => () => page.getByTestId('facilitator-hint').getAttribute('data-hint');

describe('the flow of a workshop', () => {
  it('[E106] the trust template starts with its ground rules in the facilitator’s language; the facilitator rewords one', async () => {
    const created = await s.createSession('Réunion de mars', { template: 'trust', locale: 'fr' });
    const phone = await phoneIn(created, { locale: 'fr' });
    const facilitator = await consoleOf(created);
    await command(created, { type: 'phase:go', index: 0 });
    const rules = phone.locator('section.zone[data-zone=rules] [data-testid=card-text]');
    const french = TEMPLATES.trust.groundRules.map((key) => translate('fr', key));
    await expect.poll(() => rules.allTextContents()).toEqual(french);
    expect(french).toContain('Ce qui se dit ici reste ici.');
    // The phase's action comes first, the rules to agree to right under it.
    await phone.getByTestId('agree-toggle').waitFor();
    await phone.screenshot({ path: screenshotPath('phone-360-ground-rules-fr') });
    expect(await violations(phone)).toEqual([]);

    // Without a language the rules are in English.
    const other = await s.createSession('March meeting', { template: 'trust' });
    const board = s.board(other.id, other.facilitatorToken);
    await board.synced;
    expect(
      listCards(board.doc)
        .filter((c) => c.zone === 'rules')
        .map((c) => c.text),
    ).toEqual(TEMPLATES.trust.groundRules.map((key) => en(key)));

    // They are the facilitator's cards: reworded in the console, every phone reads the new words.
    const first = facilitator.locator(
      'section.zone[data-zone=rules] [data-testid=facilitator-card]',
    );
    await first
      .first()
      .getByRole('button', { name: en('board.edit') })
      .click();
    await first.first().locator('textarea').fill('Parlez en votre nom.');
    await first
      .first()
      .getByRole('button', { name: en('board.save') })
      .click();
    await expect.poll(() => text(rules.first())).toBe('Parlez en votre nom.');

    // Past the ground rules, the phone's screen is for writing.
    await command(created, { type: 'phase:go', index: 1 });
    await phone.getByTestId('composer-input').waitFor();
    expect(await phone.locator('section.zone[data-zone=rules]').count()).toBe(0);
    expect(rejected).toEqual([]);
  });

  it('[E107] right after the reveal the facilitator is told what now, and the reveal is a marker in the replay', async () => {
    const created = await s.createSession('Reveal', { template: 'trust' });
    const phone = await phoneIn(created, { name: 'Amira' });
    const facilitator = await consoleOf(created);
    await command(created, { type: 'phase:go', index: 1 });
    await phone.getByTestId('composer-input').fill('Trust is shown, not told');
    await phone.getByTestId('composer-submit').click();
    await expect.poll(hintOf(facilitator)).toBe('facilitate.hint.reveal');
    await facilitator.getByTestId('reveal').click();
    await expect.poll(hintOf(facilitator)).toBe('facilitate.hint.revealed');
    expect(await text(facilitator.getByTestId('facilitator-hint'))).not.toContain(
      en('facilitate.hint.private'),
    );

    const detail = SessionDetail.parse(
      await (
        await fetch(`${s.url}/api/history/sessions/${created.id}`, {
          headers: { authorization: `Bearer ${ORGANISER_KEY}` },
        })
      ).json(),
    );
    expect(detail.snapshots.filter((x) => x.kind === 'reveal')).toHaveLength(1);

    const replay = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
    await replay.goto(`${s.url}/history/${created.id}`);
    await replay.getByTestId('history-key').fill(ORGANISER_KEY);
    await replay.getByTestId('history-key-submit').click();
    const marker = replay.locator('[data-testid=replay-marker][data-kind=reveal]');
    await marker.waitFor();
    expect(await text(marker)).toContain(en('history.marker.reveal'));
    expect(rejected).toEqual([]);
  });

  it('[E108] after "End session" the console says what now and links to the replay and the exports', async () => {
    const created = await s.createSession('The end', { template: 'trust' });
    const facilitator = await consoleOf(created);
    await facilitator.getByTestId('end-session').click();
    await facilitator.getByTestId('end-session-confirm').click();
    await expect.poll(hintOf(facilitator)).toBe('facilitate.hint.ended');
    const replayLink = facilitator.getByTestId('ended-replay');
    expect(await replayLink.getAttribute('href')).toBe(`/history/${created.id}`);
    expect(await text(replayLink)).toBe(en('facilitate.ended.replay'));
    expect(await facilitator.getByTestId('ended-exports').getAttribute('href')).toBe(
      `/history/${created.id}#exports`,
    );
    await facilitator.screenshot({ path: screenshotPath('console-ended') });
    expect(await violations(facilitator)).toEqual([]);

    // A console opened after the end shows the same way on.
    await facilitator.reload();
    await expect.poll(hintOf(facilitator)).toBe('facilitate.hint.ended');

    await facilitator.getByTestId('ended-exports').click();
    await facilitator.getByTestId('history-key').fill(ORGANISER_KEY);
    await facilitator.getByTestId('history-key-submit').click();
    await facilitator.getByTestId('replay-export-csv').waitFor();
    expect(rejected).toEqual([]);
  });

  it('[E109] a follow-up opens with a review of last time’s commitments, with its own hint, before the ground rules', async () => {
    const first = await s.createSession('March meeting', { template: 'trust' });
    await write(first, [{ id: 'ana', kind: 'commitment', text: ANA, zone: 'commitments' }]);
    // On the server before the end: another screen has it.
    const screen = s.board(first.id, first.projectorToken);
    await expect.poll(() => listCards(screen.doc).some((c) => c.id === 'ana')).toBe(true);
    await command(first, { type: 'session:end' });

    const next = await s.createSession('May meeting', { template: 'trust', followUpOf: first.id });
    const phone = await phoneIn(next, { name: 'Ana' });
    const facilitator = await consoleOf(next);
    await expect.poll(hintOf(facilitator)).toBe('facilitate.hint.lobby');
    await facilitator.getByTestId('phase-next').click();
    await expect.poll(hintOf(facilitator)).toBe('facilitate.hint.review');
    expect(await text(facilitator.getByTestId('facilitator-hint'))).toContain(
      en('facilitate.next'),
    );
    await expect.poll(() => text(phone.getByTestId('phase-title'))).toBe(en('phase.review.title'));
    expect(await text(phone.getByTestId('phase-prompt'))).toBe(en('phase.review.prompt'));
    const firstZone = phone.locator('section.zone').first();
    expect(await firstZone.getAttribute('data-zone')).toBe('previous');
    expect(await text(firstZone)).toContain(ANA);
    // The ground rules wait for their own phase, as on the projector.
    expect(await phone.locator('section.zone[data-zone=rules]').count()).toBe(0);
    expect(await text(phone.getByTestId('phase-title').locator('..').locator('..'))).toContain(
      // Step 1 of the template's five, plus the review.
      en('workshop.phaseOf', { n: 1, total: TEMPLATES.trust.phases.length + 1 }),
    );
    await phone.screenshot({ path: screenshotPath('phone-360-followup-review') });

    await facilitator.getByTestId('phase-next').click();
    await expect.poll(() => text(phone.getByTestId('phase-title'))).toBe(en('phase.rules.title'));
    await expect.poll(hintOf(facilitator)).toBe('facilitate.hint.agree');
    expect(rejected).toEqual([]);
  });

  it('[E110] spotlighting a statement grouped under a synthesis point shows it on the projector', async () => {
    const created = await s.createSession('Spotlight', { template: 'trust' });
    const board = await write(created, [
      { id: 'point', kind: 'synthesis', text: 'Small steps', zone: 'synthesis' },
      { id: 'grouped', kind: 'statement', text: GROUPED, zone: 'statements' },
    ]);
    writeCard(board.doc, 'grouped', { group: 'point' });
    await command(created, { type: 'phase:go', index: 2 });
    const projector = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await projector.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}&lang=en`);
    const facilitator = await consoleOf(created);

    const card = facilitator
      .locator('section.zone[data-zone=statements] [data-testid=facilitator-card]')
      .filter({ hasText: GROUPED });
    await card.getByTestId('card-spotlight').click();
    await expect
      .poll(() => card.getByTestId('card-spotlight').getAttribute('aria-pressed'))
      .toBe('true');
    const spot = projector.getByTestId('projector-spotlight');
    await expect.poll(() => text(spot)).toContain(GROUPED);
    expect(rejected).toEqual([]);
  });
});
