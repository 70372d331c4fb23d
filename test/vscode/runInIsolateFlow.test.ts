// "Run in isolate" refused, as a user meets it in code-server driven by Chromium: a selected
// call that passes a variable assigned after it, the Refactor… menu (Ctrl+Shift+R) with its
// disabled entries shown (Show Disabled; without group headers VS Code labels a disabled entry
// with its reason) names `shout` and why. VS Code's executeCodeActionProvider returns only enabled
// actions, so this is read from the workbench. Screenshots in test-artifacts/.
import assert from 'node:assert/strict';
import { root } from './codeServer.js';
import { openFile, runCommand } from './workbench.js';
import { pluginWorkbench } from './pluginWorkbench.js';
import { screenshot } from '../e2e/browser.js';

describe('Run in isolate refused, as a user meets it (code-server in Chromium)', function () {
  this.timeout(180_000);
  // Without headers, the menu labels a disabled action with its reason (VS Code 1.100).
  const workbench = pluginWorkbench({ fixtures: 'test/vscode/fixtures/isolate', name: 'isolate', settings: { 'editor.codeActionWidget.showHeaders': false } });

  it('the Refactor… menu shows Run in isolate disabled, with the reason naming the variable assigned after it', async () => {
    const page = workbench().page;
    await openFile(page, 'words.cjs');
    // Select `applyAll(words, shout)` (line 20, from column 19) as a user does, with the keyboard.
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type('20:19');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 'applyAll(words, shout)'.length; i++) await page.keyboard.press('Shift+ArrowRight');

    const rows = page.locator('.action-widget .monaco-list-row');
    const reason = rows.filter({ hasText: '`shout`' });
    // tsserver starts (and loads the plugin) on the file's opening: ask again until it answers.
    const deadline = Date.now() + 90_000;
    for (;;) {
      await runCommand(page, 'Refactor...');
      await rows.first().waitFor({ timeout: 15_000 }).catch(() => undefined);
      // With enabled entries too (TypeScript's own Extract…), the disabled ones are behind Show Disabled.
      const showDisabled = page.locator('.action-widget-action-bar').getByText('Show Disabled');
      // Forced: the menu's pointer guard goes with the pointer's first move, which the click makes.
      if (await showDisabled.count()) await showDisabled.first().click({ force: true });
      if (await reason.first().waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
      if (Date.now() > deadline) assert.fail(`no disabled Run in isolate in the menu; it shows ${JSON.stringify(await rows.allInnerTexts())}`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
    const entry = reason.first();
    assert.ok((await entry.getAttribute('class'))?.includes('option-disabled'), 'the entry is disabled');
    assert.match((await entry.innerText()).trim(), /^`shout` is assigned after this point \(line 21\): it is shared mutable state/);
    await screenshot(page, root, 'vscode-isolate-disabled-reason');
  });
});
