// Findings in VS Code's Problems (src/extension/findings/findingsProblems.ts): each at its
// source location with the rule as its code and source `isoscope`, replaced by the next post
// of the same trace, kept apart from another trace's, and gone when the trace closes; a
// finding with no place in a file here is not a Problem. And the whole way: a debugged program
// whose main thread blocks gets its Problem from the timeline's findings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import type { IsoscopeApi } from '../../../src/extension/extension';
import type { Finding } from '../../../src/protocol/findings/findingTypes';
import type { Micros } from '../../../src/protocol/time';
import { debugToEnd, isoscope, until, workspaceFolder } from './traced';

describe('findings in the Problems panel', () => {
  let api: IsoscopeApi;
  before(async () => {
    api = (await isoscope()).api;
  });

  it('puts each finding at its line, replaces a trace\'s findings with its next post, and clears them with the trace', async () => {
    const file = join(workspaceFolder().uri.fsPath, 'isolate', 'stuck.mjs');
    const uri = vscode.Uri.file(file);
    const at = (line: number) => ({ url: pathToFileURL(file).href, line, column: 7 });
    const finding = (rule: Finding['rule'], severity: Finding['severity'], line: number | undefined, message: string): Finding => ({ rule, severity, isolate: 1, start: 1000 as Micros, message, ...(line ? { location: at(line) } : {}) });
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'isoscope');

    await api.problems.show('trace A', [finding('blocked-thread', 'warning', 8, 'main was busy for 600 ms'), finding('crash', 'error', 12, 'stuck died'), finding('mostly-waiting', 'info', undefined, 'no place')]);
    await until(() => ours().length === 2, 'two Problems');
    const [blocked, crash] = [...ours()].sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual([blocked!.range.start.line, blocked!.range.start.character, blocked!.code, blocked!.severity, blocked!.message], [7, 6, 'blocked-thread', vscode.DiagnosticSeverity.Warning, 'main was busy for 600 ms']);
    assert.deepEqual([crash!.code, crash!.severity], ['crash', vscode.DiagnosticSeverity.Error]);

    await api.problems.show('trace B', [finding('copy-could-transfer', 'info', 10, 'copied 2 MB')]);
    await until(() => ours().length === 3, 'another trace\'s beside them');
    await api.problems.show('trace A', [finding('blocked-thread', 'warning', 8, 'main was busy for 900 ms')]);
    await until(() => ours().length === 2 && ours().some((d) => d.message === 'main was busy for 900 ms'), 'trace A\'s replaced');
    assert.deepEqual(api.problems.findingsOf('trace A').map((f) => f.message), ['main was busy for 900 ms']);

    api.problems.clear('trace A');
    await until(() => ours().length === 1, 'trace A\'s gone');
    api.problems.clear('trace B');
    await until(() => ours().length === 0, 'all gone');
  });

  it('a debugged program whose main thread blocks: its timeline\'s blocked-thread finding is a Problem at the send that waited; closing the panel clears it', async function () {
    this.timeout(150_000);
    const config = vscode.workspace.getConfiguration('isoscope');
    await config.update('captureLocations', true, vscode.ConfigurationTarget.Workspace); // the send's place
    try {
      const run = await debugToEnd({ type: 'node', request: 'launch', name: 'blocked main', program: 'blockedMain.cjs' }, api);
      const ticker = vscode.Uri.file(join(workspaceFolder().uri.fsPath, 'blockedTicker.cjs'));
      const blocked = () => vscode.languages.getDiagnostics(ticker).filter((d) => d.source === 'isoscope' && d.code === 'blocked-thread');
      await until(() => blocked().length === 1, 'the blocked-thread Problem at blockedTicker.cjs', 60_000);
      assert.equal(blocked()[0]!.range.start.line, 4, 'line 5: parentPort.postMessage');
      assert.match(blocked()[0]!.message, /^main was busy without a break for \d+ ms while \d+ messages to it waited/);
      assert.equal(blocked()[0]!.severity, vscode.DiagnosticSeverity.Warning);
      const view = api.panels.viewOf(run.live!);
      assert.ok(view, 'the session\'s panel');
      view.panel.dispose();
      await until(() => blocked().length === 0, 'the Problem gone with the panel');
    } finally {
      await config.update('captureLocations', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a trace file opened in its editor: its findings are Problems while the editor is open', async function () {
    this.timeout(120_000);
    const folder = workspaceFolder().uri.fsPath;
    const path = join(mkdtempSync(join(tmpdir(), 'isoscope-problems-')), 'blocked.isotrace');
    const cli = join(vscode.extensions.getExtension('isoscope.isoscope')!.extensionPath, 'dist', 'cli.cjs');
    execFileSync(process.execPath, [cli, 'record', '-o', path, '--', process.execPath, join(folder, 'blockedMain.cjs')], { env: { ...process.env, ISOSCOPE_CAPTURE_LOCATIONS: '1' }, encoding: 'utf8', timeout: 60_000 });
    const ticker = vscode.Uri.file(join(folder, 'blockedTicker.cjs'));
    const blocked = () => vscode.languages.getDiagnostics(ticker).filter((d) => d.source === 'isoscope' && d.code === 'blocked-thread');
    assert.equal(blocked().length, 0);
    await vscode.commands.executeCommand('isoscope.openTraceFile', vscode.Uri.file(path));
    await until(() => blocked().length === 1, 'the trace file\'s blocked-thread Problem', 60_000);
    assert.equal(blocked()[0]!.range.start.line, 4);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await until(() => blocked().length === 0, 'the Problem gone with the editor');
  });
});
