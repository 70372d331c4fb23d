// The workbench of the TypeScript server plugin's user flows (captureFlow, runInIsolateFlow),
// as mocha hooks: a copy of a fixture folder made a project as a user has it (isoscope
// installed: this build; Node's types), opened in code-server in Chromium with the extension
// loaded and its tsserver probing the plugin (pluginProbe.ts); a screenshot of a failed test;
// all of it removed after the suite.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './codeServer.js';
import { openWorkbench, type Workbench } from './workbench.js';
import { pluginProbe, type PluginProbe } from './pluginProbe.js';
import { screenshot } from '../e2e/browser.js';

/** Registers the suite's hooks; the workbench, once `before` has run (and its folder). `name` names the
 * temporary folder and the failure screenshots (test-artifacts/vscode-<name>-failed-…). */
export function pluginWorkbench(options: { fixtures: string; name: string; settings?: Record<string, unknown> }): (() => Workbench) & { folder(): string } {
  let workspace: string | undefined;
  let probe: PluginProbe | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(120_000);
    workspace = mkdtempSync(join(tmpdir(), `isoscope-${options.name}-flow-`));
    cpSync(join(root, options.fixtures), workspace, { recursive: true });
    mkdirSync(join(workspace, 'node_modules', '@types'), { recursive: true });
    symlinkSync(root, join(workspace, 'node_modules', 'isoscope'), 'dir');
    symlinkSync(join(root, 'node_modules/@types/node'), join(workspace, 'node_modules/@types/node'), 'dir');
    probe = pluginProbe();
    workbench = await openWorkbench({ workspace, extensionPath: root, settings: { ...probe.settings, ...options.settings } });
  });

  afterEach(async function () {
    if (workbench && this.currentTest?.state === 'failed') await screenshot(workbench.page, root, `vscode-${options.name}-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await workbench?.close();
    probe?.remove();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const opened = (): Workbench => {
    if (!workbench) throw new Error('the workbench is not open (its before hook failed)');
    return workbench;
  };
  /** The workspace folder on disk (the fixtures' copy), to read or run what the editor saved. */
  const folder = (): string => {
    if (!workspace) throw new Error('the workspace is not made (its before hook failed)');
    return workspace;
  };
  return Object.assign(opened, { folder });
}
