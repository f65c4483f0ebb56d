import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addCard } from '@trellis/shared';
import { provider } from '../helpers/clients';
import { CLIENT_DIST, launchChromium, ROOT } from '../helpers/browser';
import { ORGANISER_KEY, startServer, type TestServer } from '../helpers/server';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  s = await startServer({ clientDir: CLIENT_DIST });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** axe-core runs inside the page (evaluated over CDP, so our CSP needs no exception). */
async function serious(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(
    async () =>
      (
        await (
          window as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }
        ).axe.run()
      ).violations,
  )) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

describe('accessibility', () => {
  it('[E30] every screen has no serious or critical axe-core violations', async () => {
    const res = await fetch(`${s.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ORGANISER_KEY}` },
      body: JSON.stringify({ title: 'Accessible workshop', template: 'trust' }),
    });
    const created = (await res.json()) as {
      id: string;
      joinCode: string;
      facilitatorToken: string;
      projectorToken: string;
    };
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
    ) => {
      const ctx = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const page = await ctx.newPage();
      await page.goto(url);
      await page.locator(ready).first().waitFor();
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

    expect(found).toEqual({ join: [], organise: [], projector: [], facilitator: [], board: [] });
  });
});
