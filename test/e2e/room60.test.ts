import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  listCards,
  plural,
  translate,
  writeCard,
  type Card,
  type CardKind,
  type MessageKey,
} from '@trellis/shared';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';
import { expectAllSeen, phoneProblems, wholeProjector } from './roomChecks';
import { openRoom60, type Room60 } from './room60Room';
import { PEOPLE, PEOPLE_COUNT, POINTS, type Person } from './room60People';
import { checkStory, TITLE, type Tally } from './room60Story';
import { plain, text } from './workshopRoom';

/**
 * A trust workshop of sixty people in Chromium, every phase run from the console: ten phones in
 * Chromium and fifty protocol phones join by code, agree to the ground rules, write two private
 * cards each, vote on the synthesis points the facilitator draws, commit, and the session ends.
 * At each step the projector, the console and Amira's phone are asserted and photographed
 * (test-output/room60-<step>-<screen>.png); no card is ever cut off on the projector or on her
 * phone, and the server never has to refuse anything these honest screens send ([G10]). The
 * steps share one session, so each starts where the previous one ended.
 */
process.setMaxListeners(0); // fifty stock providers each add a process 'exit' listener

const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const browser = useChromium();
let room: Room60;
afterAll(() => room?.close());

const tally: Tally = { points: [], votes: new Map() };
const amira = (): Page => room.phones[0]!.page;
const statementsOf = (): Card[] => listCards(room.laptop.doc).filter((c) => c.kind === 'statement');
const idsOf = (kind: CardKind): string[] =>
  listCards(room.laptop.doc)
    .filter((c) => c.kind === kind)
    .map((c) => c.id);
const ruleIds = (): string[] =>
  listCards(room.laptop.doc)
    .filter((c) => c.zone === 'rules')
    .map((c) => c.id);
const idOf = (cardText: string): string => {
  const card = listCards(room.laptop.doc).find((c) => c.text === cardText);
  if (!card) throw new Error(`no card "${cardText}" on the board`);
  return card.id;
};

/** Screenshots of the three screens the test watches; the projector's, one per page turned. */
async function shoot(step: string, projectorIds: readonly string[]): Promise<void> {
  await room.console.screenshot({ path: screenshotPath(`room60-${step}-console`) });
  expect(await phoneProblems(amira()), `Amira's phone at ${step}`).toEqual([]);
  await amira().screenshot({ path: screenshotPath(`room60-${step}-phone`), fullPage: true });
  const seen = await wholeProjector(room.projector, screenshotPath(`room60-${step}-projector`));
  expectAllSeen(seen, projectorIds);
  expect(rejected).toEqual([]);
}

/** The phase's title on every browser phone (in its language) and on the projector. */
async function phaseShows(key: MessageKey): Promise<void> {
  for (const { page, person } of room.phones)
    await expect
      .poll(() => text(page.getByTestId('phase-title')))
      .toBe(translate(person.locale, key));
  await expect
    .poll(() => text(room.projector.getByTestId('projector-phase')))
    .toBe(translate('en', key));
}

const next = (): Promise<void> => room.console.getByTestId('phase-next').click();
const consoleCards = (zone: string) =>
  room.console.locator(`section.zone[data-zone=${zone}] [data-testid=facilitator-card]`);

