// The Isolates view as a user meets it, in code-server driven by Chromium: Start Debugging on a
// program whose isolate is stuck in a busy loop; Run and Debug's Isolates view lists it under
// main, running; hovered, its tooltip has its heap and messages; its inline Kill, clicked once,
// ends it (the row says killed) while the program's plain worker runs on; the worker's Show in
// Timeline, chosen once from its context menu, selects its lane; its finding is a badge. The rows are not drawn again
// while only their figures change (rowRedraws.ts): a click lands, a menu stays open. Screenshots
// in test-artifacts/.
import assert from 'node:assert/strict';
import { root } from './codeServer.js';
import { runCommand, startDebugging, timelineWith } from './workbench.js';
import { pluginWorkbench } from './pluginWorkbench.js';
import { screenshot } from '../e2e/browser.js';

/** What the page's MutationObserver gives (no DOM types here). */
interface DomNode {
  className?: string;
  closest?(selector: string): { getAttribute(name: string): string | null } | null;
}
type Observer = new (callback: (records: { target: DomNode }[]) => void) => { observe(target: unknown, options: object): void; disconnect(): void };

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

    // While both run, their heaps sampled every 100 ms, no row is drawn again (the figures were,
    // every 2 s: a click or a menu on a row drawn again is lost). A row drawn again gets new
    // inline actions; a finding's badge (findingBadges.ts) changes only its label.
    const drawn = await view.locator('.monaco-list-rows').evaluate(async (list) => {
      const changes: string[] = [];
      const observer = new (globalThis as unknown as { MutationObserver: Observer }).MutationObserver((records) => {
        for (const { target } of records) {
          if (/\b(monaco-list-rows|actions-container|monaco-tl-indent)\b/.test(target.className ?? '')) changes.push(target.closest?.('.monaco-list-row')?.getAttribute('aria-label') ?? target.className!);
        }
      });
      observer.observe(list, { childList: true, subtree: true });
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      observer.disconnect();
      return changes;
    });
    assert.deepEqual(drawn, [], 'the rows stay as drawn');

    // The tooltip, read when hovered: the figures of the moment.
    await stuck.first().locator('.label-name').hover();
    const tooltip = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /heap used/ }).first();
    await tooltip.waitFor({ timeout: 15_000 });
    assert.match(await tooltip.innerText(), /stuck #\d+ \(Isolate API, function\)\s+running\s+heap used [\d.]+ (B|KiB|MiB)\s+messages received \d+, sent \d+\s+\(as of /);
    await screenshot(page, root, 'vscode-isolates-view-tooltip');

    // One click: the row is not drawn again under it while the isolate's heap is sampled.
    await stuck.first().hover();
    await stuck.first().getByRole('button', { name: 'Kill' }).click();
    await stuck.filter({ hasText: 'killed' }).first().waitFor({ timeout: 30_000 });
    // The tooltip, shown over the row as it was drawn again (killed), stays until a key is pressed.
    await page.mouse.move(900, 820);
    await page.keyboard.press('Escape');
    assert.match(await rows.filter({ hasText: /spinner #\d+/ }).first().innerText(), /running/, 'the worker runs on');
    await screenshot(page, root, 'vscode-isolates-view-killed');

    // The spinner's finding (mostly-waiting, once it has waited a while) is a badge on its row,
    // which is not drawn again for it (findingBadges.ts); VS Code draws the badge with CSS.
    await page.waitForFunction(() => {
      const g = globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<unknown> }; getComputedStyle(element: unknown, pseudo: string): { content: string } };
      return [...g.document.querySelectorAll('.monaco-list-row[aria-label^="spinner #"] [class*="monaco-decoration-itemBadge"]')].some((badge) => g.getComputedStyle(badge, '::after').content === '"1"');
    }, undefined, { timeout: 60_000 });

    // Show in Timeline, from the row's context menu: the timeline selects the lane (its details).
    const timeline = await timelineWith(page, 'spinner');
    const details = timeline.locator('aside.details h2', { hasText: /^spinner #\d+$/ });
    await rows.filter({ hasText: /spinner #\d+/ }).first().click({ button: 'right' });
    // Chosen as from the keyboard (the menu takes the pointer's first move as its own).
    await page.locator('.context-view .action-label', { hasText: 'Show in Timeline' }).first().hover();
    await page.keyboard.press('Enter');
    await details.waitFor({ timeout: 15_000 });
    await screenshot(page, root, 'vscode-isolates-view-show-in-timeline');
    await runCommand(page, 'Debug: Stop');
  });
});
