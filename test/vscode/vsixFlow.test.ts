// The packaged extension as a user gets it: `npm run package` (packageVsix.mjs) writes a .vsix
// of dist/, README, LICENSE, the manifest and the TypeScript server plugin's package only;
// installed into a VS Code (code-server --install-extension), it traces a program pressed F5
// on with nothing else installed (the preload and all it loads come from the .vsix), a
// workspace with its own copy of isoscope (two tracers in one process: each isolate shown
// once), and its capture check warns in a TypeScript file (VS Code's TypeScript extension
// finds the plugin in the installed extension's node_modules, as it would for any user).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { root } from './codeServer.js';
import { findInWebviews, openFile, openWorkbench, runCommand, startDebugging, type Workbench } from './workbench.js';
import { screenshot } from '../e2e/browser.js';

const LAUNCH = {
  version: '0.2.0',
  configurations: [
    { type: 'node', request: 'launch', name: 'Traced workers', program: '${workspaceFolder}/tracedWorkers.cjs' },
    { type: 'node', request: 'launch', name: 'Own isoscope', program: '${workspaceFolder}/twoCopies/app.cjs' },
  ],
};


const laneNames = (frame: Frame): Promise<string[]> => frame.locator('.lane-label .name').allTextContents();

describe('the packaged extension (.vsix) installed in VS Code', function () {
  this.timeout(300_000);
  let dir: string;
  let workspace: string;
  let vsix: string;
  let workbench: Workbench | undefined;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-vsix-'));
    vsix = join(dir, 'isoscope.vsix');
    const packed = spawnSync(process.execPath, [join(root, 'packageVsix.mjs'), '--out', vsix], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    assert.equal(packed.status, 0, `packageVsix.mjs failed:\n${packed.stdout}\n${packed.stderr}`);
    workspace = join(dir, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'launch.json'), JSON.stringify(LAUNCH, null, 2));
    cpSync(join(root, 'test/vscode/fixtures/tracedWorkers.cjs'), join(workspace, 'tracedWorkers.cjs'));
    cpSync(join(root, 'test/vscode/fixtures/twoCopies'), join(workspace, 'twoCopies'), { recursive: true });
    cpSync(join(root, 'test/vscode/fixtures/captures/scale.mts'), join(workspace, 'scale.mts'));
    const copy = join(workspace, 'twoCopies', 'node_modules', 'isoscope');
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(copy, 'package.json'));
    workbench = await openWorkbench({ workspace, vsixPaths: [vsix] });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, root, `vscode-vsix-failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await workbench?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds dist/, README, LICENSE, the manifest and the tsserver plugin\'s package, nothing else; not the CLI\'s compiler', () => {
    const listed = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.split('\n').filter((f) => f.startsWith('extension/'));
    const outside = files.filter((f) => !/^extension\/(dist\/|readme\.md$|license(\.txt)?$|package\.json$)/i.test(f));
    assert.deepEqual(outside.sort(), ['extension/node_modules/isoscope-tsserver-plugin/index.cjs', 'extension/node_modules/isoscope-tsserver-plugin/package.json']);
    for (const needed of ['extension/dist/extension.cjs', 'extension/dist/register.cjs', 'extension/dist/tracing.cjs', 'extension/dist/tracingTools.cjs', 'extension/dist/index.cjs', 'extension/dist/isolateThread.cjs', 'extension/dist/nativeImport.cjs', 'extension/dist/traceWriter.cjs', 'extension/dist/sessionModel.cjs', 'extension/dist/webview/webview.js', 'extension/dist/tsserverPlugin.cjs']) {
      assert.ok(files.includes(needed), `${needed} is in the .vsix`);
    }
    assert.deepEqual(files.filter((f) => /\/(typescript|lint)\.cjs$/.test(f)), [], '`isoscope lint`\'s bundles stay out');
  });

  it('installed, its capture check warns in a TypeScript file (the plugin found in the extension\'s node_modules) and offers its quick fix', async () => {
    const page = workbench!.page;
    await openFile(page, 'scale.mts');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.editor-instance .squiggly-warning').length >= 3, undefined, { timeout: 90_000 });
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel .monaco-list-row', { hasText: /`factor` is a module-level variable \(line 6\).*isoscope\s*\[Ln 9, Col 58\]/ }).first().waitFor({ timeout: 30_000 });
    // Its quick fix comes from the installed extension, which asks the plugin for it.
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type('9:60');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Pass `factor` as an argument' }).waitFor({ timeout: 30_000 });
    await screenshot(page, root, 'vscode-vsix-capture-check');
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Hide Panel');
  });

  it('installed, it traces a program debugged with nothing else installed', async () => {
    const page = workbench!.page;
    await startDebugging(page, 'Traced workers');
    const frame = await findInWebviews(page, 'squarer', 90_000);
    await findInWebviews(page, 'greeter', 10_000);
    assert.deepEqual((await laneNames(frame)).sort(), ['greeter', 'main', 'squarer']);
  });

  it('a workspace with its own isoscope: two tracers in one process, each isolate shown once', async () => {
    const page = workbench!.page;
    await startDebugging(page, 'Own isoscope');
    const frame = await findInWebviews(page, 'square-2', 90_000);
    const names = await laneNames(frame);
    for (const name of ['square-0', 'square-1', 'square-2']) assert.equal(names.filter((n) => n === name).length, 1, `lanes: ${names.join(', ')}`);
    await screenshot(page, root, 'vscode-vsix-two-copies');
  });
});
