import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, Limits } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { useServer } from '../helpers/suite';

/** Payloads that would set window.__xss (or open a dialog) if anything rendered them as HTML. */
const CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '"><svg onload="window.__xss=3">',
  '\'><iframe src="javascript:window.top.__xss=4">',
  '<a href="javascript:window.__xss=5">tap</a>',
  '{{constructor.constructor("window.__xss=6")()}}',
  '<details open ontoggle="alert(7)">',
  '\u202Egnp.exe <b>bold</b> &amp; &lt;',
];

const s = useServer({ clientDir: CLIENT_DIST });
const browser = useChromium();

async function assertInert(page: Page, dialogs: string[]): Promise<void> {
  expect(dialogs).toEqual([]);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
  ).toBeUndefined();
  expect(
    await page.locator('body script, body iframe, body svg[onload], body img[onerror]').count(),
  ).toBe(0);
}

function watch(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

describe('XSS corpus in Chromium', () => {
  it('[X1] hostile card texts, names and titles render as text on phone, projector and facilitator', async () => {
    const title = CORPUS[1]!.slice(0, Limits.titleMax);
    const created = await s.createSession(title);
    const members = await Promise.all(
      CORPUS.map((n) => s.join(created.joinCode, n.slice(0, Limits.nameMax))),
    );
    const writers = members.map((m) => ({ m, c: provider(s.wsUrl, created.id, m.token) }));
    try {
      await Promise.all(writers.map((w) => w.c.synced));
      CORPUS.forEach((text, i) =>
        addCard(writers[i]!.c.doc, {
          id: `x${i}`,
          kind: 'statement',
          text,
          authorId: writers[i]!.m.participantId,
          zone: 'ideas',
        }),
      );

      const phoneCtx = await browser.newContext({
        viewport: { width: 360, height: 640 },
        isMobile: true,
      });
      const phone = await phoneCtx.newPage();
      const phoneDialogs = watch(phone);
      await phone.goto(`${s.url}/j/${created.joinCode}`);
      await phone.getByTestId('join-name').fill(CORPUS[2]!.slice(0, Limits.nameMax));
      await phone.getByTestId('join-submit').click();
      await phone.getByTestId('composer-input').fill(CORPUS[0]!);
      await phone.getByTestId('composer-submit').click();
      await expect.poll(() => phone.getByTestId('card').count()).toBe(CORPUS.length + 1);
      for (const text of CORPUS)
        await phone.getByTestId('card').filter({ hasText: text.trim() }).first().waitFor();
      expect(await phone.getByTestId('board-title').textContent()).toContain(title);
      // Long unbroken hostile strings wrap instead of widening the page past the phone's width.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        360,
      );

      const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const projector = await projCtx.newPage();
      const projDialogs = watch(projector);
      await projector.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}`);
      await expect
        .poll(() => projector.getByTestId('projector-card').count())
        .toBe(CORPUS.length + 1);

      const facCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const facilitator = await facCtx.newPage();
      const facDialogs = watch(facilitator);
      await facilitator.goto(`${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
      await expect
        .poll(() => facilitator.getByTestId('facilitator-card').count())
        .toBe(CORPUS.length + 1);
      await expect
        .poll(() => facilitator.getByTestId('member').count())
        .toBeGreaterThanOrEqual(CORPUS.length);
      const memberText = await facilitator.getByTestId('member').allTextContents();
      expect(memberText.join('\n')).toContain(CORPUS[1]!.slice(0, Limits.nameMax));

      await facilitator.screenshot({ path: screenshotPath('xss-facilitator'), fullPage: true });
      await assertInert(phone, phoneDialogs);
      await assertInert(projector, projDialogs);
      await assertInert(facilitator, facDialogs);
      await Promise.all([phoneCtx.close(), projCtx.close(), facCtx.close()]);
    } finally {
      for (const w of writers) w.c.provider.destroy();
    }
  });
});
