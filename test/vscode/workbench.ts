// The VS Code workbench that code-server serves, in Debian's Chromium (test/e2e/browser.ts),
// driven as a user would: open it with the extension loaded, run palette commands by their
// exact title, read text inside webviews.
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../e2e/browser.js';
import { root, startCodeServer, type CodeServer } from './codeServer.js';

export interface WorkbenchOptions {
  workspace: string;
  /** Loads the extension from this folder, as a development extension. */
  extensionPath?: string;
  /** Or installs these packaged extensions first (code-server --install-extension). */
  vsixPaths?: string[];
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  /** Saves a screenshot as test-artifacts/<screenshot>.png first, if named (do so when a test failed). */
  close(options?: { screenshot?: string }): Promise<void>;
}

/** A Chromium page on `url`, and a close() for page, browser and server (once; later calls wait for it). */
export async function openPage(server: CodeServer, url: string): Promise<{ page: Page; browser: Browser; close(options?: { screenshot?: string }): Promise<void> }> {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let closed: Promise<void> | undefined;
  const close = (options: { screenshot?: string } = {}) =>
    (closed ??= (async () => {
      try {
        if (page && options.screenshot) await screenshot(page, root, options.screenshot).catch((error) => console.error(`screenshot ${options.screenshot}: ${error}`));
        await browser?.close().catch(() => {});
      } finally {
        await server.close();
      }
    })());
  try {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    return { page, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A ready workbench (`.monaco-workbench` shown) on `workspace`, with the extension loaded. */
export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const server = await startCodeServer(options);
  const payload: [string, string][] | undefined = options.extensionPath ? [['extensionDevelopmentPath', server.remoteUri(options.extensionPath)]] : undefined;
  const { page, close } = await openPage(server, server.workbenchUrl(options.workspace, payload));
  try {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  } catch (error) {
    await close({ screenshot: 'workbench-not-ready' });
    throw error;
  }
  return { page, server, close };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Types `text` into the quick input that `shortcut` opens, then clicks the entry whose label
 * is exactly `label`: Enter would take the first fuzzy match, often another, or none yet. */
async function quickPick(page: Page, shortcut: string, text: string, label: string, timeoutMs: number): Promise<void> {
  await page.keyboard.press(shortcut);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(text);
  const entry = page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });
  await entry.first().click({ timeout: timeoutMs });
}

/** Runs a command from the palette by its exact title ("Debug: Start Debugging"). Right
 * after the workbench shows, the command may not be registered yet (its extension still
 * activating): the palette is asked again until `timeoutMs`. */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await quickPick(page, 'Control+Shift+P', `>${title}`, title, 5_000);
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
      await page.waitForTimeout(1000);
    }
  }
}

/** The active editor's text as shown (its rendered lines; Monaco renders spaces as no-break spaces). */
export async function editorText(page: Page): Promise<string> {
  return ((await page.locator('.editor-instance .view-lines').first().innerText()) ?? '').replace(/\u00a0/g, ' ');
}

/** Opens a workspace file in an editor through Quick Open (Ctrl+P), by its name. */
export async function openFile(page: Page, name: string, timeoutMs = 15_000): Promise<void> {
  await quickPick(page, 'Control+P', name, name, timeoutMs);
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).waitFor({ timeout: timeoutMs });
}

/** The frame of a webview whose text contains `text` (webviews are nested iframes). */
export async function findInWebviews(page: Page, text: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const body = await frame
        .evaluate(() => (globalThis as unknown as { document: { body?: { innerText: string } } }).document.body?.innerText ?? '')
        .catch(() => ''); // a frame that went away while we looked
      if (body.includes(text)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows "${text}" within ${timeoutMs / 1000} s (${page.frames().length} frames)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The timeline's frame whose text has `text` (a lane's name, what it says). */
export async function timelineWith(page: Page, text: string, timeoutMs = 90_000): Promise<Frame> {
  const frame = await findInWebviews(page, text, timeoutMs);
  if (!(await frame.evaluate(() => 'isoscope' in globalThis))) throw new Error(`"${text}" is in a webview that is not a timeline`);
  return frame;
}

/** Starts the launch configuration `name` as a user does: Debug: Select and Start Debugging,
 * then the configuration. */
export async function startDebugging(page: Page, name: string): Promise<void> {
  await runCommand(page, 'Debug: Select and Start Debugging', 60_000);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }).first().click({ timeout: 15_000 });
}
