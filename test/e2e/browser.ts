// Debian's Chromium, driven by playwright-core: never a browser a test tool downloads.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: npm test installs it (test/e2e/ensureChromium.mjs), or run apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** A page that fails the test on any script error or dialog (an injected alert, say);
 * `before` prepares it before it loads (scripts to run first, say). */
export async function openPage(browser: Browser, url: string, viewport = { width: 1400, height: 820 }, before?: (page: Page) => Promise<unknown>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  await before?.(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  // The app and its debug handle (window.isoscope, webview/src/timelineDebug.ts) exist before a
  // report's embedded trace is read (unpacking is asynchronous): wait for the reading to end
  // too, or a test may see the empty view that comes first.
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
    return 'isoscope' in globalThis && !document.querySelector('.state.loading-state:not([hidden])');
  });
  // The loading message goes as the trace is read; its time range is set up by the next frame's
  // draw (app.ts draw(): updateTime). Two frames later that draw has run: before it, a test read
  // the range [0, 1] the page starts with (a busy machine delays frames).
  await page.evaluate(() => {
    const frame = (globalThis as unknown as { requestAnimationFrame(callback: () => void): number }).requestAnimationFrame;
    return new Promise<void>((resolve) => frame(() => frame(() => resolve())));
  });
  return { page, errors };
}

/** Saves a screenshot under test-artifacts/ (to look at, after the run). */
export async function screenshot(page: Page, root: string, name: string): Promise<void> {
  const dir = join(root, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
