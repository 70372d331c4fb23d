// The timeline in VS Code's themes, in Chromium: inside VS Code (its class on the body, its
// colour variables on the root element) every colour comes from VS Code's theme, in dark,
// light and high contrast, and follows a change of theme. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './browser.js';
import { openWebview, post, recordForks, root, type VsCodeTheme } from './webviewPage.js';

/** VS Code's colours, per theme: Dark+, Light+, High Contrast (null: the theme leaves it out). */
const VSCODE_COLOURS: Record<string, [string | null, string | null, string | null]> = {
  '--vscode-editor-background': ['#1e1e1e', '#ffffff', '#000000'],
  '--vscode-foreground': ['#cccccc', '#616161', '#ffffff'],
  '--vscode-editor-foreground': ['#d4d4d4', '#000000', '#ffffff'],
  '--vscode-descriptionForeground': ['rgba(204, 204, 204, 0.7)', '#717171', 'rgba(255, 255, 255, 0.7)'],
  '--vscode-contrastBorder': [null, null, '#6fc3df'],
  '--vscode-panel-border': ['rgba(128, 128, 128, 0.35)', 'rgba(128, 128, 128, 0.35)', '#6fc3df'],
  '--vscode-editorGroup-border': ['#444444', '#e7e7e7', '#6fc3df'],
  '--vscode-focusBorder': ['#007fd4', '#0090f1', '#f38518'],
  '--vscode-sideBar-background': ['#252526', '#f3f3f3', '#000000'],
  '--vscode-tree-tableOddRowsBackground': ['rgba(204, 204, 204, 0.04)', 'rgba(97, 97, 97, 0.04)', null],
  '--vscode-list-inactiveSelectionBackground': ['#37373d', '#e4e6f1', null],
  '--vscode-disabledForeground': ['rgba(204, 204, 204, 0.5)', 'rgba(97, 97, 97, 0.5)', '#a5a5a5'],
  '--vscode-charts-blue': ['#3794ff', '#1a85ff', '#3794ff'],
  '--vscode-charts-green': ['#89d185', '#388a34', '#89d185'],
  '--vscode-charts-yellow': ['#cca700', '#bf8803', '#ffd700'],
  '--vscode-charts-orange': ['#d18616', '#d18616', '#d18616'],
  '--vscode-charts-purple': ['#b180d7', '#652d90', '#b180d7'],
  '--vscode-charts-red': ['#f14c4c', '#e51400', '#f14c4c'],
  '--vscode-errorForeground': ['#f48771', '#a1260d', '#f48771'],
  '--vscode-debugIcon-breakpointForeground': ['#e51400', '#e51400', '#e51400'],
  '--vscode-textLink-foreground': ['#3794ff', '#006ab1', '#21a6ff'],
  '--vscode-input-background': ['#3c3c3c', '#ffffff', '#000000'],
  '--vscode-input-foreground': ['#cccccc', '#616161', '#ffffff'],
  '--vscode-button-secondaryBackground': ['#3a3d41', '#5f6a79', null],
  '--vscode-button-secondaryForeground': ['#ffffff', '#ffffff', null],
  '--vscode-editorHoverWidget-background': ['#252526', '#f3f3f3', '#0c141f'],
  '--vscode-editorHoverWidget-foreground': ['#cccccc', '#616161', '#ffffff'],
  '--vscode-editorHoverWidget-border': ['#454545', '#c8c8c8', '#6fc3df'],
};

/** VS Code's theme `which` (0 dark, 1 light, 2 high contrast) as a webview gets it. */
function vscodeTheme(bodyClass: string, which: 0 | 1 | 2): VsCodeTheme {
  const vars: Record<string, string> = { '--vscode-font-family': '"Segoe WPC", "Segoe UI", sans-serif', '--vscode-editor-font-family': 'Consolas, monospace' };
  for (const [name, values] of Object.entries(VSCODE_COLOURS)) if (values[which] !== null) vars[name] = values[which]!;
  return { bodyClass, vars };
}
const THEMES = { dark: vscodeTheme('vscode-dark', 0), light: vscodeTheme('vscode-light', 1), highContrast: vscodeTheme('vscode-high-contrast', 2) };

/** The colour of one pixel of the plot canvas (CSS px), as [r, g, b]. */
function pixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(`(() => { const c = document.querySelector('.plot-canvas'); const r = window.devicePixelRatio || 1; return Array.from(c.getContext('2d').getImageData(Math.round(${x} * r), Math.round(${y} * r), 1, 1).data.slice(0, 3)); })()`) as Promise<number[]>;
}

