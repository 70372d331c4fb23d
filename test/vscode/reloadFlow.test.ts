// A reload of the window, done as a user does it in code-server driven by Chromium: the
// panels of two debug sessions that ended and an .isotrace open in the trace editor, then
// Developer: Reload Window. Every panel comes back and says which session is over (the one
// in view at once, the other when its tab is clicked), and the trace comes back with its
// lanes, its zoom and its selection. Then a browser refresh in which VS Code never writes the
// pages in view, as the code-server race of src/extension/panel/stuckPage.ts leaves one (made
// to happen here, by holding back their service worker's registration): they are made again
// and show the same, and the panel made again still names its session after the next reload
// (by its title: its page never saved a state). Screenshots land in test-artifacts/.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { root } from './codeServer.js';
import { makeFlowWorkspace } from './flowWorkspace.js';
import { findInWebviews, openWorkbench, runCommand, startDebugging, timelineWith, type Workbench } from './workbench.js';
import { screenshot } from '../e2e/browser.js';

interface PageGlobals {
  isoscope: { visibleRange: [number, number] };
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

const visibleRange = (frame: Frame): Promise<[number, number]> => frame.evaluate(() => (globalThis as unknown as PageGlobals).isoscope.visibleRange);
const detailsTitle = (frame: Frame): Promise<string> => frame.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('.details h2')?.textContent ?? '');
/** What a restored panel says of the session it showed. */
const over = (session: string) => `The session "${session}" is over`;

/** Opens the workspace's `name` in the trace editor: a double click in the explorer. Right
 * after the workbench shows, before it has read the extension's contributions, that opens
 * the file as text: then the editor is closed, and the double click tried again. */
async function openTrace(page: Page, name: string): Promise<Frame> {
  await runCommand(page, 'View: Show Explorer');
  const asText = page.locator('.monaco-editor .view-lines', { hasText: '"format":"isotrace"' });
  for (let attempt = 1; ; attempt++) {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).dblclick({ timeout: 15_000 });
    const opened = await Promise.race([timelineWith(page, 'greeter', 30_000), asText.first().waitFor({ timeout: 30_000 }).then(() => undefined)].map((p) => p.catch(() => undefined)));
    if (opened) return opened;
    if (attempt === 5) throw new Error(`${name} does not open in the trace editor`);
    console.log(`    (${name} opened as text: closed, and opened again)`);
    await runCommand(page, 'View: Close Editor');
    await page.waitForTimeout(1_000);
  }
}

/** Shows the tab `title` and the timeline in it, which has `text`. A page made again after
 * it was stuck opens over what is in view when it is ready: then the tab is clicked again. */
async function showTab(page: Page, title: string, text: string): Promise<Frame> {
  for (let attempt = 1; ; attempt++) {
    await page.locator('.tabs-container .tab', { hasText: title }).last().click({ timeout: 15_000 });
    try {
      return await timelineWith(page, text, 15_000);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Reloads the workbench with `how`, and waits until it shows again. */
async function reload(page: Page, how: () => Promise<unknown>): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: 60_000 });
  await how();
  await loaded;
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
}

/** Every line the extension logged, in every extension host the server started so far. */
function extensionLog(workbench: Workbench): string {
  const logs = join(workbench.server.userDataDir, 'logs');
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
  return existsSync(logs) ? files(logs).filter((f) => f.endsWith('Isoscope.log')).map((f) => readFileSync(f, 'utf8')).join('') : '';
}

/** The lines that say a page never started and was made again. */
const remade = (workbench: Workbench) => extensionLog(workbench).split('\n').filter((line) => line.includes('did not start'));

/** Fault injection for the browser refresh: while the tab's sessionStorage counts webviews to
 * stall, the next one to load waits forever to register its service worker, as a webview
 * caught by the code-server race does, so VS Code never writes its page. */
function stallNextWebviews(): void {
  const g = globalThis as unknown as { location: { pathname: string }; sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void }; navigator: { serviceWorker?: { register: unknown } } };
  const left = Number(g.sessionStorage.getItem('isoscope-test-stall') ?? 0);
  if (!g.location.pathname.endsWith('/pre/index.html') || !(left > 0) || !g.navigator.serviceWorker) return;
  g.sessionStorage.setItem('isoscope-test-stall', String(left - 1));
  g.navigator.serviceWorker.register = () => new Promise(() => undefined);
}

