import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './browser';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const;
type Impact = (typeof IMPACTS)[number];

/**
 * axe-core's violations on the page as it is now, one line each, of `least` impact or worse
 * (every impact unless told: a moderate `region` finding is a screen-reader user's page with no
 * map, not a detail). It runs inside the page (evaluated over CDP, so our CSP needs no exception).
 */
export async function violations(page: Page, least: Impact = 'minor'): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    async () =>
      (
        await (
          window as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }
        ).axe.run()
      ).violations,
  )) as Violation[];
  const counted = IMPACTS.slice(IMPACTS.indexOf(least));
  return found
    .filter((v) => counted.includes(v.impact as Impact))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** The serious and critical ones only: for screens whose moderate findings are still open. */
export const serious = (page: Page): Promise<string[]> => violations(page, 'serious');
