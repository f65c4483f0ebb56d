import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { plural, translate } from '@trellis/shared';
import { CLIENT_DIST, screenshotPath, useChromium } from '../helpers/browser';
import { useServer } from '../helpers/suite';

const s = useServer({ clientDir: CLIENT_DIST });
const browser = useChromium();

/** A phone whose browser prefers `locale` (Playwright sets navigator.languages from it). */
const phoneContext = (locale: string) =>
  browser.newContext({
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    locale,
  });

const htmlLangDir = (page: Page): Promise<[string, string]> =>
  page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

async function join(page: Page, code: string, name: string): Promise<void> {
  await page.goto(`${s.url}/j/${code}`);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('composer-input').waitFor();
}

async function addCard(page: Page, text: string): Promise<Locator> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-submit').click();
  const card = page.getByTestId('card').filter({ hasText: text });
  await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
  return card;
}

/**
 * How a card's text is laid out: its resolved direction, and where the glyphs sit in the paragraph
 * (an LTR line starts at the left edge, an RTL line at the right edge).
 */
const layoutOf = (text: Locator) =>
  text.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const glyphs = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return {
      dirAttr: el.getAttribute('dir'),
      direction: getComputedStyle(el).direction,
      ltr: el.matches(':dir(ltr)'),
      gapLeft: Math.round(glyphs.left - box.left),
      gapRight: Math.round(box.right - glyphs.right),
    };
  });

