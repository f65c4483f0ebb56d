import { describe, expect, it } from 'vitest';
import { CLIENT_DIST, useChromium } from '../helpers/browser';
import { recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';
import { board600, CANVAS, gestures, longest, measuredPage, newCard, openScreen } from './board600';
import { firstFrame, heaviest, longTasks } from './perf';

/**
 * The console with 600 statements and the CPU slowed 4×: no task on its main thread runs longer
 * than 200 ms, while it loads and while the facilitator works the canvas, so a slow laptop never
 * stops answering for longer than a fifth of a second. When one does, the failure lists where
 * the time went: the functions with the most self time in a CDP CPU profile ((program) is the
 * browser's own style, layout and paint).
 */
const BOUND_MS = 200;
const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const browser = useChromium();

describe('the console with 600 statements, CPU slowed 4×', () => {
  it('[E170] loads the canvas with no task over 200 ms', { timeout: 120_000 }, async () => {
    const { created } = await board600(s);
    const { page, cdp } = await measuredPage(browser, { width: 1440, height: 900 }, 4);
    const where = await heaviest(cdp, async () => {
      await openScreen(page, `${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
      await firstFrame(page, CANVAS);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 1000)));
    });
    const tasks = await longTasks(page);
    expect(
      longest(tasks),
      `tasks ${tasks.map((t) => Math.round(t.duration)).join(', ')} ms; where the time went:\n${where.join('\n')}`,
    ).toBeLessThanOrEqual(BOUND_MS);
    expect(rejected).toEqual([]);
  });

  it(
    '[E171] answers every gesture and every new card with no task over 200 ms',
    { timeout: 120_000 },
    async () => {
      const { created, laptop } = await board600(s);
      const { page, cdp } = await measuredPage(browser, { width: 1440, height: 900 }, 4);
      await openScreen(page, `${s.url}/f/${created.id}#token=${created.facilitatorToken}`);
      await firstFrame(page, CANVAS);
      let worked: Record<string, number> = {};
      const where = await heaviest(cdp, async () => {
        worked = {
          'a new statement arrives': longest(await newCard(page, laptop, CANVAS)),
          ...(await gestures(page, laptop)),
        };
      });
      const over = Object.entries(worked).filter(([, ms]) => ms > BOUND_MS);
      expect(over, `${JSON.stringify(worked)}; where the time went:\n${where.join('\n')}`).toEqual(
        [],
      );
      expect(rejected).toEqual([]);
    },
  );
});
