import { describe, expect, it } from 'vitest';
import { listCards, translate, type CreateSessionResponse as Created } from '@trellis/shared';
import { screenshotPath, useChromium } from '../helpers/browser';
import { provider, socket } from '../helpers/clients';
import { createSession, tempDir } from '../helpers/server';
import { facilitate, joinedPhone as join, portOf, useRestartableServers } from './phones';

const browser = useChromium();
const start = useRestartableServers();
const joinedPhone = (url: string, code: string) => join(browser, url, code);

/** The projector of the session shows a card with this text. */
async function projectorShows(url: string, created: Created, text: string): Promise<void> {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const projector = await ctx.newPage();
  await projector.goto(`${url}/p/${created.id}#token=${created.projectorToken}`);
  await projector.getByTestId('projector-card').filter({ hasText: text }).waitFor();
  await ctx.close();
}

async function trustSession(url: string) {
  return createSession(url, 'Trust under bad Wi-Fi', { template: 'trust' });
}

// Each test waits out the phone's reconnect backoff across server restarts: slow on a busy machine.
describe('a phone on bad Wi-Fi', { timeout: 90_000 }, () => {
  it('[E4] keeps a card written while the server is away and syncs it when it is back', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const port = portOf(first);
    const created = await first.createSession('Through the outage');

    const { ctx, phone } = await joinedPhone(first.url, created.joinCode);
    await phone.getByTestId('composer-input').fill('Before the outage');
    await phone.getByTestId('composer-submit').click();
    const before = phone.getByTestId('card').filter({ hasText: 'Before the outage' });
    await expect.poll(() => before.getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');

    await first.close();
    await phone.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    await phone.getByTestId('composer-input').fill('Written while offline');
    await phone.getByTestId('composer-submit').click();
    const during = phone.getByTestId('card').filter({ hasText: 'Written while offline' });
    await during.waitFor();
    expect(await during.getAttribute('data-status')).toBe('sending');
    await phone.screenshot({ path: screenshotPath('phone-offline') });

    const second = await start(dataDir, port);
    await expect.poll(() => during.getAttribute('data-status'), { timeout: 15_000 }).toBe('saved');
    await phone.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 10_000 });

    await projectorShows(second.url, created, 'Written while offline');
    await projectorShows(second.url, created, 'Before the outage');
    await ctx.close();
  });

  it('[E14] a card written offline waits while the board is locked, and lands when it opens', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const port = portOf(first);
    const created = await first.createSession('Locked while away');
    const { ctx, phone } = await joinedPhone(first.url, created.joinCode);

    await first.close();
    await phone.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    await phone.getByTestId('composer-input').fill('Queued in the dead spot');
    await phone.getByTestId('composer-submit').click();
    const queued = phone.getByTestId('card').filter({ hasText: 'Queued in the dead spot' });
    expect(await queued.getAttribute('data-status')).toBe('sending');

    // The facilitator locks the board while the phone is away (on another port it cannot reach).
    const elsewhere = await start(dataDir);
    await facilitate(elsewhere.url, created.facilitatorToken, { type: 'lock', locked: true });
    await elsewhere.close();

    const back = await start(dataDir, port);
    await phone.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });
    // Before the queue, the card went out on reconnect and the server closed the board ([J1]).
    await phone.waitForTimeout(1_000);
    expect(await phone.getByTestId('board-closed').count()).toBe(0);
    // Online again, but the board takes no cards: the phone says why it is still holding it.
    await expect.poll(() => queued.getAttribute('data-status')).toBe('waiting');
    expect(await queued.getByTestId('card-status').textContent()).toBe(
      translate('en', 'board.status.waiting'),
    );

    await facilitate(back.url, created.facilitatorToken, { type: 'lock', locked: false });
    await expect.poll(() => queued.getAttribute('data-status'), { timeout: 15_000 }).toBe('saved');
    await projectorShows(back.url, created, 'Queued in the dead spot');
    await ctx.close();
  });

  it('[E15] a private card written offline is sent when the phone is back, and the hand stays up after a reload', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const port = portOf(first);
    const created = await trustSession(first.url);
    await facilitate(first.url, created.facilitatorToken, { type: 'phase:go', index: 1 });
    const { ctx, phone } = await joinedPhone(first.url, created.joinCode);

    await first.close();
    await phone.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    await phone.getByTestId('composer-input').fill('Private, written offline');
    await phone.getByTestId('composer-submit').click();
    const waiting = phone
      .getByTestId('private-card')
      .filter({ hasText: 'Private, written offline' });
    await waiting.waitFor();
    expect(await waiting.getAttribute('data-status')).toBe('sending');
    // Nothing typed is lost: the composer is free for the next card.
    expect(await phone.getByTestId('composer-input').inputValue()).toBe('');

    const back = await start(dataDir, port);
    await expect
      .poll(() => waiting.getAttribute('data-status'), { timeout: 15_000 })
      .not.toBe('sending');
    const fac = socket(back.url, created.facilitatorToken);
    let privateCount = -1;
    fac.on('signals', (s) => void (privateCount = s.privateCount));
    await expect.poll(() => privateCount, { timeout: 10_000 }).toBe(1);

    // A raised hand survives a reload: the server tells the phone its own state ([J12]).
    const hand = phone.getByTestId('hand-toggle');
    await hand.click();
    await expect.poll(() => hand.getAttribute('aria-pressed')).toBe('true');
    await phone.reload();
    await expect
      .poll(() => phone.getByTestId('hand-toggle').getAttribute('aria-pressed'), {
        timeout: 10_000,
      })
      .toBe('true');
    expect(await phone.getByTestId('ready-toggle').getAttribute('aria-pressed')).toBe('false');
    fac.disconnect();
    await ctx.close();
  });

  it('[E16] after a reload the board shows from IndexedDB before the server answers', async () => {
    const server = await start(tempDir());
    const created = await server.createSession('Kept on the phone');
    const { ctx, phone } = await joinedPhone(server.url, created.joinCode);
    await phone.getByTestId('composer-input').fill('Remembered by this phone');
    await phone.getByTestId('composer-submit').click();
    const card = phone.getByTestId('card').filter({ hasText: 'Remembered by this phone' });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
    // Let y-indexeddb's write land before the page goes.
    await phone.waitForTimeout(500);

    // A board from a workshop two months ago, still on the phone: opening this one drops it.
    await phone.evaluate(async () => {
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('trellis:board:old-session:old-member');
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error ?? new Error('open failed'));
      });
      const boards = JSON.parse(localStorage.getItem('trellis:local-boards') ?? '{}') as object;
      localStorage.setItem(
        'trellis:local-boards',
        JSON.stringify({
          ...boards,
          'trellis:board:old-session:old-member': Date.now() - 60 * 86_400_000,
        }),
      );
    });
    const databases = (): Promise<string[]> =>
      phone.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
    expect(await databases()).toContain('trellis:board:old-session:old-member');

    // The board's WebSocket now never reaches the server: whatever shows comes from IndexedDB.
    await phone.routeWebSocket(/\/yjs\//, () => undefined);
    await phone.reload();
    await phone.getByTestId('card').filter({ hasText: 'Remembered by this phone' }).waitFor({
      timeout: 10_000,
    });
    expect(await phone.getByTestId('board-title').textContent()).toBe('Kept on the phone');
    await expect.poll(databases).not.toContain('trellis:board:old-session:old-member');
    expect(
      (await databases()).filter((name) => name.startsWith(`trellis:board:${created.id}:`)),
    ).toHaveLength(1);
    await ctx.close();
  });

  it('[E19] edits and deletions made offline wait while the board is locked, then land', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const port = portOf(first);
    const created = await first.createSession('Edited while away');
    const { ctx, phone } = await joinedPhone(first.url, created.joinCode);
    for (const text of ['To be reworded', 'To be deleted']) {
      await phone.getByTestId('composer-input').fill(text);
      await phone.getByTestId('composer-submit').click();
      const card = phone.getByTestId('card').filter({ hasText: text });
      await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
    }

    await first.close();
    await phone.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    const reworded = phone.getByTestId('card').filter({ hasText: 'To be reworded' });
    await reworded.getByRole('button', { name: translate('en', 'board.edit') }).click();
    // While editing, the text is the textarea's value: find the card by its open editor.
    const editing = phone.getByTestId('card').filter({ has: phone.getByRole('textbox') });
    await editing.getByRole('textbox').fill('Reworded offline');
    await editing.getByRole('button', { name: translate('en', 'board.save') }).click();
    const edited = phone.getByTestId('card').filter({ hasText: 'Reworded offline' });
    expect(await edited.getAttribute('data-status')).toBe('sending');
    await phone
      .getByTestId('card')
      .filter({ hasText: 'To be deleted' })
      .getByRole('button', { name: translate('en', 'board.delete') })
      .click();
    expect(await phone.getByTestId('card').filter({ hasText: 'To be deleted' }).count()).toBe(0);

    const elsewhere = await start(dataDir);
    await facilitate(elsewhere.url, created.facilitatorToken, { type: 'lock', locked: true });
    await elsewhere.close();
    const back = await start(dataDir, port);
    await phone.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => edited.getAttribute('data-status')).toBe('waiting');
    expect(await phone.getByTestId('board-closed').count()).toBe(0);

    await facilitate(back.url, created.facilitatorToken, { type: 'lock', locked: false });
    await expect.poll(() => edited.getAttribute('data-status'), { timeout: 15_000 }).toBe('saved');
    await projectorShows(back.url, created, 'Reworded offline');
    const laptop = provider(back.wsUrl, created.id, created.facilitatorToken);
    await laptop.synced;
    await expect.poll(() => listCards(laptop.doc).map((c) => c.text)).toEqual(['Reworded offline']);
    laptop.provider.destroy();
    await ctx.close();
  });
});
