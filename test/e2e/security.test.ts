import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import {
  cardEntry,
  cardsOf,
  Limits,
  isSeededRule,
  listCards,
  plural,
  translate,
  type CreateSessionResponse as Created,
} from '@trellis/shared';
import { violations } from '../helpers/axe';
import { screenshotPath, useChromium } from '../helpers/browser';
import { provider } from '../helpers/clients';
import { eventually, ORGANISER_KEY, recordRejections, tempDir } from '../helpers/server';
import {
  cardOn,
  facilitate,
  joinOn,
  phoneContext as phoneIn,
  portOf,
  statusOf,
  useRestartableServers,
} from './phones';

/**
 * The phone's side of the hardening (issue 10): anonymous cards that no struct ties to the phone
 * ([J14]), removal and blocked names ([J13], [J4]), the card cap ([G12]) and a board opened once
 * too often ([L5]). Every screen here is honest: the guards must reject nothing ([G10]).
 */
const rejected: string[] = [];
const browser = useChromium();
const start = useRestartableServers(recordRejections(rejected));
const phoneContext = () => phoneIn(browser);

const en = translate.bind(null, 'en');

async function post(phone: Page, text: string, anonymous: boolean): Promise<void> {
  const box = phone.getByTestId('composer-anonymous');
  if ((await box.isChecked()) !== anonymous) await box.click();
  await phone.getByTestId('composer-input').fill(text);
  await phone.getByTestId('composer-submit').click();
}

/** Every Yjs clientID that wrote a struct of this card: its entry, its fields, its text. */
function writersOf(doc: Y.Doc, cardId: string): Set<number> {
  const writers = new Set<number>();
  const entry = cardEntry(doc, cardId);
  if (!entry) return writers;
  writers.add(entry.id.client);
  const card = cardsOf(doc).get(cardId);
  if (!card) return writers;
  for (const item of card._map.values()) {
    for (let it: Y.Item | null = item; it; it = it.left) writers.add(it.id.client);
  }
  const text = card.get('text');
  if (text instanceof Y.Text) {
    for (let it = text._start; it; it = it.right) writers.add(it.id.client);
  }
  return writers;
}

/** The clientID of the phone's doc: the one that wrote its named card's entry. */
const clientOf = (doc: Y.Doc, cardId: string): number | undefined =>
  cardEntry(doc, cardId)?.id.client;

const idOf = (doc: Y.Doc, text: string): string | undefined =>
  listCards(doc).find((card) => card.text === text)?.id;

