// The capture check as a user meets it, in code-server driven by Chromium: a module whose
// isolate function captures three names shows three warning squiggles and three `isoscope`
// entries in Problems; the cursor on one, the lightbulb offers "Pass `factor` as an argument",
// and choosing it rewrites the call and takes that warning away. Screenshots in test-artifacts/.
import assert from 'node:assert/strict';
import { root } from './codeServer.js';
import { editorText, openFile, runCommand } from './workbench.js';
import { pluginWorkbench } from './pluginWorkbench.js';
import { screenshot } from '../e2e/browser.js';

/** A Problems entry of the capture check: its source, then where. */
const ours = /isoscope\s*\[Ln \d+, Col \d+\]/;

describe('the capture check as a user meets it (code-server in Chromium)', function () {
  this.timeout(180_000);
  const workbench = pluginWorkbench({ fixtures: 'test/vscode/fixtures/captures', name: 'capture' });

  it('shows the warnings as squiggles and in Problems (source isoscope); the lightbulb\'s Pass as an argument fixes one', async () => {
    const page = workbench().page;
    await openFile(page, 'scale.mts');
    const squiggles = page.locator('.editor-instance .squiggly-warning');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.editor-instance .squiggly-warning').length >= 3, undefined, { timeout: 90_000 });

    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problems = page.locator('.markers-panel .monaco-list-row');
    const factorRow = problems.filter({ hasText: '`factor` is a module-level variable (line 6)' });
    await factorRow.first().waitFor({ timeout: 30_000 });
    assert.equal(await problems.filter({ hasText: ours }).count(), 3, 'three isoscope entries');
    assert.equal(await problems.filter({ hasText: '`values` is a parameter of `scaled`' }).count(), 1);
    assert.equal(await problems.filter({ hasText: '`readFileSync` is imported from' }).count(), 1);
    await screenshot(page, root, 'vscode-capture-warnings');

    // The cursor on `factor` (line 9, column 60), as a user clicks it: Go to Line/Column.
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type('9:60');
    await page.keyboard.press('Enter');
    const bulb = page.locator('.lightBulbWidget');
    await bulb.waitFor({ state: 'visible', timeout: 30_000 });
    await bulb.click();
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Pass `factor` as an argument' });
    await fix.waitFor({ timeout: 15_000 });
    assert.deepEqual((await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((text) => text.trim()), ['Quick Fix', 'Pass `factor` as an argument'], 'the one fix for that warning, under its heading');
    await screenshot(page, root, 'vscode-capture-quick-fix');
    // The menu's item is focused (a click on it meets the menu's pointer guard first): Enter.
    await page.keyboard.press('Enter');

    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.editor-instance .squiggly-warning').length === 2, undefined, { timeout: 30_000 });
    assert.match(await editorText(page), /Isolate\.run\(\(factor\) => values\.map\(\(value\) => value \* factor \+ readFileSync\('\/dev\/null'\)\.length\), \{ args: \[factor\] \}\);/);
    await factorRow.first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await problems.filter({ hasText: ours }).count(), 2);
    assert.equal(await squiggles.count(), 2);
    await screenshot(page, root, 'vscode-capture-fixed');
  });
});
