// The packaged extension as a user gets it: `vsce package` (npm run package) writes a .vsix
// of dist/, README, LICENSE and the manifest only; installed into a VS Code (code-server
// --install-extension), it traces a program pressed F5 on with nothing else installed (the
// preload and all it loads come from the .vsix), and a workspace with its own copy of
// isoscope (two tracers in one process: each isolate shown once).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { root } from './codeServer.js';
import { findInWebviews, openWorkbench, startDebugging, type Workbench } from './workbench.js';
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
    const packed = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    assert.equal(packed.status, 0, `vsce package failed:\n${packed.stdout}\n${packed.stderr}`);
    workspace = join(dir, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'launch.json'), JSON.stringify(LAUNCH, null, 2));
    cpSync(join(root, 'test/vscode/fixtures/tracedWorkers.cjs'), join(workspace, 'tracedWorkers.cjs'));
    cpSync(join(root, 'test/vscode/fixtures/twoCopies'), join(workspace, 'twoCopies'), { recursive: true });
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

  it('holds dist/, README, LICENSE and the manifest, nothing else', () => {
    const listed = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.split('\n').filter((f) => f.startsWith('extension/'));
    const outside = files.filter((f) => !/^extension\/(dist\/|readme\.md$|license(\.txt)?$|package\.json$)/i.test(f));
    assert.deepEqual(outside, []);
    for (const needed of ['extension/dist/extension.cjs', 'extension/dist/register.cjs', 'extension/dist/tracing.cjs', 'extension/dist/tracingTools.cjs', 'extension/dist/index.cjs', 'extension/dist/traceWriter.cjs', 'extension/dist/webview/webview.js']) {
      assert.ok(files.includes(needed), `${needed} is in the .vsix`);
    }
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