describe('a trust workshop of sixty people', { timeout: 90_000 }, () => {
  it('[E160] lobby: sixty people join by code, with a name or without; the projector counts them, the console lists them', async () => {
    const created = await s.createSession(TITLE, { template: 'trust' });
    room = await openRoom60(s, browser, created);
    await expect
      .poll(() => text(room.projector.getByTestId('projector-count')), { timeout: 20_000 })
      .toBe(plural('en', 'present.participants', PEOPLE_COUNT));
    await expect
      .poll(() => room.console.locator('[data-testid=member][data-role=participant]').count())
      .toBe(PEOPLE_COUNT);
    expect(await text(amira().getByTestId('lobby'))).toBe(translate('en', 'workshop.lobby'));
    expect(await room.projector.getByTestId('projector-join').getAttribute('data-size')).toBe(
      'large',
    );
    // The ground rules show in the lobby already, so the room reads them while it fills.
    expect(ruleIds()).toHaveLength(5);
    await shoot('lobby', ruleIds());
  });

  it('[E161] ground rules: all sixty agree; the console and the projector count sixty', async () => {
    await next();
    await phaseShows('phase.rules.title');
    const onPhone = amira().locator('section.zone[data-zone=rules] [data-testid=card]');
    await expect.poll(() => onPhone.count()).toBe(ruleIds().length);
    for (const { page } of room.phones) {
      await page.getByTestId('agree-toggle').click();
      await expect
        .poll(() => page.getByTestId('agree-toggle').getAttribute('aria-pressed'))
        .toBe('true');
    }
    await Promise.all(room.protocol.map(({ phone }) => phone.agree()));
    const agreed = translate('en', 'present.agreed', { count: PEOPLE_COUNT });
    await expect
      .poll(() => text(room.console.getByTestId('count-agreed')).then(plain))
      .toBe(agreed);
    await expect.poll(() => text(room.projector.getByTestId('projector-agreed'))).toBe(agreed);
    await shoot('rules', ruleIds());
  });

  it('[E162] private statements: 120 cards wait on the server; the console counts them, the projector shows none', async () => {
    await next();
    await phaseShows('phase.statements.title');
    for (const { page, person } of room.phones)
      for (const card of person.statements) {
        await page.getByTestId('composer-anonymous').setChecked(card.anonymous);
        await page.getByTestId('composer-input').fill(card.text);
        await page.getByTestId('composer-submit').click();
        await expect
          .poll(() =>
            page
              .getByTestId('private-card')
              .filter({ hasText: card.text })
              .getAttribute('data-status'),
          )
          .toBe('saved');
      }
    await Promise.all(
      room.protocol.flatMap(({ person, phone }) =>
        person.statements.map((card) => phone.write(card.text, card.anonymous)),
      ),
    );
    const reveal = room.console.getByTestId('reveal');
    await expect.poll(() => reveal.getAttribute('data-count')).toBe(String(2 * PEOPLE_COUNT));
    expect(await room.projector.getByTestId('projector-card').count()).toBe(0);
    expect(await amira().getByTestId('private-card').count()).toBe(2);
    await shoot('statements', []);
  });

  it('[E163] reveal: the 120 statements on every screen, anonymous ones without an author', async () => {
    await room.console.getByTestId('reveal').click();
    await room.projector.getByTestId('revealed-moment').waitFor();
    await expect.poll(() => statementsOf().length).toBe(2 * PEOPLE_COUNT);
    for (const person of PEOPLE)
      for (const card of person.statements) {
        const onBoard = statementsOf().find((c) => c.text === card.text);
        expect(onBoard?.authorId === undefined, card.text).toBe(card.anonymous);
      }
    await expect.poll(() => consoleCards('statements').count()).toBe(2 * PEOPLE_COUNT);
    // Amira's own two first, marked hers; the others behind "show all".
    const zone = amira().locator('section.zone[data-zone=statements]');
    const own = zone.locator('[data-testid=card].card-own');
    await expect.poll(() => own.count()).toBe(2);
    expect(await text(own.first().getByTestId('card-text'))).toBe(PEOPLE[0]!.statements[0].text);
    await zone.getByTestId('show-all').click();
    await expect.poll(() => zone.getByTestId('card').count()).toBe(2 * PEOPLE_COUNT);
    expect(await phoneProblems(amira()), 'every statement on the phone').toEqual([]);
    await zone.getByTestId('show-all').click();
    await shoot('reveal', idsOf('statement'));
  });

  it('[E164] synthesis: the facilitator draws four points in the console and gathers the statements under them', async () => {
    await next();
    await phaseShows('phase.synthesis.title');
    await expect
      .poll(() => room.console.getByTestId('voting-state').getAttribute('data-state'))
      .toBe('open');
    const form = room.console.getByTestId('create-point');
    for (const point of POINTS) {
      await form.getByRole('textbox').fill(point);
      await form.getByRole('button').click();
      await consoleCards('synthesis').filter({ hasText: point }).waitFor();
    }
    tally.points = POINTS.map(idOf);
    // Three by hand in the console's list, the rest from the co-facilitator's laptop.
    const themed = PEOPLE.flatMap((p) => p.statements).filter((c) => c.theme !== undefined);
    for (const card of themed.slice(0, 3))
      await consoleCards('statements')
        .filter({ hasText: card.text })
        .getByTestId('card-group')
        .selectOption({ label: POINTS[card.theme!]! });
    await expect.poll(() => statementsOf().filter((c) => c.group).length).toBe(3);
    room.laptop.doc.transact(() => {
      for (const card of themed.slice(3))
        writeCard(room.laptop.doc, idOf(card.text), { group: tally.points[card.theme!]! });
    });
    const perPoint = themed.length / POINTS.length;
    for (const id of tally.points) {
      const point = consoleCards('synthesis').and(room.console.locator(`[data-card-id="${id}"]`));
      await expect.poll(() => point.locator('.point-statements li').count()).toBe(perPoint);
    }
    // Her anonymous statement (theme 0) now sits inside the first point on her phone.
    const mine = amira().locator(`[data-card-id="${tally.points[0]}"] .cards.grouped`);
    await expect.poll(() => text(mine)).toContain(PEOPLE[0]!.statements[0].text);
    // The points first, their statements folded: the last point's + within four screens of the
    // top (it was 9,400 px down under every statement of every point).
    const lastPlus = amira().locator(
      `[data-card-id="${tally.points.at(-1)}"] > .vote-controls [data-testid=vote-plus]`,
    );
    expect(
      await lastPlus.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY),
    ).toBeLessThanOrEqual(4 * 640);
    await shoot('synthesis', [...tally.points, ...idsOf('statement')]);
  });

  it('[E165] voting: three votes each on points or loose statements ([J7]), hidden until the facilitator closes it, then ranked', async () => {
    const loose = statementsOf()
      .filter((c) => c.group === undefined)
      .map((c) => c.id);
    const count = (id: string): void => void tally.votes.set(id, (tally.votes.get(id) ?? 0) + 1);
    const P = tally.points;
    for (const [k, { page }] of room.phones.entries()) {
      const left = page.getByTestId('votes-left');
      await expect.poll(() => left.getAttribute('data-remaining')).toBe('3');
      const plus = page.locator(
        `[data-card-id="${P[k % 2]}"] > .vote-controls [data-testid=vote-plus]`,
      );
      const ungrouped = page
        .locator('section.zone[data-zone=statements] [data-testid=card]')
        .filter({ has: page.getByTestId('vote-plus') })
        .first();
      const looseId = (await ungrouped.getAttribute('data-card-id')) ?? '';
      for (const [target, id, remaining] of [
        [plus, P[k % 2]!, '2'],
        [plus, P[k % 2]!, '1'],
        [ungrouped.getByTestId('vote-plus'), looseId, '0'],
      ] as const) {
        await target.click();
        await expect.poll(() => left.getAttribute('data-remaining')).toBe(remaining);
        count(id);
      }
      for (const button of await page.getByTestId('vote-plus').all())
        expect(await button.isDisabled()).toBe(true);
    }
    await Promise.all(
      room.protocol.map(async ({ phone }, j) => {
        const second = j < 20 ? P[0] : j < 30 ? P[1] : j < 35 ? P[3] : loose[j % loose.length];
        for (const id of [P[j % 4]!, second!, loose[(j * 7) % loose.length]!]) {
          await phone.vote(id);
          count(id);
        }
      }),
    );
    expect(await room.projector.getByTestId('vote-count').count()).toBe(0);
    const ranked = [...P].sort((a, b) => (tally.votes.get(b) ?? 0) - (tally.votes.get(a) ?? 0));
    // The script's totals differ from point to point and from the order they were made in.
    expect(new Set(ranked.map((id) => tally.votes.get(id))).size).toBe(P.length);
    expect(ranked).not.toEqual(P);

    await room.console.getByTestId('vote-close').click();
    const votesOn = (page: Page, selector: string) =>
      page.locator(`${selector} > [data-testid=vote-count]`).first().getAttribute('data-votes');
    for (const id of P) {
      const total = String(tally.votes.get(id));
      await expect.poll(() => votesOn(room.projector, `[data-card-id="${id}"]`)).toBe(total);
      expect(
        await votesOn(room.console, `[data-testid=facilitator-card][data-card-id="${id}"]`),
      ).toBe(total);
      await expect.poll(() => votesOn(amira(), `[data-card-id="${id}"]`)).toBe(total);
    }
    const order = await room.projector
      .locator('[data-zone=synthesis] li[data-item][data-kind=synthesis]')
      .evaluateAll((els) => [...new Set(els.map((el) => (el as HTMLElement).dataset.cardId))]);
    expect(order).toEqual(ranked);
    await shoot('results', [...P, ...idsOf('statement')]);
  });

  it('[E166] commitments: named by default with "my organisation", one in ten without a name; sixty on the projector', async () => {
    await next();
    await phaseShows('phase.commitment.title');
    for (const { page, person } of room.phones) {
      const c = person.commitment;
      await page.getByTestId('commit-text').fill(c.text);
      await page.getByTestId('commit-authorOrg').fill(c.authorOrg);
      await page.getByTestId('commit-org').fill(c.org);
      await page.getByTestId('commit-step').fill(c.step);
      await page.getByTestId('commit-by').fill(c.by);
      expect(await page.getByTestId('commit-anonymous').isChecked()).toBe(false);
      if (person.anonymousCommitment) await page.getByTestId('commit-anonymous').check();
      await page.getByTestId('commit-submit').click();
      const card = page
        .locator('[data-testid=card][data-kind=commitment]')
        .filter({ hasText: c.text });
      await expect.poll(() => card.getAttribute('data-status')).toBe('saved');
    }
    await Promise.all(
      room.protocol.map(({ person, phone }) =>
        phone.commit(person.commitment, person.anonymousCommitment),
      ),
    );
    const commitments = () => listCards(room.laptop.doc).filter((c) => c.kind === 'commitment');
    await expect.poll(() => commitments().length).toBe(PEOPLE_COUNT);
    for (const person of PEOPLE) {
      const card = commitments().find((c) => c.text === person.commitment.text);
      expect(card?.authorId === undefined, person.commitment.text).toBe(person.anonymousCommitment);
      expect(card?.authorOrg).toBe(person.commitment.authorOrg);
    }
    await expect.poll(() => consoleCards('commitments').count()).toBe(PEOPLE_COUNT);
    // Amira's first in its zone, hers, with where she comes from.
    const first = amira().locator('section.zone[data-zone=commitments] [data-testid=card]').first();
    expect(await text(first.getByTestId('card-text'))).toBe(PEOPLE[0]!.commitment.text);
    expect(await text(first)).toContain(translate('en', 'board.mine'));
    expect(await text(first.getByTestId('commitment-details'))).toContain(
      PEOPLE[0]!.commitment.authorOrg,
    );
    await shoot('commitments', idsOf('commitment'));
  });

  it('[E167] closing, then the end: every phone and the projector say it ended; the console links the replay', async () => {
    await next();
    await phaseShows('phase.close.title');
    expect(await amira().getByTestId('commit-text').count()).toBe(0);
    await shoot('close', []);
    await room.console.getByTestId('end-session').click();
    await room.console.getByTestId('end-session-confirm').click();
    for (const { page, person } of room.phones)
      await expect
        .poll(() => text(page.getByTestId('board-closed')), { timeout: 10_000 })
        .toContain(translate(person.locale, 'board.ended'));
    await expect
      .poll(() => text(room.projector.getByTestId('board-closed')))
      .toContain(translate('en', 'board.ended'));
    await room.console.getByTestId('ended-replay').waitFor();
    for (const screen of ['console', 'phone', 'projector'] as const) {
      const page =
        screen === 'console' ? room.console : screen === 'phone' ? amira() : room.projector;
      await page.screenshot({ path: screenshotPath(`room60-ended-${screen}`) });
    }
    expect(rejected).toEqual([]);
  });

  it('[E168] the story export reads as the story of the session, top to bottom', async () => {
    const people: Person[] = [...PEOPLE];
    await checkStory(s, room.created.id, people, tally);
  });
});
