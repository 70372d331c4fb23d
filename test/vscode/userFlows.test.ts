// What a user does with the extension, done as a user does it, in code-server driven by
// Chromium: Start Debugging (F5) on a program with a launch.json (the timeline panel appears and its lanes
// carry the worker names while it runs; Stop ends it, saying so), the same for a TypeScript
// program launched through tsx (its source links open the .ts line), an .isotrace opened
// from the explorer, and a worker named with markup (shown as text). Screenshots land in
// test-artifacts/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { root } from './codeServer.js';
import { makeFlowWorkspace } from './flowWorkspace.js';
import { openWorkbench, runCommand, startDebugging, timelineWith, type Workbench } from './workbench.js';
import { screenshot } from '../e2e/browser.js';

const headerText = (frame: Frame): Promise<string> => frame.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('header, .header')?.textContent ?? '');

describe('the extension as a user uses it (code-server in Chromium)', function () {
  this.timeout(240_000);
  let workspace: string;
  let workbench: Workbench;
  const dialogs: string[] = [];

  before(async function () {
    this.timeout(180_000);
    workspace = makeFlowWorkspace('isoscope-user-flows-', ['streaming.cjs']);
    workbench = await openWorkbench({ workspace, extensionPath: root });
    workbench.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(workbench.page, root, `vscode-flow-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await workbench?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('Start Debugging on a program: the timeline panel appears with its workers\' lanes while it runs; Stop ends it, saying so', async () => {
    const page = workbench.page;
    // Run and Debug's start button, with the launch.json's first configuration selected (F5).
    await runCommand(page, 'View: Show Run and Debug');
    await page.locator('.debug-view-content, .monaco-workbench').first().waitFor();
    await page.locator('[aria-label^="Start Debugging"]').first().click({ timeout: 15_000 });
    const frame = await timelineWith(page, 'ticker-a');
    await timelineWith(page, 'ticker-b');
    await page.locator('.tab', { hasText: 'Isolates: Streaming workers' }).waitFor({ timeout: 10_000 });
    assert.match(await headerText(frame), /live/);
    assert.doesNotMatch(await headerText(frame), /ended/);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a little history to look at
    await page.mouse.move(900, 820); // no tooltip over the picture
    await page.keyboard.press('Escape');
    await screenshot(page, root, 'vscode-live-panel');
    await runCommand(page, 'Debug: Stop');
    await frame.waitForFunction(() => /session ended: stopped by the user/.test((globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText), undefined, { timeout: 30_000 });
    await screenshot(page, root, 'vscode-live-panel-ended');
  });

  it('a TypeScript program through tsx: its lanes appear, and a source link opens the .ts line', async () => {
    const page = workbench.page;
    await startDebugging(page, 'TypeScript app');
    const frame = await timelineWith(page, 'ts-worker');
    await frame.locator('.lane-label', { hasText: 'ts-worker' }).first().click();
    const link = frame.locator('a.link', { hasText: /app\.mts:\d+:\d+$/ }).first();
    await link.waitFor({ timeout: 10_000 });
    assert.match((await link.textContent()) ?? '', /app\.mts:11:\d+$/, 'the spawn is on line 11 of the .mts as written');
    await screenshot(page, root, 'vscode-ts-details');
    await link.click();
    await page.locator('.tabs-container .tab.active[data-resource-name="app.mts"]').waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item', { hasText: /Ln 11, Col \d+/ }).waitFor({ timeout: 10_000 });
  });

  it('an .isotrace opened from the explorer shows its lanes', async () => {
    const page = workbench.page;
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'recorded.isotrace' }).dblclick({ timeout: 15_000 });
    await page.locator('.tabs-container .tab.active', { hasText: 'recorded.isotrace' }).waitFor({ timeout: 15_000 });
    await timelineWith(page, 'squarer');
    await timelineWith(page, 'greeter');
    await screenshot(page, root, 'vscode-trace-editor');
  });

  it('a worker named with markup is shown as text in the panel, and runs nothing', async () => {
    const page = workbench.page;
    await startDebugging(page, 'Hostile names');
    const frame = await timelineWith(page, '<img src=x onerror="alert(1)"><b>bold</b>');
    assert.equal(await frame.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('img, b').length), 0);
    await screenshot(page, root, 'vscode-hostile-name');
    assert.deepEqual(dialogs, []);
  });
});