describe('a window reload restores every timeline (code-server in Chromium)', function () {
  this.timeout(300_000);
  let workspace: string;
  let workbench: Workbench;
  /** The session whose panel the refresh made again. */
  let remadePanel = '';

  before(async function () {
    this.timeout(180_000);
    workspace = makeFlowWorkspace('isoscope-reload-flow-', []);
    workbench = await openWorkbench({ workspace, extensionPath: root });
    await workbench.page.addInitScript(stallNextWebviews);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(workbench.page, root, `vscode-flow-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await workbench?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('Developer: Reload Window brings back both ended sessions\' panels, each naming its session, and the trace editor with its lanes, zoom and selection', async () => {
    const page = workbench.page;
    // The trace in the editor (first group), zoomed in and a lane selected.
    const trace = await openTrace(page, 'recorded.isotrace');
    const plot = (await trace.locator('.plot').boundingBox())!;
    await page.mouse.move(plot.x + plot.width / 2, plot.y + 20);
    await page.mouse.wheel(0, -400);
    await trace.locator('.lane-label', { hasText: 'greeter' }).click();
    await page.waitForTimeout(100);
    const zoomed = await visibleRange(trace);
    assert.match(await detailsTitle(trace), /^greeter #\d+$/);

    // Two debug sessions that end by themselves, each with its panel, one over the other in the second group.
    await startDebugging(page, 'Traced workers');
    await timelineWith(page, 'Traced workers');
    await timelineWith(page, 'live session ended: the program exited');
    await page.locator('.tabs-container .tab', { hasText: 'recorded.isotrace' }).click();
    await startDebugging(page, 'Hostile names');
    await page.locator('.tabs-container .tab.active', { hasText: 'Isolates: Hostile names' }).waitFor({ timeout: 90_000 });
    await findInWebviews(page, 'Hostile names');
    await page.waitForTimeout(1000); // the pages save their state at most every 300 ms
    const before = remade(workbench).length;

    await reload(page, () => runCommand(page, 'Developer: Reload Window'));
    const restored = await timelineWith(page, over('Hostile names'));
    const traceAgain = await timelineWith(page, 'greeter');
    await timelineWith(page, 'squarer');
    const tabs = await page.locator('.tabs-container .tab').allInnerTexts();
    for (const title of ['recorded.isotrace', 'Isolates: Traced workers', 'Isolates: Hostile names']) assert.ok(tabs.some((t) => t.includes(title)), `${title} in ${tabs.join(', ')}`);
    // A page VS Code never wrote is made again, without the view it had (stuckPage.ts): that is
    // for the last test; here it would be the same race by chance, said in the log.
    const traceRemade = remade(workbench).slice(before).some((line) => line.includes('recorded.isotrace'));
    if (traceRemade) console.log('    (the trace editor\'s page was caught by the code-server race and made again; its view is not checked)');
    else {
      await traceAgain.waitForFunction((range) => {
        const [t0, t1] = (globalThis as unknown as PageGlobals).isoscope.visibleRange;
        return Math.abs(t0 - range[0]) < 1 && Math.abs(t1 - range[1]) < 1;
      }, zoomed, { timeout: 15_000 });
      assert.match(await detailsTitle(traceAgain), /^greeter #\d+$/);
    }
    assert.ok(((await restored.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText)) ?? '').includes('a reload of the window ends'));
    // Room for the picture: no side bar, no panel, and no tooltip.
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'View: Hide Panel');
    await page.mouse.move(700, 890);
    await screenshot(page, root, 'vscode-reload-restored');

    // The panel under it comes back when its tab is shown.
    await showTab(page, 'Isolates: Traced workers', over('Traced workers'));
  });

  it('a browser refresh brings them back too, also when VS Code never writes the pages in view (they are made again)', async () => {
    const page = workbench.page;
    const before = remade(workbench).length;
    // The two pages in view after the refresh: the trace editor's and one of the panels.
    await page.evaluate(() => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('isoscope-test-stall', '2'));
    await reload(page, () => page.reload());
    // Each is made again once it has said nothing for 15 s.
    const deadline = Date.now() + 60_000;
    while (remade(workbench).length < before + 2 && Date.now() < deadline) await page.waitForTimeout(500);
    const lines = remade(workbench).slice(before);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.ok(lines.some((line) => line.includes('recorded.isotrace')), lines.join('\n'));
    remadePanel = /panel "Isolates: ([^"]+)"/.exec(lines.join('\n'))?.[1] ?? '';
    assert.ok(['Traced workers', 'Hostile names'].includes(remadePanel), lines.join('\n'));
    // Each tab shows what it showed (what is in view may differ: a refresh does not always keep the latest layout).
    await showTab(page, 'Isolates: Hostile names', over('Hostile names'));
    await showTab(page, 'Isolates: Traced workers', over('Traced workers'));
    await showTab(page, 'recorded.isotrace', 'greeter');
    await page.mouse.move(700, 890);
    await screenshot(page, root, 'vscode-refresh-restored');
  });

  it('a panel made again names its session after the next reload too (its page saved nothing: its title names it)', async () => {
    const page = workbench.page;
    assert.ok(remadePanel, 'the last test made a panel again');
    await reload(page, () => runCommand(page, 'Developer: Reload Window'));
    await showTab(page, `Isolates: ${remadePanel}`, over(remadePanel));
    await showTab(page, 'recorded.isotrace', 'greeter');
  });
});