describe('languages in Chromium', () => {
  it('[E5] an Arabic phone gets the Arabic UI right-to-left; an English card on it reads left-to-right', async () => {
    const created = await s.createSession('Brussels care network');
    const ctx = await phoneContext('ar');
    const page = await ctx.newPage();

    await page.goto(`${s.url}/j/${created.joinCode}`);
    await expect.poll(() => htmlLangDir(page)).toEqual(['ar', 'rtl']);
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(
      translate('ar', 'join.title'),
    );
    expect(await page.getByTestId('join-submit').textContent()).toBe(
      translate('ar', 'join.submit'),
    );
    expect(await page.getByTestId('language-picker').inputValue()).toBe('ar');
    await page.screenshot({ path: screenshotPath('join-ar'), fullPage: true });

    await page.getByTestId('join-name').fill('أمينة');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('composer-input').waitFor();
    await expect.poll(() => htmlLangDir(page)).toEqual(['ar', 'rtl']);
    expect(await page.getByTestId('composer-input').getAttribute('placeholder')).toBe(
      translate('ar', 'board.composer.placeholder'),
    );
    expect(await page.getByTestId('composer-submit').textContent()).toBe(
      translate('ar', 'board.composer.add'),
    );

    const english = await addCard(page, 'Small steps first');
    expect(await english.getByTestId('card-status').textContent()).toBe(
      translate('ar', 'board.status.saved'),
    );
    const englishLayout = await layoutOf(english.getByTestId('card-text'));
    expect(englishLayout).toMatchObject({ dirAttr: 'auto', direction: 'ltr', ltr: true });
    expect(englishLayout.gapLeft).toBeLessThanOrEqual(1);
    expect(englishLayout.gapRight).toBeGreaterThan(40);

    const arabic = await addCard(page, 'الثقة خطوة بخطوة');
    const arabicLayout = await layoutOf(arabic.getByTestId('card-text'));
    expect(arabicLayout).toMatchObject({ dirAttr: 'auto', direction: 'rtl', ltr: false });
    expect(arabicLayout.gapRight).toBeLessThanOrEqual(1);
    expect(arabicLayout.gapLeft).toBeGreaterThan(40);

    // Logical CSS mirrors the chrome: the own-card stripe is on the right, the composer's button on
    // the left of its checkbox, and nothing widens the phone.
    const borders = await english.evaluate((el) => {
      const style = getComputedStyle(el);
      return [style.borderRightWidth, style.borderLeftWidth];
    });
    expect(borders).toEqual(['4px', '1px']);
    const button = await page.getByTestId('composer-submit').boundingBox();
    const check = await page.locator('.composer .check').boundingBox();
    expect(button && check && button.x + button.width <= check.x).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );

    await page.screenshot({ path: screenshotPath('phone-ar'), fullPage: true });
    await ctx.close();
  });

  it('[E6] a French phone gets French, a German one falls back to English', async () => {
    const created = await s.createSession('Réseau de soins');
    const ctx = await phoneContext('fr-BE');
    const page = await ctx.newPage();
    await page.goto(`${s.url}/j/${created.joinCode}`);
    await expect.poll(() => htmlLangDir(page)).toEqual(['fr', 'ltr']);
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(
      translate('fr', 'join.title'),
    );

    await join(page, created.joinCode, 'Camille');
    expect(await page.getByTestId('composer-submit').textContent()).toBe(
      translate('fr', 'board.composer.add'),
    );
    await addCard(page, 'La confiance se construit pas à pas');
    // An Arabic card on a French board keeps its own direction.
    const arabic = await addCard(page, 'أستطيع أن أقدّم ساعة من الترجمة كل أسبوع');
    expect(await layoutOf(arabic.getByTestId('card-text'))).toMatchObject({
      dirAttr: 'auto',
      direction: 'rtl',
    });
    await page.screenshot({ path: screenshotPath('phone-fr'), fullPage: true });
    await ctx.close();

    const deCtx = await phoneContext('de-DE');
    const de = await deCtx.newPage();
    await de.goto(`${s.url}/`);
    await expect.poll(() => htmlLangDir(de)).toEqual(['en', 'ltr']);
    expect(await de.getByRole('heading', { level: 2 }).textContent()).toBe(
      translate('en', 'join.title'),
    );
    await deCtx.close();
  });

  it('[E7] the picker switches language at once, keeps the draft, and is remembered', async () => {
    const created = await s.createSession('Picker');
    const ctx = await phoneContext('en-GB');
    const page = await ctx.newPage();
    await page.goto(`${s.url}/j/${created.joinCode}`);
    await expect.poll(() => htmlLangDir(page)).toEqual(['en', 'ltr']);

    await page.getByTestId('language-picker').selectOption('nl');
    await expect.poll(() => htmlLangDir(page)).toEqual(['nl', 'ltr']);
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(
      translate('nl', 'join.title'),
    );

    await join(page, created.joinCode, 'Joris');
    expect(await page.getByTestId('composer-submit').textContent()).toBe(
      translate('nl', 'board.composer.add'),
    );
    const draft = 'Vertrouwen is een werkwoord… half af';
    await page.getByTestId('composer-input').fill(draft);

    await page.getByTestId('language-picker').selectOption('ar');
    await expect.poll(() => htmlLangDir(page)).toEqual(['ar', 'rtl']);
    expect(await page.getByTestId('composer-submit').textContent()).toBe(
      translate('ar', 'board.composer.add'),
    );
    expect(await page.getByTestId('composer-input').inputValue()).toBe(draft);

    await page.reload();
    await page.getByTestId('composer-input').waitFor();
    await expect.poll(() => htmlLangDir(page)).toEqual(['ar', 'rtl']);
    expect(await page.getByTestId('language-picker').inputValue()).toBe('ar');
    expect(await page.getByTestId('composer-input').inputValue()).toBe(draft);

    await page.getByTestId('language-picker').selectOption('fr');
    await expect.poll(() => htmlLangDir(page)).toEqual(['fr', 'ltr']);
    expect(await page.getByTestId('composer-input').inputValue()).toBe(draft);
    await ctx.close();
  });

  it('[E8] the projector speaks the facilitator’s language, from the link the console opens', async () => {
    const created = await s.createSession('Facilitated in French');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
    const page = await ctx.newPage();
    await page.goto(
      `${s.url}/f/${created.id}#token=${created.facilitatorToken}&projector=${created.projectorToken}`,
    );
    await page.getByTestId('open-projector').waitFor();
    await page.getByTestId('language-picker').selectOption('fr');
    await expect.poll(() => htmlLangDir(page)).toEqual(['fr', 'ltr']);
    expect(await page.getByTestId('open-projector').textContent()).toBe(
      translate('fr', 'facilitate.openProjector'),
    );

    const [projector] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('open-projector').click(),
    ]);
    expect(new URL(projector.url()).hash).toContain('&lang=fr');
    await projector.getByTestId('projector-code').waitFor();
    await expect.poll(() => htmlLangDir(projector)).toEqual(['fr', 'ltr']);
    await expect
      .poll(() => projector.getByTestId('projector-count').textContent())
      .toBe(plural('fr', 'present.participants', 0));

    // Re-opening after switching to Arabic only changes the fragment; the projector follows it.
    await page.getByTestId('language-picker').selectOption('ar');
    await expect.poll(() => htmlLangDir(page)).toEqual(['ar', 'rtl']);
    await page.getByTestId('open-projector').click();
    await expect.poll(() => htmlLangDir(projector)).toEqual(['ar', 'rtl']);
    await expect
      .poll(() => projector.getByTestId('projector-count').textContent())
      .toBe(plural('ar', 'present.participants', 0));
    await page.screenshot({ path: screenshotPath('facilitator-ar'), fullPage: true });
    await ctx.close();

    // A projector link opened on its own, as the organiser hands it out.
    const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const big = await projCtx.newPage();
    await big.goto(`${s.url}/p/${created.id}#token=${created.projectorToken}&lang=ar`);
    await big.getByTestId('projector-qr').waitFor();
    await expect.poll(() => htmlLangDir(big)).toEqual(['ar', 'rtl']);
    // Mirrored: the QR/code column is at the inline end, i.e. on the left in Arabic.
    const qrColumn = await big.locator('.projector-join').boundingBox();
    const zones = await big.locator('.projector-zones').boundingBox();
    expect(qrColumn && zones && qrColumn.x + qrColumn.width <= zones.x).toBe(true);
    await big.screenshot({ path: screenshotPath('projector-ar') });
    await projCtx.close();

    // The organiser's projector link carries the organiser's language.
    const orgCtx = await browser.newContext({ locale: 'nl-BE' });
    const org = await orgCtx.newPage();
    await org.goto(`${s.url}/organise`);
    await expect.poll(() => htmlLangDir(org)).toEqual(['nl', 'ltr']);
    await org.getByTestId('organise-key').fill('test-organiser-key');
    await org.getByTestId('organise-title').fill('Volgende bijeenkomst');
    await org.getByTestId('organise-submit').click();
    await org.getByTestId('link-projector').waitFor();
    expect(await org.getByTestId('link-projector').textContent()).toMatch(
      /\/p\/.+#token=.+&lang=nl$/,
    );
    await orgCtx.close();
  });
});
