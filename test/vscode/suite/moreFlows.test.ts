// More of the extension in a real VS Code: a debugged program that forks (both processes in
// one session, the worker's breakpoint marked on its lane), a configuration run again (its
// panel reused), Run Current File with Isolate Tracing (JavaScript, and TypeScript through
// the workspace's tsx), the status bar while a session streams, and a 100 MB trace file
// opened without freezing the extension host.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IsoscopeApi } from '../../../src/extension/extension';
import { syntheticTrace } from '../../../bench/syntheticTrace.mjs';
import { debugToEnd, isoscope, readSavedTrace, startDebug, until, withTimeout, workspaceFolder } from './traced';

describe('the extension in VS Code, more', function () {
  this.timeout(150_000);
  let api: IsoscopeApi;
  let extensionPath: string;
  const scratch = mkdtempSync(join(tmpdir(), 'isoscope-in-host-more-'));

  before(async () => {
    const found = await isoscope();
    api = found.api;
    extensionPath = found.extension.extensionPath;
  });

  it('a program that forks and talks to its child over IPC: both processes stream into one session; the worker\'s breakpoint is marked on its lane', async () => {
    const run = await debugToEnd({ type: 'node', request: 'launch', name: 'forking', program: 'forkingTraced.cjs' }, api, { continueStops: true });
    const live = run.live!;
    assert.equal(live.processes.size, 2, `processes: ${[...live.processes.keys()].join(', ')}`);
    const [parent, child] = [...live.processes.values()];
    assert.equal(child!.spawned, 1, 'the forked child started the worker');
    const path = join(scratch, 'forking.isotrace');
    await vscode.commands.executeCommand('isoscope.saveTrace', vscode.Uri.file(path));
    const trace = readSavedTrace(extensionPath, path);
    assert.deepEqual(trace.problems, []);
    assert.equal(trace.header?.pid, parent!.pid, 'the parent heads the trace');
    assert.deepEqual(trace.list.filter((e) => e.type === 'process').map((e) => e.pid), [child!.pid]);
    const worker = trace.list.find((e) => e.type === 'spawn');
    assert.equal((worker as { debugName?: string } | undefined)?.debugName, 'fixture-worker');
    assert.ok(run.stops.some((stop) => stop.debugSession.name.startsWith('[worker ')), 'the worker stopped at its debugger statement');
    const marks = live.pauses.filter((p) => p.pid === child!.pid && p.isolates?.[0] === worker!.isolate);
    assert.deepEqual(marks.map((m) => m.state), ['paused', 'resumed'], JSON.stringify(live.pauses));
  });

  it('F5 again on the same configuration: the new session takes over the ended session\'s panel and shows only itself', async () => {
    const first = await debugToEnd({ type: 'node', request: 'launch', name: 'again', program: 'tracedWorkers.cjs' }, api);
    const view = api.panels.viewOf(first.live!);
    assert.ok(view, 'the first run opened its panel');
    await until(() => view.shown?.lines === first.live!.events, 'the first run shown whole');
    const second = await debugToEnd({ type: 'node', request: 'launch', name: 'again', program: 'tracedWorkers.cjs' }, api);
    assert.notEqual(second.live, first.live);
    assert.equal(api.panels.viewOf(second.live!), view, 'the same panel');
    assert.equal(api.panels.viewOf(first.live!), undefined, 'which no longer shows the first run');
    assert.equal(view.panel.title, 'Isolates: again');
    await until(() => view.shown?.lines === second.live!.events && view.shown.lanes === 3, `the panel to show the second run alone (${second.live!.events} lines); it shows ${JSON.stringify(view.shown)}`);
  });

  it('the status bar shows a streaming session\'s isolates and events per second', async () => {
    const run = await startDebug({ type: 'node', request: 'launch', name: 'status bar', program: 'streaming.cjs' }, api);
    try {
      await until(() => /^\$\(pulse\) 2 isolates · [1-9][\d.]*k? events\/s$/.test(api.status.text ?? ''), `the status bar to count; it says ${api.status.text}`, 30_000);
    } finally {
      await vscode.debug.stopDebugging(run.debugSession);
      await withTimeout(run.terminated, 30_000, 'the session to end');
    }
  });

  it('Run Current File with Isolate Tracing: a JavaScript file runs in a terminal, traced live to its end', async () => {
    const file = vscode.Uri.file(join(workspaceFolder().uri.fsPath, 'tracedWorkers.cjs'));
    await vscode.window.showTextDocument(file);
    const session = await vscode.commands.executeCommand<{ name: string; live: boolean; endedBecause?: string; processes: Map<number, { spawned: number }> }>('isoscope.runWithTracing');
    assert.ok(session, 'no session');
    assert.equal(session.name, 'tracedWorkers.cjs');
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Isoscope: tracedWorkers.cjs'));
    await until(() => !session.live, 'the run to end', 60_000);
    assert.equal(session.endedBecause, 'the program exited');
    assert.deepEqual([...session.processes.values()].map((p) => p.spawned), [2]);
  });

  it('Run Current File with Isolate Tracing: a TypeScript file runs through the workspace\'s tsx', async () => {
    const folder = workspaceFolder().uri.fsPath;
    if (!existsSync(join(folder, 'node_modules'))) symlinkSync(join(extensionPath, 'node_modules'), join(folder, 'node_modules'));
    const session = await vscode.commands.executeCommand<{ live: boolean; endedBecause?: string; processes: Map<number, { spawned: number }> }>('isoscope.runWithTracing', vscode.Uri.file(join(folder, 'tsWorkers.mts')));
    assert.ok(session, 'no session');
    await until(() => !session.live, 'the run to end', 60_000);
    assert.equal(session.endedBecause, 'the program exited');
    // tsx runs the program in a child process; its own process starts no isolate.
    assert.deepEqual([...session.processes.values()].map((p) => p.spawned).sort(), [0, 2]);
  });

  it('a 100 MB trace file opens in the editor, streamed, while the extension host stays responsive', async () => {
    const path = join(workspaceFolder().uri.fsPath, 'big.isotrace');
    const text = syntheticTrace({ isolates: 40, messages: 560_000 });
    writeFileSync(path, text);
    let last = performance.now();
    let worstGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    try {
      await vscode.commands.executeCommand('isoscope.openTraceFile', vscode.Uri.file(path));
      await until(() => api.traceEditor.streaming.get(path)?.done === true, 'the file to be streamed to the timeline', 120_000);
    } finally {
      clearInterval(ticker);
    }
    const streamed = api.traceEditor.streaming.get(path)!;
    assert.ok(streamed.size > 100 * 1024 * 1024, `the file is ${(streamed.size / 2 ** 20).toFixed(0)} MB`);
    assert.equal(streamed.posted, text.length, 'all of it');
    assert.ok(worstGap < 500, `the extension host's event loop stalled for ${worstGap.toFixed(0)} ms`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