describe('the hardened phone', { timeout: 90_000 }, () => {
  it('[E61] an anonymous card goes through the server: it lands saved, is reworded and deleted from the phone, and no struct of it is the phone’s', async () => {
    const s = await start();
    const created = await s.createSession('Anonymous for real');
    // The projector's view of the board, as a stock Yjs client receives it.
    const seen = provider(s.wsUrl, created.id, created.projectorToken);
    await seen.synced;
    const ctx = await phoneContext();
    const phone = await joinOn(ctx, s.url, created.joinCode, 'Amira');
    await phone.getByTestId('composer-input').waitFor();

    await post(phone, 'Named, by Amira', false);
    await expect.poll(statusOf(phone, 'Named, by Amira'), { timeout: 10_000 }).toBe('saved');
    await post(phone, 'Nobody knows I wrote this', true);
    await expect
      .poll(statusOf(phone, 'Nobody knows I wrote this'), { timeout: 10_000 })
      .toBe('saved');
    const anonymous = cardOn(phone, 'Nobody knows I wrote this');
    expect(await anonymous.getAttribute('class')).toContain('card-own');
    expect(await anonymous.textContent()).toContain(en('board.anonymous'));

    const named = await eventually(() => idOf(seen.doc, 'Named, by Amira') ?? Promise.reject());
    const anon = await eventually(
      () => idOf(seen.doc, 'Nobody knows I wrote this') ?? Promise.reject(),
    );
    const phoneClient = clientOf(seen.doc, named);
    expect(phoneClient).toBeDefined();
    expect(listCards(seen.doc).find((c) => c.id === anon)?.authorId).toBeUndefined();
    expect(writersOf(seen.doc, anon)).not.toContain(phoneClient);

    // Reworded from the phone: the new text lands, still written by the server alone.
    await anonymous.getByRole('button', { name: en('board.edit') }).click();
    const editing = phone.getByTestId('card').filter({ has: phone.getByRole('textbox') });
    await editing.getByRole('textbox').fill('Nobody knows I reworded this');
    await editing.getByRole('button', { name: en('board.save') }).click();
    await expect
      .poll(statusOf(phone, 'Nobody knows I reworded this'), { timeout: 10_000 })
      .toBe('saved');
    await eventually(() =>
      expect(listCards(seen.doc).find((c) => c.id === anon)?.text).toBe(
        'Nobody knows I reworded this',
      ),
    );
    expect(writersOf(seen.doc, anon)).not.toContain(phoneClient);
    await phone.screenshot({ path: screenshotPath('phone-anonymous') });

    // Deleted from the phone: gone everywhere, and it does not come back.
    await cardOn(phone, 'Nobody knows I reworded this')
      .getByRole('button', { name: en('board.delete') })
      .click();
    await eventually(() => expect(listCards(seen.doc).map((c) => c.id)).not.toContain(anon));
    await phone.waitForTimeout(500);
    expect(await cardOn(phone, 'Nobody knows I reworded this').count()).toBe(0);
    expect(await phone.getByTestId('action-error').count()).toBe(0);
    expect(rejected).toEqual([]);
    seen.provider.destroy();
    await ctx.close();
  });

  it('[E62] an anonymous card written offline waits while writing is locked, and lands through the server when it opens', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const port = portOf(first);
    const created = await first.createSession('Anonymous through the outage');
    const ctx = await phoneContext();
    const phone = await joinOn(ctx, first.url, created.joinCode);
    await post(phone, 'Named before the outage', false);
    await expect
      .poll(statusOf(phone, 'Named before the outage'), { timeout: 10_000 })
      .toBe('saved');

    await first.close();
    await phone.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    await post(phone, 'Anonymous, from the dead spot', true);
    expect(await statusOf(phone, 'Anonymous, from the dead spot')()).toBe('sending');
    expect(await phone.getByTestId('composer-input').inputValue()).toBe('');

    // Locked while the phone is away (on another port it cannot reach).
    const elsewhere = await start(dataDir);
    await facilitate(elsewhere.url, created.facilitatorToken, { type: 'lock', locked: true });
    await elsewhere.close();

    const back = await start(dataDir, port);
    await phone.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(statusOf(phone, 'Anonymous, from the dead spot')).toBe('waiting');
    expect(await phone.getByTestId('board-closed').count()).toBe(0);
    expect(await phone.getByTestId('action-error').count()).toBe(0);

    const seen = provider(back.wsUrl, created.id, created.projectorToken);
    await seen.synced;
    expect(idOf(seen.doc, 'Anonymous, from the dead spot')).toBeUndefined();
    await facilitate(back.url, created.facilitatorToken, { type: 'lock', locked: false });
    await expect
      .poll(statusOf(phone, 'Anonymous, from the dead spot'), { timeout: 15_000 })
      .toBe('saved');
    const anon = await eventually(
      () => idOf(seen.doc, 'Anonymous, from the dead spot') ?? Promise.reject(),
    );
    const phoneClient = clientOf(seen.doc, idOf(seen.doc, 'Named before the outage')!);
    expect(writersOf(seen.doc, anon)).not.toContain(phoneClient);
    expect(listCards(seen.doc).find((c) => c.id === anon)?.authorId).toBeUndefined();
    expect(rejected).toEqual([]);
    seen.provider.destroy();
    await ctx.close();
  });

  it('[E63] a removed phone is told so, and cannot join again with the code from this browser; another browser can', async () => {
    const s = await start();
    const created = await s.createSession('Removal');
    const ctx = await phoneContext();
    const phone = await joinOn(ctx, s.url, created.joinCode, 'Ben');
    await phone.getByTestId('composer-input').waitFor();

    const consoleCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const console_ = await consoleCtx.newPage();
    await console_.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
    const ben = console_.getByTestId('member').filter({ hasText: 'Ben' });
    await ben.getByTestId('member-remove').click();
    await ben.getByTestId('member-remove-confirm').click();

    const removed = phone.getByTestId('board-removed');
    await removed.waitFor({ timeout: 10_000 });
    expect(await removed.textContent()).toBe(en('board.removed'));
    expect(await phone.getByTestId('composer-input').isDisabled()).toBe(true);
    expect(await violations(phone)).toEqual([]);
    await phone.screenshot({ path: screenshotPath('phone-removed') });

    // A fresh page of the same browser keeps the device id: the code no longer lets it in.
    const again = await ctx.newPage();
    await again.goto(`${s.url}/j/${created.joinCode}`);
    await again.getByTestId('join-name').fill('Not Ben');
    await again.getByTestId('join-submit').click();
    const refusal = again.getByTestId('join-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(en('join.errors.forbidden'));

    const other = await phoneContext();
    const stranger = await joinOn(other, s.url, created.joinCode, 'Ben');
    await stranger.getByTestId('composer-input').waitFor();
    expect(rejected).toEqual([]);
    await Promise.all([ctx.close(), other.close(), consoleCtx.close()]);
  });

  it('[E64] a name the facilitator blocked is removed and cannot join again, from any browser', async () => {
    const s = await start();
    const created = await s.createSession('Blocked name');
    const ctx = await phoneContext();
    const phone = await joinOn(ctx, s.url, created.joinCode, 'Chloé');
    await phone.getByTestId('composer-input').waitFor();

    const consoleCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const console_ = await consoleCtx.newPage();
    await console_.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
    const chloe = console_.getByTestId('member').filter({ hasText: 'Chloé' });
    await chloe.getByTestId('member-block').click();
    expect(await chloe.getByRole('group').getAttribute('aria-label')).toBe(
      en('facilitate.blockConfirm', { name: 'Chloé' }),
    );
    await chloe.getByTestId('member-block-confirm').click();
    await phone.getByTestId('board-removed').waitFor({ timeout: 10_000 });

    const other = await phoneContext();
    const page = await other.newPage();
    await page.goto(`${s.url}/j/${created.joinCode}`);
    await page.getByTestId('join-name').fill('Chloé');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('join-error').waitFor();
    expect(await page.getByTestId('join-error').textContent()).toBe(en('join.errors.forbidden'));
    // Another name from that browser is welcome.
    await page.getByTestId('join-name').fill('Dirk');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('composer-input').waitFor();
    expect(rejected).toEqual([]);
    await Promise.all([ctx.close(), other.close(), consoleCtx.close()]);
  });

  it('[E65] at the session’s card cap the composer says so and sends nothing; a deletion frees a place', async () => {
    const s = await start();
    // The organiser sets the cap on the create form.
    const organiser = await browser.newContext();
    const form = await organiser.newPage();
    await form.goto(`${s.url}/organise`);
    await form.getByTestId('organise-key').fill(ORGANISER_KEY);
    await form.getByTestId('organise-title').fill('Two cards each');
    await form.getByTestId('organise-template').selectOption('open');
    await form.getByTestId('organise-card-limit').fill('0');
    await form.getByTestId('organise-submit').click();
    expect(await form.getByTestId('organise-error').textContent()).toBe(
      en('organise.errors.cardLimit', { max: Limits.cardsPerParticipantMax }),
    );
    await form.getByTestId('organise-card-limit').fill('2');
    await form.getByTestId('organise-submit').click();
    const joinCode = (await form.getByTestId('organise-join-code').textContent()) ?? '';
    const sessionUrl = (await form.getByTestId('link-projector').textContent()) ?? '';
    const created = {
      id: new URL(sessionUrl).pathname.split('/')[2]!,
      projectorToken: new URLSearchParams(new URL(sessionUrl).hash.slice(1)).get('token')!,
    };
    await organiser.close();

    const ctx = await phoneContext();
    const phone = await joinOn(ctx, s.url, joinCode, 'Amira');
    await phone.getByTestId('composer-input').waitFor();
    const limit = phone.getByTestId('card-limit');

    await post(phone, 'First, with my name', false);
    await post(phone, 'Second, without it', true);
    await expect.poll(statusOf(phone, 'Second, without it'), { timeout: 10_000 }).toBe('saved');
    await limit.waitFor();
    expect(await limit.textContent()).toBe(plural('en', 'board.cardLimit', 2));
    await phone.getByTestId('composer-input').fill('A third one');
    expect(await phone.getByTestId('composer-submit').isDisabled()).toBe(true);
    expect(await violations(phone)).toEqual([]);
    await phone.screenshot({ path: screenshotPath('phone-card-limit') });

    await cardOn(phone, 'First, with my name')
      .getByRole('button', { name: en('board.delete') })
      .click();
    await limit.waitFor({ state: 'detached' });
    // The text typed at the cap is still there, and goes now.
    expect(await phone.getByTestId('composer-input').inputValue()).toBe('A third one');
    await phone.getByTestId('composer-submit').click();
    await expect.poll(statusOf(phone, 'A third one'), { timeout: 10_000 }).toBe('saved');
    await limit.waitFor();

    const seen = provider(s.wsUrl, created.id, created.projectorToken);
    await seen.synced;
    await eventually(() =>
      expect(
        listCards(seen.doc)
          .map((c) => c.text)
          .sort(),
      ).toEqual(['A third one', 'Second, without it']),
    );
    expect(rejected).toEqual([]);
    seen.provider.destroy();
    await ctx.close();
  });

  it('[E68] a revealed anonymous private card is reworded and deleted from the phone through the server', async () => {
    const s = await start();
    const created = await s.createSession('Revealed, still nobody’s', { template: 'trust' });
    await facilitate(s.url, created.facilitatorToken, { type: 'phase:go', index: 1 });
    const ctx = await phoneContext();
    const phone = await joinOn(ctx, s.url, created.joinCode, 'Amira');
    await phone.getByTestId('composer-input').waitFor();
    // The trust workshop posts without names unless one opts in.
    expect(await phone.getByTestId('composer-anonymous').isChecked()).toBe(true);
    await phone.getByTestId('composer-input').fill('Trust is a verb');
    await phone.getByTestId('composer-submit').click();
    const waiting = phone.getByTestId('private-card').filter({ hasText: 'Trust is a verb' });
    await expect.poll(() => waiting.getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');

    await facilitate(s.url, created.facilitatorToken, { type: 'reveal' });
    const revealed = cardOn(phone, 'Trust is a verb');
    await revealed.waitFor({ timeout: 10_000 });
    expect(await revealed.getAttribute('class')).toContain('card-own');
    await revealed.getByRole('button', { name: en('board.edit') }).click();
    const editing = phone.getByTestId('card').filter({ has: phone.getByRole('textbox') });
    await editing.getByRole('textbox').fill('Trust is a verb, not a noun');
    await editing.getByRole('button', { name: en('board.save') }).click();
    await expect
      .poll(statusOf(phone, 'Trust is a verb, not a noun'), { timeout: 10_000 })
      .toBe('saved');

    const seen = provider(s.wsUrl, created.id, created.projectorToken);
    await seen.synced;
    const id = await eventually(
      () => idOf(seen.doc, 'Trust is a verb, not a noun') ?? Promise.reject(),
    );
    // The server wrote it at the reveal and again for the edit; the phone wrote nothing.
    const writers = writersOf(seen.doc, id);
    expect(writers.size).toBe(1);
    expect([...writers][0]).toBe(clientOf(seen.doc, id));
    await cardOn(phone, 'Trust is a verb, not a noun')
      .getByRole('button', { name: en('board.delete') })
      .click();
    // Gone: only the ground rules the session started with are left.
    await eventually(() =>
      expect(listCards(seen.doc).filter((c) => !isSeededRule(c.id))).toEqual([]),
    );
    expect(await phone.getByTestId('action-error').count()).toBe(0);
    expect(rejected).toEqual([]);
    seen.provider.destroy();
    await ctx.close();
  });

  it('[E66] a board opened in too many places closes the oldest, which says so and does not come back', async () => {
    const s = await start();
    const created: Created = await s.createSession('Too many tabs');
    const ctx = await phoneContext();
    const phone = await joinOn(ctx, s.url, created.joinCode, 'Amira');
    await phone.getByTestId('composer-input').waitFor();
    const token = await phone.evaluate(
      (id) =>
        (JSON.parse(localStorage.getItem(`trellis:member:${id}`) ?? '{}') as { token: string })
          .token,
      created.id,
    );

    // The same member opens the board four more times (the cap is four): the phone's goes.
    const others = Array.from({ length: 4 }, () => provider(s.wsUrl, created.id, token));
    const closes: number[] = [];
    for (const other of others) {
      other.provider.on('connection-close', (event) => event && closes.push(event.code));
    }
    await Promise.all(others.map((o) => o.synced));
    const replaced = phone.getByTestId('board-replaced');
    await replaced.waitFor({ timeout: 10_000 });
    expect(await replaced.textContent()).toBe(en('board.replaced'));
    // It does not reconnect and push one of the others out in turn.
    await phone.waitForTimeout(2_000);
    expect(closes).toEqual([]);
    for (const other of others) other.provider.destroy();
    await ctx.close();
  });
});
