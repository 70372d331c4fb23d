// The Isolates view in a real VS Code: a debugged program with an isolate stuck in a busy loop
// and a plain worker shows both under main, with their state; their figures (heap, messages)
// are in their tooltips, and a row is not drawn again while only those change (a redrawn row
// closes its context menu, loses a click on its Kill); Reveal Spawn Site opens the
// line that spawned it; the view's Kill ends the stuck
// isolate (its exit says `killed`, the trace and the timeline hold the kill, asked by the
// editor); Pause on the plain worker is refused with the reason; Kill ends the worker too, and
// with both gone the program ends by itself. Its saved trace, opened in its editor, is what
// the view shows while that editor is focused, with no action to control it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IsoscopeApi } from '../../../src/extension/extension';
import type { IsolateRow } from '../../../src/protocol/isolateTable';
import { isoscope, linkRuntime, readSavedTrace, startDebug, until, withTimeout, workspaceFolder } from './traced';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

describe('the Isolates view', function () {
  this.timeout(180_000);
  let api: IsoscopeApi;
  let extensionPath: string;

  before(async () => {
    const found = await isoscope();
    api = found.api;
    extensionPath = found.extension.extensionPath;
    linkRuntime(join(workspaceFolder().uri.fsPath, 'isolate'));
  });

  const row = (name: string): IsolateRow | undefined => api.isolates.rows.find((r) => r.debugName === name);

  it('lists a debugged program\'s isolates under main; Kill ends a stuck isolate and a plain worker, Pause on the worker says why not', async () => {
    await vscode.commands.executeCommand('workbench.view.debug');
    await vscode.commands.executeCommand('isoscope.isolates.focus');
    await until(() => api.isolates.view.visible, 'the Isolates view to show');
    const run = await startDebug({ type: 'node', request: 'launch', name: 'stuck isolate', program: 'isolate/stuck.mjs', cwd: '${workspaceFolder}/isolate' }, api);
    try {
      await until(() => row('stuck')?.state === 'running' && row('spinner')?.state === 'running', `both isolates running in the view; it shows ${JSON.stringify(api.isolates.rows.map((r) => [r.debugName, r.state]))}`);
      assert.equal(api.isolates.session, run.live, 'the view follows the live session');
      const [main, ...others] = api.isolates.getChildren();
      assert.equal(main?.id, 0);
      assert.deepEqual(others, [], 'one process: one root');
      assert.deepEqual(api.isolates.getChildren(main).map((r) => r.debugName).sort(), ['spinner', 'stuck']);
      const stuckItem = api.isolates.getTreeItem(row('stuck')!);
      assert.equal(stuckItem.label, `stuck #${row('stuck')!.id}`);
      assert.equal(stuckItem.description, 'running');
      assert.match(stuckItem.contextValue!, /\balive\b.*\bpausable\b/);
      assert.match(api.isolates.getTreeItem(row('spinner')!).contextValue!, /\bworker\b.*\balive\b/);

      // The figures move (heap samples every 100 ms), the rows do not: not one is drawn again.
      const looks = (): string => JSON.stringify(['stuck', 'spinner'].map((name) => api.isolates.getTreeItem(row(name)!)).map((item) => [item.label, item.description, item.contextValue, item.tooltip]));
      const figures = (): string => JSON.stringify(api.isolates.rows.map((r) => [r.heapUsed, r.received, r.sent]));
      await new Promise((resolve) => setTimeout(resolve, 600)); // (the view draws within 250 ms what the rows just became)
      const [looked, counted] = [looks(), figures()];
      const redrawn: string[] = [];
      const listening = api.isolates.onDidChangeTreeData((r) => redrawn.push(r ? r.debugName : 'the whole tree'));
      try {
        await until(() => figures() !== counted, `the isolates' figures to change from ${counted}`, 20_000);
        await new Promise((resolve) => setTimeout(resolve, 3_000)); // (they were drawn every 2 s)
      } finally {
        listening.dispose();
      }
      assert.equal(looks(), looked, 'both rows look as they did');
      assert.deepEqual(redrawn, [], `no row drawn again as the figures went from ${counted} to ${figures()}`);
      await until(() => row('stuck')?.heapUsed !== undefined, 'a heap sample of stuck');
      const tooltip = String(api.isolates.resolveTreeItem(api.isolates.getTreeItem(row('stuck')!), row('stuck')!).tooltip);
      assert.match(tooltip, /^stuck #\d+ \(Isolate API, function\)\nrunning\nheap used [\d.]+ (B|KiB|MiB|GiB)\nmessages received \d+, sent \d+\n\(as of /, tooltip);

      // Reveal Spawn Site: the editor at the Isolate.spawn call (line 8 of stuck.mjs).
      assert.equal(row('stuck')!.location?.line, 8, JSON.stringify(row('stuck')!.location));
      await vscode.commands.executeCommand('isoscope.isolates.revealSpawnSite', row('stuck'));
      await until(() => vscode.window.activeTextEditor?.document.fileName.endsWith('stuck.mjs') === true, 'stuck.mjs to open');
      assert.equal(vscode.window.activeTextEditor!.selection.active.line, 7);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      assert.equal(await vscode.commands.executeCommand('isoscope.isolates.kill', row('stuck')), true);
      await until(() => row('stuck')?.state === 'killed', 'the view to show stuck killed');
      assert.equal(run.live!.live, true, 'the program runs on (the worker still ticks)');

      assert.equal(await vscode.commands.executeCommand('isoscope.isolates.pause', row('spinner')), false, 'a plain worker cannot be paused');
      assert.equal(await vscode.commands.executeCommand('isoscope.isolates.kill', row('spinner')), true);
      await until(() => row('spinner')?.state === 'killed', 'the view to show spinner killed');
      await withTimeout(run.terminated, 60_000, 'the program to end once both were killed');
      await until(() => !run.live!.live, 'the live session to end', 15_000);

      const path = join(mkdtempSync(join(tmpdir(), 'isoscope-isolates-view-')), 'stuck.isotrace');
      await vscode.commands.executeCommand('isoscope.saveTrace', vscode.Uri.file(path));
      const trace = readSavedTrace(extensionPath, path);
      const stuck = row('stuck')!.id;
      const spinner = row('spinner')!.id;
      assert.deepEqual(trace.list.filter((e) => e.type === 'kill').map((e) => [e.isolate, (e as { by: unknown }).by]), [[stuck, 'editor'], [spinner, 'editor']]);
      assert.deepEqual(trace.list.filter((e) => e.type === 'exit' && e.isolate !== 0).map((e) => [e.isolate, (e as { reason: string }).reason]).sort(), [[stuck, 'killed'], [spinner, 'killed']].sort());
      const view = api.panels.viewOf(run.live!);
      assert.ok(view, 'the session\'s timeline panel');
      await until(() => view.shown?.lines === run.live!.events, 'the timeline to hold every line, the kills included');

      // The saved trace opened in its editor: the view shows the file's isolates, which no action controls.
      await vscode.commands.executeCommand('isoscope.openTraceFile', vscode.Uri.file(path));
      await until(() => api.isolates.file?.fsPath === path && row('stuck')?.state === 'killed' && row('spinner')?.state === 'killed', `the view to show the trace file's isolates; it shows ${JSON.stringify(api.isolates.rows.map((r) => [r.debugName, r.state]))}`);
      assert.equal(api.isolates.view.description, 'stuck.isotrace (trace file)');
      assert.equal(api.isolates.session, undefined);
      assert.doesNotMatch(api.isolates.getTreeItem(row('main')!).contextValue!, /\balive\b/);
      assert.equal(await vscode.commands.executeCommand('isoscope.isolates.kill', row('main')), false, 'a trace file\'s isolates cannot be controlled');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await until(() => api.isolates.file === undefined && api.isolates.session === run.live, 'the view to go back to the last session');
    } finally {
      if (run.live?.live) await vscode.debug.stopDebugging(run.debugSession);
      // Hidden, the view reads nothing (later tests open big trace files).
      await vscode.commands.executeCommand('workbench.view.explorer');
    }
  });
});
