// The Isolates view as a user meets it, in code-server driven by Chromium: Start Debugging on a
// program whose isolate is stuck in a busy loop; Run and Debug's Isolates view lists it under
// main, running; its inline Kill ends it (the row says killed) while the program's plain
// worker runs on; the worker's Show in Timeline selects its lane. Screenshots in test-artifacts/.
import assert from 'node:assert/strict';
import { root } from './codeServer.js';
import { runCommand, startDebugging, timelineWith } from './workbench.js';
import { pluginWorkbench } from './pluginWorkbench.js';
import { screenshot } from '../e2e/browser.js';

describe('the Isolates view as a user meets it (code-server in Chromium)', function () {
  this.timeout(180_000);
  const workbench = pluginWorkbench({ fixtures: 'test/vscode/fixtures/isolate', name: 'isolates-view' });

  it('lists a debugged program\'s stuck isolate, running; its inline Kill ends it; Show in Timeline selects a lane', async () => {
    const page = workbench().page;
    await startDebugging(page, 'Stuck isolate');
    await runCommand(page, 'Run and Debug: Focus on Isolates View');
    const view = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*Isolates/ }) });
    const rows = view.locator('.monaco-list-row');
    const stuck = rows.filter({ hasText: /stuck #\d+/ });
    await stuck.filter({ hasText: 'running' }).first().waitFor({ timeout: 90_000 });
    await rows.filter({ hasText: /spinner #\d+/ }).filter({ hasText: 'running' }).first().waitFor({ timeout: 30_000 });
    assert.match(await rows.first().innerText(), /^main/);
    await screenshot(page, root, 'vscode-isolates-view');

    // The row's figures are redrawn every 2 s (rowRedraws.ts): a click that lands as the row is
    // drawn again is lost, as it would be for a user, who clicks again.
    for (let attempt = 1; ; attempt++) {
      await stuck.first().hover();
      await stuck.first().getByRole('button', { name: 'Kill' }).click();
      try {
        await stuck.filter({ hasText: 'killed' }).first().waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    assert.match(await rows.filter({ hasText: /spinner #\d+/ }).first().innerText(), /running/, 'the worker runs on');
    await screenshot(page, root, 'vscode-isolates-view-killed');

    // Show in Timeline, from the row's context menu: the timeline selects the lane (its details).
    const timeline = await timelineWith(page, 'spinner');
    const details = timeline.locator('aside.details h2', { hasText: /^spinner #\d+$/ });
    // A row redrawn while its menu is open (its counts or findings changed: the spinner gets a
    // mostly-waiting finding after a while) closes the menu: then it is opened again.
    for (let attempt = 1; ; attempt++) {
      await rows.filter({ hasText: /spinner #\d+/ }).first().click({ button: 'right' });
      // Chosen as from the keyboard (the menu takes the pointer's first move as its own).
      await page.locator('.context-view .action-label', { hasText: 'Show in Timeline' }).first().hover();
      await page.keyboard.press('Enter');
      try {
        await details.waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
    await screenshot(page, root, 'vscode-isolates-view-show-in-timeline');
    await runCommand(page, 'Debug: Stop');
  });
});
