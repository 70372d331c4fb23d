// "Run in isolate" as a user meets it in code-server driven by Chromium. A selected call, the
// Refactor… menu (Ctrl+Shift+R), its Run in isolate chosen, the file saved: the program prints
// what it printed before. A selected call that passes a variable assigned after it: the menu with
// its disabled entries shown (Show Disabled; without group headers VS Code labels a disabled
// entry with its reason) names `shout` and why (VS Code's executeCodeActionProvider returns only
// enabled actions, so this is read from the workbench). The command in a synchronous function:
// a warning says why the move would make the function async, and moves it only on its button.
// Screenshots in test-artifacts/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { root } from './codeServer.js';
import { editorText, openFile, runCommand } from './workbench.js';
import { pluginWorkbench } from './pluginWorkbench.js';
import { screenshot } from '../e2e/browser.js';

/** The cursor put at `line:column` as a user does (Go to Line/Column), then `select` characters selected with the keyboard. */
async function goTo(page: Page, at: string, select = 0): Promise<void> {
  await runCommand(page, 'Go to Line/Column...');
  await page.keyboard.type(at);
  await page.keyboard.press('Enter');
  for (let i = 0; i < select; i++) await page.keyboard.press('Shift+ArrowRight');
}

/** The Refactor… menu opened until it shows a row matching `entry` (disabled rows shown too);
 * tsserver starts (and loads the plugin) on the file's opening, so it is asked again until it answers. */
async function refactorMenuRow(page: Page, entry: string | RegExp): Promise<Locator> {
  const rows = page.locator('.action-widget .monaco-list-row');
  const row = rows.filter({ hasText: entry }).first();
  const deadline = Date.now() + 90_000;
  for (;;) {
    await runCommand(page, 'Refactor...');
    await rows.first().waitFor({ timeout: 15_000 }).catch(() => undefined);
    // With enabled entries too (TypeScript's own Extract…), the disabled ones are behind Show Disabled.
    const showDisabled = page.locator('.action-widget-action-bar').getByText('Show Disabled');
    // Forced: the menu's pointer guard goes with the pointer's first move, which the click makes.
    if (await showDisabled.count()) await showDisabled.first().click({ force: true });
    if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return row;
    if (Date.now() > deadline) assert.fail(`no ${String(entry)} in the Refactor… menu; it shows ${JSON.stringify(await rows.allInnerTexts())}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
}

/** Resolves when `check` holds for what `read` returns, or fails after `timeoutMs` saying what it was. */
async function until<T>(read: () => T | Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; it is ${JSON.stringify(value).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('Run in isolate as a user meets it (code-server in Chromium)', function () {
  this.timeout(180_000);
  // Without headers, the menu labels a disabled action with its reason (VS Code 1.100).
  const workbench = pluginWorkbench({ fixtures: 'test/vscode/fixtures/isolate', name: 'isolate', settings: { 'editor.codeActionWidget.showHeaders': false } });
  /** What node prints running a file of the workspace (its node_modules/isoscope is this build). */
  const run = (name: string): string => execFileSync('node', [join(workbench.folder(), name)], { cwd: workbench.folder(), encoding: 'utf8', timeout: 60_000 });

  it('the Refactor… menu\'s Run in isolate moves the selected call; saved, the program prints the same', async () => {
    const page = workbench().page;
    const file = join(workbench.folder(), 'stretch.mjs');
    const before = run('stretch.mjs');
    await openFile(page, 'stretch.mjs');
    await goTo(page, '15:16', "stretch('hello', config)".length); // const digest = stretch('hello', config);
    const entry = await refactorMenuRow(page, /^Run in isolate$/);
    assert.ok(!(await entry.getAttribute('class'))?.includes('option-disabled'), 'the entry is enabled');
    await screenshot(page, root, 'vscode-isolate-refactor-menu');
    await entry.click({ force: true });
    await until(() => editorText(page), (text) => text.includes('await Isolate.run('), 'the rewritten call in the editor');
    await page.keyboard.press('Control+S');
    const saved = await until(() => readFileSync(file, 'utf8'), (text) => text.includes('await Isolate.run('), 'the saved file');
    assert.match(saved, /^import \{ Isolate \} from 'isoscope';$/m);
    assert.match(saved, /await import\('node:crypto'\)/);
    assert.equal(run('stretch.mjs'), before, 'the program prints what it printed before');
    await screenshot(page, root, 'vscode-isolate-applied');
  });

  it('the Refactor… menu shows Run in isolate disabled, with the reason naming the variable assigned after it', async () => {
    const page = workbench().page;
    await openFile(page, 'words.cjs');
    await goTo(page, '20:19', 'applyAll(words, shout)'.length);
    const entry = await refactorMenuRow(page, '`shout`');
    assert.ok((await entry.getAttribute('class'))?.includes('option-disabled'), 'the entry is disabled');
    assert.match((await entry.innerText()).trim(), /^`shout` is assigned after this point \(line 21\): it is shared mutable state/);
    await screenshot(page, root, 'vscode-isolate-disabled-reason');
    await page.keyboard.press('Escape');
  });

  it('Run Selection in Isolate in a synchronous function asks first: dismissed, nothing changes; its button makes the function async and moves the call', async () => {
    const page = workbench().page;
    const file = join(workbench.folder(), 'report.ts');
    const original = readFileSync(file, 'utf8');
    await openFile(page, 'report.ts');
    await goTo(page, '9:20'); // the cursor in sumOfSquares(values)
    const toast = page.locator('.notification-toast').filter({ hasText: '`report` is synchronous' });
    const button = toast.getByRole('button', { name: 'Run in isolate (make `report` async)' });
    // The first ask waits for tsserver to start: until then the command finds nothing to move.
    await until(async () => {
      await runCommand(page, 'Isoscope: Run Selection in Isolate');
      return button.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    }, Boolean, 'the warning with its button', 90_000);
    await page.waitForTimeout(500); // the toast slides in
    assert.match(await toast.first().innerText(), /awaiting the isolate would make it return a Promise, which changes what its callers get/);
    await screenshot(page, root, 'vscode-isolate-make-async-asked');

    // Dismissed (the toast's Clear Notification): the file stays as it was.
    await toast.first().hover();
    await toast.first().getByRole('button', { name: /Clear Notification/ }).click();
    await toast.first().waitFor({ state: 'detached', timeout: 10_000 });
    await page.waitForTimeout(1000);
    assert.ok(!(await editorText(page)).includes('Isolate.run'), 'nothing moved');
    assert.equal(readFileSync(file, 'utf8'), original);

    await runCommand(page, 'Isoscope: Run Selection in Isolate');
    await button.click();
    const text = await until(() => editorText(page), (shown) => shown.includes('await Isolate.run('), 'the moved call in the editor');
    assert.match(text, /export async function report\(values: number\[\]\): Promise<string> \{/);
    assert.match(text, /import \{ Isolate \} from 'isoscope';/);
    await screenshot(page, root, 'vscode-isolate-made-async');
  });
});
