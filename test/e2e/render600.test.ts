import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIST, OUTPUT_DIR, screenshotPath, useChromium } from '../helpers/browser';
import { recordRejections } from '../helpers/server';
import { useServer } from '../helpers/suite';
import {
  board600,
  CANVAS,
  gestures,
  longest,
  newCard,
  measuredPage,
  openScreen,
  PROJECTOR,
} from './board600';
import { firstFrame, longTasks } from './perf';

/**
 * 600 statements on the projector and on the console's canvas, measured: from opening the page
 * to the first frame that shows the whole board, at full speed and with the CPU slowed 4× (CDP),
 * and the longest task the page reports while it loads, when a statement arrives and (slowed) as
 * the facilitator works the canvas. The numbers go to test-output/render600.json. Bounds here are
 * a conference's patience, generous for a loaded 2-core CI machine; the 200 ms bound on the
 * console's tasks is console600.test.ts.
 */
const rejected: string[] = [];
const s = useServer({ clientDir: CLIENT_DIST }, recordRejections(rejected));
const browser = useChromium();

/** The first frame with the whole board, at most: full speed, then CPU slowed 4×. */
const FIRST_FRAME_MS = { 1: 5_000, 4: 15_000 } as const;

describe('600 statements, measured', () => {
  it(
    '[E169] the projector and the console canvas show 600 statements within seconds, at full speed and with the CPU slowed 4×',
    { timeout: 180_000 },
    async () => {
      const { created, laptop } = await board600(s);
      const numbers: Record<string, unknown> = {};
      for (const rate of [1, 4] as const) {
        const projector = await measuredPage(browser, { width: 1920, height: 1080 }, rate);
        await openScreen(
          projector.page,
          `${s.url}/p/${created.id}#token=${created.projectorToken}&lang=en`,
        );
        const projectorFrame = await firstFrame(projector.page, PROJECTOR);
        const projectorLoad = await longTasks(projector.page);
        const projectorNew = await newCard(projector.page, laptop, PROJECTOR);
        await projector.page.screenshot({ path: screenshotPath(`render600-projector-x${rate}`) });
        await projector.page.context().close();

        const console_ = await measuredPage(browser, { width: 1440, height: 900 }, rate);
        await openScreen(
          console_.page,
          `${s.url}/f/${created.id}#token=${created.facilitatorToken}`,
        );
        const consoleFrame = await firstFrame(console_.page, CANVAS);
        const consoleLoad = await longTasks(console_.page);
        const consoleNew = await newCard(console_.page, laptop, CANVAS);
        const worked = rate === 4 ? await gestures(console_.page, laptop) : undefined;
        await console_.page.screenshot({
          path: screenshotPath(`render600-console-x${rate}`),
          fullPage: true,
        });
        await console_.page.context().close();

        numbers[`cpu x${rate}`] = {
          projector: {
            firstFrameMs: Math.round(projectorFrame),
            loadTasksMs: projectorLoad.map((t) => Math.round(t.duration)),
            newStatementLongestTaskMs: longest(projectorNew),
          },
          console: {
            firstFrameMs: Math.round(consoleFrame),
            loadTasksMs: consoleLoad.map((t) => Math.round(t.duration)),
            newStatementLongestTaskMs: longest(consoleNew),
            ...(worked && { gesturesLongestTaskMs: worked }),
          },
        };
        expect(projectorFrame, `projector, CPU x${rate}`).toBeLessThan(FIRST_FRAME_MS[rate]);
        expect(consoleFrame, `console canvas, CPU x${rate}`).toBeLessThan(FIRST_FRAME_MS[rate]);
      }
      fs.writeFileSync(
        path.join(OUTPUT_DIR, 'render600.json'),
        `${JSON.stringify(numbers, null, 2)}\n`,
      );
      expect(rejected).toEqual([]);
    },
  );
});