/** A computed style of the first element `selector` matches. */
function styleOf(page: Page, selector: string, property: string): Promise<string> {
  return page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)}).trim()`) as Promise<string>;
}

describe('timeline in VS Code themes (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let dir: string;
  /** The forks fixture recorded by isoscope record: three processes, four lanes. */
  let recorded: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-e2e-theme-'));
    recorded = recordForks(dir);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`in VS Code's ${name} theme, the timeline takes its colours from VS Code's variables`, async () => {
      const { page, errors } = await openWebview(browser, dir, { theme });
      await post(page, [{ type: 'open', name: 'forks.isotrace', text: readFileSync(recorded, 'utf8') }]);
      await page.locator('.lane-label').first().waitFor();
      await page.waitForTimeout(100);
      const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
      const v = theme.vars;
      assert.equal(await styleOf(page, 'body', 'background-color'), rgb(v['--vscode-editor-background']!));
      assert.equal(await styleOf(page, 'body', 'color'), rgb(v['--vscode-foreground']!));
      assert.match(await styleOf(page, 'body', 'font-family'), /^"Segoe WPC"/);
      assert.equal(await styleOf(page, 'body', '--iso-accent'), v['--vscode-focusBorder'], 'focus');
      const border = v['--vscode-contrastBorder'] ? rgb(v['--vscode-contrastBorder']) : v['--vscode-panel-border'];
      assert.equal(await styleOf(page, '.toolbar', 'border-bottom-color'), border);
      assert.equal(await styleOf(page, '.lane-label', 'color'), rgb(v['--vscode-foreground']!));
      // The canvas: its background, and lane stripes (none in high contrast), and lines between lanes.
      const plotWidth = await page.locator('.plot').evaluate((p) => (p as unknown as { clientWidth: number }).clientWidth);
      const x = plotWidth - 3;
      const background = [1, 3, 5].map((i) => parseInt(v['--vscode-editor-background']!.slice(i, i + 2), 16));
      const headingHeight = 24;
      const laneHeight = 46;
      // Below the last process's heading: its main lane (even), then its helper (odd, striped), at the right end, where the trace has ended.
      const lanes = await page.locator('.lane-label').evaluateAll((els) => els.map((e) => (e as unknown as { offsetTop: number }).offsetTop));
      assert.deepEqual(await pixel(page, x, lanes[2]! + 3), background, 'an even lane');
      const striped = await pixel(page, x, lanes[3]! + 3);
      if (name === 'highContrast') assert.deepEqual(striped, background, 'no stripes in high contrast');
      else assert.ok(striped.some((c, i) => c !== background[i]) && striped.every((c, i) => Math.abs(c - background[i]!) < 12), `a faint stripe: ${striped} on ${background}`);
      if (name === 'highContrast') assert.deepEqual(await pixel(page, x, lanes[2]! + laneHeight - 1), [0x6f, 0xc3, 0xdf], 'the line between lanes is the contrast border');
      assert.ok(lanes[2]! >= headingHeight);
      await screenshot(page, root, `timeline-vscode-${name}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('follows a change of VS Code theme while it is open', async () => {
    const { page, errors } = await openWebview(browser, dir, { theme: THEMES.dark });
    await post(page, [{ type: 'open', name: 'forks.isotrace', text: readFileSync(recorded, 'utf8') }]);
    await page.locator('.lane-label').first().waitFor();
    // In the first lane (under the first process's heading), above its bar.
    assert.deepEqual(await pixel(page, 3, 24 + 3), [0x1e, 0x1e, 0x1e]);
    // As VS Code does it: the variables on the root element, then the body's class.
    await page.evaluate(
      ({ vars, bodyClass }) => {
        const doc = (globalThis as unknown as { document: { documentElement: { style: { setProperty(k: string, v: string): void } }; body: { className: string } } }).document;
        for (const [name, value] of Object.entries(vars)) doc.documentElement.style.setProperty(name, value);
        doc.body.className = bodyClass;
      },
      THEMES.light,
    );
    await page.waitForTimeout(150);
    assert.deepEqual(await pixel(page, 3, 24 + 3), [255, 255, 255]);
    assert.equal(await styleOf(page, 'body', 'background-color'), 'rgb(255, 255, 255)');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
