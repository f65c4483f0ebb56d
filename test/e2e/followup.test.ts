import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  addCard,
  translate,
  type CreateSessionResponse as Created,
  type FacilitatorCommand,
} from '@trellis/shared';
import { violations } from '../helpers/axe';
import { provider, socket, type TrellisSocket } from '../helpers/clients';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { ORGANISER_KEY, recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';

/**
 * Commitments that come back, in Chromium: a phone keeps its commitment from one meeting, the
 * organiser opens the next meeting as a follow-up, and the commitment comes back on the link page,
 * the projector and the console. The steps share two sessions, so each test starts where the
 * previous one ended.
 */
/** Every rule the server enforced against these honest screens: must stay empty. */
const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const { newPage } = useChromium();
const sockets: TrellisSocket[] = [];

const AMIRA = {
  text: 'Two hours of Arabic help a week',
  org: 'Refugee Desk',
  step: 'Call Sam on Monday',
  by: 'End of April',
};
const BEN = 'I lend our van for the move';
const NOTE = 'Met Sam once; the second visit is planned';

let first: Created;
let second: { id: string; joinCode: string; facilitator: string; projector: string };
let phone: Page;
let link: string;
let projector: Page;
let facilitator: Page;

afterAll(() => {
  for (const sock of sockets) sock.disconnect();
});

/** A facilitator's Socket.IO connection, for the steps the test does not click through. */
async function facilitatorSocket(
  token: string,
): Promise<(cmd: FacilitatorCommand) => Promise<void>> {
  const sock = socket(s.url, token);
  sockets.push(sock);
  await new Promise((resolve) => sock.once('session', resolve));
  return async (cmd) => {
    const res = await sock.emitWithAck('facilitate', cmd);
    if (!res.ok) throw new Error(`${cmd.type}: ${res.error.message}`);
  };
}

const text = (locator: Locator): Promise<string> =>
  locator.textContent().then((value) => value ?? '');
const en = translate.bind(null, 'en');
const total = (page: Page, status: string): Locator =>
  page.locator(`[data-testid=followup-total][data-status=${status}]`);

describe('commitments that come back, in Chromium', () => {
  it('[E40] a phone writes its commitment, keeps a private copy and opens the link page', async () => {
    first = await s.createSession('March meeting', { template: 'trust' });
    phone = await newPage({
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
      locale: 'en',
    });
    await phone.goto(`${s.url}/j/${first.joinCode}`);
    await phone.getByTestId('join-name').fill('Amira');
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('lobby').waitFor();

    const facilitate = await facilitatorSocket(first.facilitatorToken);
    await facilitate({ type: 'phase:go', index: 3 });
    await expect
      .poll(() => text(phone.getByTestId('phase-title')))
      .toBe(en('phase.commitment.title'));
    // Ben commits from his own device, without keeping a link: the facilitator marks his later.
    const ben = await s.join(first.joinCode, 'Ben');
    const benBoard = provider(s.wsUrl, first.id, ben.token);
    await benBoard.synced;
    addCard(benBoard.doc, {
      id: 'ben-commitment',
      kind: 'commitment',
      text: BEN,
      authorId: ben.participantId,
      zone: 'commitments',
      org: 'Student Union',
    });

    await phone.getByTestId('commit-text').fill(AMIRA.text);
    await phone.getByTestId('commit-org').fill(AMIRA.org);
    await phone.getByTestId('commit-step').fill(AMIRA.step);
    await phone.getByTestId('commit-by').fill(AMIRA.by);
    await phone.getByTestId('commit-submit').click();
    const mine = phone
      .locator('[data-testid=card][data-kind=commitment]')
      .filter({ hasText: AMIRA.text });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('saved');
    await phone.locator('[data-testid=card]').filter({ hasText: BEN }).waitFor();
    benBoard.provider.destroy();

    await mine.getByTestId('keep-button').click();
    link = await text(phone.getByTestId('keep-link'));
    expect(link).toMatch(/\/c\/[\w-]+$/);
    await phone.getByTestId('keep-link').click();
    await phone.waitForURL(link);
    await phone.getByTestId('kept-commitment').waitFor();
    expect(await text(phone.getByTestId('kept-what'))).toBe(AMIRA.text);
    expect(await text(phone.getByTestId('kept-org'))).toBe(AMIRA.org);
    expect(await text(phone.getByTestId('kept-step'))).toBe(AMIRA.step);
    expect(await text(phone.getByTestId('kept-by'))).toBe(AMIRA.by);
    expect(await text(phone.getByTestId('kept-from'))).toContain('March meeting');
    expect(await text(phone.getByTestId('commitment-private'))).toBe(en('commitment.private'));
    expect(await text(phone.getByTestId('no-followups'))).toBe(en('commitment.noFollowUps'));
    expect(rejected).toEqual([]);
  });

  it('[E41] the facilitator ends the meeting; the organiser opens the next one as its follow-up', async () => {
    const facilitate = await facilitatorSocket(first.facilitatorToken);
    await facilitate({ type: 'session:end' });

    const organiser = await newPage({ viewport: { width: 1280, height: 800 }, locale: 'en' });
    await organiser.goto(`${s.url}/organise`);
    const select = organiser.getByTestId('organise-followup');
    expect(await select.isDisabled()).toBe(true);
    await organiser.getByTestId('organise-key').fill(ORGANISER_KEY);
    // Leaving the key field loads the earlier sessions with it.
    await organiser.getByTestId('organise-title').fill('May meeting');
    await select.locator(`option[value="${first.id}"]`).waitFor({ state: 'attached' });
    expect(await text(select.locator(`option[value="${first.id}"]`))).toContain('March meeting');
    await select.selectOption(first.id);
    await organiser.getByTestId('organise-submit').click();

    const href = async (id: string): Promise<string> =>
      (await organiser.getByTestId(id).getAttribute('href')) ?? '';
    const facilitatorLink = await href('link-facilitator');
    second = {
      id: decodeURIComponent(new URL(facilitatorLink).pathname.split('/')[2] ?? ''),
      joinCode: await text(organiser.getByTestId('organise-join-code')),
      facilitator: facilitatorLink,
      projector: await href('link-projector'),
    };
    expect(second.id).not.toBe(first.id);
    // The new session is listed too, ready to be followed up in turn.
    await select.locator(`option[value="${second.id}"]`).waitFor({ state: 'attached' });
    expect(rejected).toEqual([]);
  });

  it('[E42] the link page lists the follow-up; the phone marks "partly" with a note', async () => {
    await phone.reload();
    const followUp = phone.locator(`[data-testid=followup][data-session-id="${second.id}"]`);
    await followUp.waitFor();
    expect(await text(followUp.locator('h3'))).toBe('May meeting');
    expect(await followUp.getAttribute('data-status')).toBe('none');
    expect(await text(followUp.getByTestId('followup-saved'))).toBe(en('commitment.notMarked'));

    await followUp.getByTestId('followup-note-input').fill(NOTE);
    await followUp.getByTestId('mark-partly').click();
    await expect.poll(() => followUp.getAttribute('data-status')).toBe('partly');
    const saved = en('commitment.saved', { status: en('followup.status.partly') });
    expect(await text(followUp.getByTestId('followup-saved'))).toBe(saved);
    expect(await followUp.getByTestId('mark-partly').getAttribute('aria-pressed')).toBe('true');
    await phone.screenshot({ path: screenshotPath('commitment-link'), fullPage: true });
    expect(await violations(phone)).toEqual([]);

    // Stored by the server, not just shown: a reload reads it back.
    await phone.reload();
    await expect.poll(() => text(followUp.getByTestId('followup-note'))).toBe(NOTE);
    expect(await text(followUp.getByTestId('followup-saved'))).toBe(saved);

    const unknown = await newPage({ viewport: { width: 360, height: 640 }, locale: 'en' });
    await unknown.goto(`${s.url}/c/not-a-kept-link`);
    expect(await text(unknown.getByTestId('commitment-error'))).toBe(
      en('commitment.errors.not_found'),
    );
    expect(await violations(unknown)).toEqual([]);
    expect(rejected).toEqual([]);
  });

  it('[E43] the projector shows last time’s commitments with totals; the facilitator marks Ben’s "done"', async () => {
    // Reduced motion: cards do not fade in, so contrast and the screenshot see them settled.
    projector = await newPage({
      viewport: { width: 1920, height: 1080 },
      locale: 'en',
      reducedMotion: 'reduce',
    });
    await projector.goto(second.projector);
    facilitator = await newPage({ viewport: { width: 1440, height: 900 }, locale: 'en' });
    await facilitator.goto(second.facilitator);

    const previous = projector.locator('[data-testid=projector-zone][data-zone=previous]');
    await previous.waitFor();
    expect(await text(previous.locator('h2'))).toBe(en('zone.previous'));
    const amira = previous.getByTestId('projector-card').filter({ hasText: AMIRA.text });
    await expect
      .poll(() => amira.getByTestId('copy-status').getAttribute('data-status'))
      .toBe('partly');
    expect(await text(amira.getByTestId('copy-note'))).toBe(NOTE);
    expect(await text(amira.getByTestId('commitment-details'))).toContain(AMIRA.org);
    await expect.poll(() => total(projector, 'partly').getAttribute('data-count')).toBe('1');
    expect(await total(projector, 'none').getAttribute('data-count')).toBe('1');
    expect(await total(projector, 'done').getAttribute('data-count')).toBe('0');
    expect(await total(projector, 'not_yet').getAttribute('data-count')).toBe('0');

    const benCard = facilitator.getByTestId('facilitator-card').filter({ hasText: BEN });
    await benCard.getByTestId('copy-status-select').selectOption('done');
    await expect.poll(() => total(projector, 'done').getAttribute('data-count')).toBe('1');
    expect(await total(projector, 'none').getAttribute('data-count')).toBe('0');
    expect(await total(projector, 'partly').getAttribute('data-count')).toBe('1');
    await expect.poll(() => total(facilitator, 'done').getAttribute('data-count')).toBe('1');
    await projector.screenshot({ path: screenshotPath('followup-projector') });
    expect(await violations(projector)).toEqual([]);
    expect(await violations(facilitator)).toEqual([]);
    expect(rejected).toEqual([]);
  });

  it('[E44] a phone in the follow-up sees last time’s commitments first, with how each went', async () => {
    await phone.goto(`${s.url}/j/${second.joinCode}`);
    await phone.getByTestId('join-name').fill('Amira');
    await phone.getByTestId('join-submit').click();
    const firstZone = phone.locator('section.zone').first();
    await expect.poll(() => firstZone.getAttribute('data-zone')).toBe('previous');
    const cards = firstZone.getByTestId('card');
    const mine = cards.filter({ hasText: AMIRA.text });
    const bens = cards.filter({ hasText: BEN });
    await expect
      .poll(() => mine.getByTestId('copy-status').getAttribute('data-status'))
      .toBe('partly');
    expect(await bens.getByTestId('copy-status').getAttribute('data-status')).toBe('done');
    // This device kept Amira's link, so her copy offers the way to mark it; Ben's does not.
    expect(await mine.getByTestId('copy-mark-mine').getAttribute('href')).toBe(
      new URL(link).pathname,
    );
    expect(await bens.getByTestId('copy-mark-mine').count()).toBe(0);
    await phone.screenshot({ path: screenshotPath('followup-phone'), fullPage: true });
    expect(await violations(phone)).toEqual([]);
    expect(rejected).toEqual([]);
  });
});
