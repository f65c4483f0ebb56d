import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { serious } from '../helpers/axe';
import { CLIENT_DIST, useChromium } from '../helpers/browser';
import { useServer } from '../helpers/suite';

const s = useServer({ clientDir: CLIENT_DIST });
const browser = useChromium();

describe('accessibility', () => {
  it('[E30] every screen has no serious or critical axe-core violations', async () => {
    const created = await s.createSession('Accessible workshop', { template: 'trust' });
    const fac = provider(s.wsUrl, created.id, created.facilitatorToken);
    await fac.synced;
    addCard(fac.doc, { id: 'a', kind: 'statement', text: 'Trust is a verb', zone: 'statements' });
    addCard(fac.doc, { id: 'b', kind: 'synthesis', text: 'Working trust', zone: 'synthesis' });

    const found: Record<string, string[]> = {};
    const check = async (
      name: string,
      url: string,
      ready: string,
      viewport = { width: 1280, height: 800 },
      prepare?: (page: Page) => Promise<void>,
    ) => {
      const ctx = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const page = await ctx.newPage();
      await page.goto(url);
      await page.locator(ready).first().waitFor();
      await prepare?.(page);
      // Contrast is judged on the settled page, not mid-way through a card's fade-in.
      await page.waitForTimeout(1200);
      found[name] = await serious(page);
      await ctx.close();
    };
    await check('join', `${s.url}/j/${created.joinCode}`, '[data-testid=join-submit]', {
      width: 360,
      height: 640,
    });
    await check('organise', `${s.url}/organise`, '[data-testid=organise-submit]');
    await check(
      'projector',
      `${s.url}/p/${created.id}#token=${created.projectorToken}`,
      '[data-testid=projector-card]',
      { width: 1920, height: 1080 },
    );
    await check(
      'facilitator',
      `${s.url}/f/${created.id}#token=${created.facilitatorToken}`,
      '[data-testid=facilitator-card]',
    );
    // The console's canvas view, with a card selected so the selection actions are live.
    await check(
      'facilitatorCanvas',
      `${s.url}/f/${created.id}#token=${created.facilitatorToken}`,
      '[data-testid=facilitator-card]',
      undefined,
      async (page) => {
        await page.getByTestId('view-canvas').click();
        await page.locator('[data-testid=canvas-card]').first().click();
      },
    );

    const phoneCtx = await browser.newContext({
      viewport: { width: 360, height: 640 },
      reducedMotion: 'reduce',
    });
    const phone = await phoneCtx.newPage();
    await phone.goto(`${s.url}/j/${created.joinCode}`);
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('board-title').waitFor();
    found.board = await serious(phone);
    await phoneCtx.close();
    fac.provider.destroy();

    expect(found).toEqual({
      join: [],
      organise: [],
      projector: [],
      facilitator: [],
      facilitatorCanvas: [],
      board: [],
    });
    // Six screens, each settled and scanned, on a shared two-core machine.
  }, 45_000);
});
