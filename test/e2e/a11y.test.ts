import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import {
  addCard,
  translate,
  writeCard,
  type CreateSessionResponse,
  type FacilitatorCommand,
  type Locale,
  type MessageKey,
} from '@trellis/shared';
import { provider } from '../helpers/clients';
import { violations } from '../helpers/axe';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { ORGANISER_KEY, recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';

/** Every rule the server enforced against these honest screens: must stay empty. */
const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const browser = useChromium();
const LANGUAGES: readonly Locale[] = ['en', 'ar'];
const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 640 },
  isMobile: true,
  hasTouch: true,
};
const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** A page in `locale`, settled at once: cards do not fade in, so contrast is judged as seen. */
const pageIn = (locale: Locale, device: BrowserContextOptions): Promise<Page> =>
  browser.newPage({ ...device, locale, reducedMotion: 'reduce' });

const textOf = (page: Page, testId: string) => () =>
  page
    .getByTestId(testId)
    .first()
    .textContent()
    .then((value) => value ?? '');

describe('accessibility', () => {
  it('[E30] the phone, join, projector, organise, history, replay and commitment link screens have no axe-core violation of any impact, in English and Arabic, in every phase', async () => {
    const found: Record<string, string[]> = {};
    const scan = async (name: string, page: Page): Promise<void> => {
      found[name] = await violations(page);
    };

    const created = await s.createSession('Accessible workshop', { template: 'trust' });
    const fac = provider(s.wsUrl, created.id, created.facilitatorToken);
    await fac.synced;
    const sock = await s.control(created.facilitatorToken);
    const command = async (cmd: FacilitatorCommand): Promise<void> => {
      const res = await sock.emitWithAck('facilitate', cmd);
      if (!res.ok) throw new Error(`${cmd.type} refused: ${res.error.code}`);
    };

    const phones = new Map<Locale, Page>();
    const projectors = new Map<Locale, Page>();
    /** In each language a phone that joins `session` by code, and its projector once `ready`. */
    const openScreens = async (session: CreateSessionResponse, ready: string): Promise<void> => {
      for (const lang of LANGUAGES) {
        const phone = await pageIn(lang, PHONE);
        await phone.goto(`${s.url}/j/${session.joinCode}`);
        await phone.getByTestId('join-submit').waitFor();
        if (!phones.has(lang)) await scan(`join ${lang}`, phone);
        await phone.getByTestId('join-name').fill(lang === 'en' ? 'Amira' : 'رنا');
        await phone.getByTestId('join-submit').click();
        await phone.getByTestId('lobby').waitFor();
        phones.set(lang, phone);
        const projector = await pageIn(lang, { viewport: { width: 1920, height: 1080 } });
        await projector.goto(`${s.url}/p/${session.id}#token=${session.projectorToken}`);
        await projector.getByTestId(ready).first().waitFor();
        projectors.set(lang, projector);
      }
    };
    const screen = (of: Map<Locale, Page>, lang: Locale): Page => {
      const page = of.get(lang);
      if (!page) throw new Error(`no screen in ${lang}`);
      return page;
    };
    const phoneOf = (lang: Locale): Page => screen(phones, lang);
    await openScreens(created, 'projector-stage');
    /** Both languages' phone and projector, once each shows `phase` (undefined: as they are). */
    const everyScreen = async (moment: string, phase?: MessageKey): Promise<void> => {
      for (const lang of LANGUAGES) {
        const phone = phoneOf(lang);
        const projector = screen(projectors, lang);
        if (phase) {
          const title = translate(lang, phase);
          await expect.poll(textOf(phone, 'phase-title')).toBe(title);
          await expect.poll(textOf(projector, 'projector-phase')).toBe(title);
        }
        await scan(`phone ${lang}, ${moment}`, phone);
        await scan(`projector ${lang}, ${moment}`, projector);
      }
    };

    await everyScreen('lobby');
    await command({ type: 'phase:go', index: 0 });
    await everyScreen('ground rules', 'phase.rules.title');

    await command({ type: 'phase:go', index: 1 });
    await phoneOf('en').getByTestId('composer-input').fill('Trust is a verb');
    await phoneOf('en').getByTestId('composer-submit').click();
    await phoneOf('en').getByTestId('private-card').waitFor();
    await everyScreen('private writing', 'phase.statements.title');
    await command({ type: 'reveal' });
    await phoneOf('ar').getByTestId('card').first().waitFor();
    await everyScreen('revealed');

    // A point holding the phone's statement, the vote open: the phone votes for the point.
    const mine = await phoneOf('en')
      .getByTestId('card')
      .filter({ hasText: 'Trust is a verb' })
      .getAttribute('data-card-id');
    addCard(fac.doc, { id: 'point', kind: 'synthesis', text: 'Working trust', zone: 'synthesis' });
    writeCard(fac.doc, mine ?? '', { group: 'point' });
    await command({ type: 'phase:go', index: 2 });
    await command({ type: 'vote:open' });
    await phoneOf('en').getByTestId('vote-plus').first().click();
    await everyScreen('synthesis and vote', 'phase.synthesis.title');
    // What opens in place on the phone: a card's edit box, the grouped statement's question.
    const grouped = phoneOf('en').locator(`[data-card-id="${mine}"]`);
    await grouped.getByRole('button', { name: translate('en', 'board.edit') }).click();
    await scan('phone en, editing a card', phoneOf('en'));
    await grouped.getByRole('button', { name: translate('en', 'board.cancel') }).click();
    await grouped.getByTestId('card-delete').click();
    await grouped.getByTestId('card-delete-cancel').waitFor();
    await scan('phone en, asked before deleting', phoneOf('en'));
    await grouped.getByTestId('card-delete-cancel').click();
    for (const spotlight of [
      { cardId: 'point', zone: null },
      { cardId: null, zone: 'synthesis' },
    ]) {
      await command({ type: 'spotlight', ...spotlight });
      for (const [lang, projector] of projectors) {
        await projector
          .getByTestId('projector-spotlight')
          .or(projector.locator('[data-testid=projector-zone][data-zone=synthesis]'))
          .first()
          .waitFor();
        await scan(`projector ${lang}, spotlight ${spotlight.cardId ?? spotlight.zone}`, projector);
      }
    }
    await command({ type: 'spotlight', cardId: null, zone: null });

    await command({ type: 'phase:go', index: 3 });
    await phoneOf('en').getByTestId('commit-text').fill('I bring two hours a week');
    await phoneOf('en').getByTestId('commit-submit').click();
    const commitment = phoneOf('en').locator('[data-testid=card][data-kind=commitment]');
    await commitment.getByTestId('keep-button').click();
    const link = await textOf(phoneOf('en'), 'keep-link')();
    await everyScreen('commitments', 'phase.commitment.title');
    await command({ type: 'phase:go', index: 4 });
    await everyScreen('closing', 'phase.close.title');
    await command({ type: 'session:end' });
    await phoneOf('ar').getByTestId('board-closed').waitFor();
    await everyScreen('ended');

    // The organiser's screens and the commitment link, weeks later.
    for (const lang of LANGUAGES) {
      const page = await pageIn(lang, LAPTOP);
      await page.goto(`${s.url}/organise`);
      await page.getByTestId('organise-submit').waitFor();
      await scan(`organise ${lang}`, page);
      await page.getByTestId('organise-key').fill(ORGANISER_KEY);
      await page.getByTestId('organise-title').fill(`Next time ${lang}`);
      await page.getByTestId('organise-submit').click();
      await page.getByTestId('link-facilitator').waitFor();
      await scan(`organise ${lang}, created`, page);
      await page.goto(`${s.url}/history`);
      await page.getByTestId('history-sessions').waitFor();
      await scan(`history ${lang}`, page);
      await page.goto(`${s.url}/history/${created.id}`);
      await page.getByTestId('replay-scrubber').waitFor();
      await scan(`replay ${lang}`, page);

      const phone = await pageIn(lang, PHONE);
      await phone.goto(link);
      await phone.getByTestId('kept-commitment').waitFor();
      await scan(`commitment link ${lang}`, phone);
      await phone.goto(`${s.url}/j/NOPE999`);
      await phone.getByTestId('join-submit').click();
      await phone.getByTestId('join-error').waitFor();
      await scan(`join ${lang}, wrong code`, phone);
    }

    // The next meeting opens with last time's commitments.
    const next = await s.createSession('May meeting', {
      template: 'trust',
      followUpOf: created.id,
    });
    const nextSock = await s.control(next.facilitatorToken);
    await openScreens(next, 'projector-card');
    await everyScreen('follow-up lobby');
    await nextSock.emitWithAck('facilitate', { type: 'phase:go', index: 0 });
    await everyScreen('follow-up review', 'phase.review.title');
    fac.provider.destroy();

    expect(Object.keys(found)).toHaveLength(60);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
    expect(rejected).toEqual([]);
  }, 180_000);

  it('[E150] the projector’s “Revealed!” reads at 4.5:1 whatever it comes over, a spotlit card too', async () => {
    const created = await s.createSession('Reveal moment', { template: 'trust' });
    const fac = s.board(created.id, created.facilitatorToken);
    await fac.synced;
    // Long enough to fill the middle of the screen, where the moment shows.
    const long = 'Listen first, then answer: trust grows when people feel heard. '.repeat(2);
    addCard(fac.doc, { id: 'rule', kind: 'statement', text: long, zone: 'statements' });
    const sock = await s.control(created.facilitatorToken);
    const command = (cmd: FacilitatorCommand) => sock.emitWithAck('facilitate', cmd);
    await command({ type: 'phase:go', index: 1 });
    const joined = await s.join(created.joinCode, 'Hind');
    const phone = await s.control(joined.token);
    await phone.emitWithAck('private:put', {
      id: 'hind-1',
      kind: 'statement',
      text: 'Trust is kept promises',
      anonymous: true,
    });
    const projector = await pageIn('en', { viewport: { width: 1920, height: 1080 } });
    await projector.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}`);
    await command({ type: 'spotlight', cardId: 'rule', zone: null });
    await projector.getByTestId('projector-spotlight').waitFor();
    await command({ type: 'reveal' });
    await projector.getByTestId('revealed-moment').waitFor();
    await projector.screenshot({ path: screenshotPath('projector-revealed-over-spotlight') });
    expect(await violations(projector)).toEqual([]);
  });

  it('[E149] the console, its list and its canvas, has no axe-core violation of any impact, in English and Arabic', async () => {
    const created = await s.createSession('Accessible console', { template: 'trust' });
    const fac = s.board(created.id, created.facilitatorToken);
    await fac.synced;
    addCard(fac.doc, { id: 'a', kind: 'statement', text: 'Trust is a verb', zone: 'statements' });
    addCard(fac.doc, { id: 'b', kind: 'synthesis', text: 'Working trust', zone: 'synthesis' });
    const found: Record<string, string[]> = {};
    for (const lang of LANGUAGES) {
      const page = await pageIn(lang, LAPTOP);
      await page.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
      await page.getByTestId('facilitator-card').first().waitFor();
      found[`list ${lang}`] = await violations(page);
      await page.getByTestId('view-canvas').click();
      // A card selected, so the selection's actions are live.
      await page.locator('[data-testid=canvas-card]').first().click();
      found[`canvas ${lang}`] = await violations(page);
    }
    expect(found).toEqual({ 'list en': [], 'canvas en': [], 'list ar': [], 'canvas ar': [] });
  });
});
