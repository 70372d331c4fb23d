// The extension in a real VS Code: its commands, a debug session traced from launch to end
// (the injection, the live session, the panel, how it ended), Save Trace, the trace editor,
// a session stopped mid-stream, two at once, attach left alone, a program held on entry,
// two copies of the tracer in one process, and the setting that turns tracing off.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { IsoscopeApi } from '../../../src/extension/extension';
import type { LiveSession } from '../../../src/extension/session/liveSession';
import { debugToEnd, isoscope, readSavedTrace, sleep, startDebug, until, withTimeout, workspaceFolder } from './traced';

const COMMANDS = {
  'isoscope.openTimeline': 'Open Isolate Timeline',
  'isoscope.openTraceFile': 'Open Trace File…',
  'isoscope.runWithTracing': 'Run Current File with Isolate Tracing',
  'isoscope.saveTrace': 'Save Trace…',
  'isoscope.runInIsolate': 'Run Selection in Isolate',
};

describe('the extension in VS Code', function () {
  this.timeout(150_000);
  let api: IsoscopeApi;
  let extensionPath: string;
  const scratch = mkdtempSync(join(tmpdir(), 'isoscope-in-host-'));

  before(async () => {
    const found = await isoscope();
    api = found.api;
    extensionPath = found.extension.extensionPath;
  });

  it('puts its commands in the palette under "Isoscope"', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension('isoscope.isoscope')!.packageJSON as { contributes: { commands: { command: string; title: string; category: string }[] } }).contributes.commands;
    for (const [id, title] of Object.entries(COMMANDS)) {
      assert.ok(registered.has(id), `${id} is not registered`);
      assert.deepEqual(
        contributed.filter((c) => c.command === id).map((c) => [c.title, c.category]),
        [[title, 'Isoscope']],
      );
    }
  });

  describe('a traced debug session', () => {
    let run: Awaited<ReturnType<typeof debugToEnd>>;
    before(async () => {
      run = await debugToEnd({ type: 'node', request: 'launch', name: 'traced workers', program: 'tracedWorkers.cjs', env: { NODE_OPTIONS: '--trace-warnings', USER_VAR: 'kept' }, runtimeArgs: ['--no-deprecation'] }, api);
    });

    it('gets the preload after the user\'s NODE_OPTIONS, and keeps the user\'s env and runtimeArgs', () => {
      const config = run.debugSession.configuration;
      const env = config['env'] as Record<string, string>;
      assert.equal(env['NODE_OPTIONS'], `--trace-warnings --require "${api.preload}"`);
      assert.equal(api.preload, join(extensionPath, 'dist', 'register.cjs'));
      assert.equal(env['USER_VAR'], 'kept');
      assert.deepEqual(config['runtimeArgs'], ['--no-deprecation']);
      assert.match(env['ISOSCOPE_SINK']!, /live\.sock$/);
      assert.match(env['ISOSCOPE_SINK_TOKEN']!, /^[0-9a-f]{48}$/);
    });

    it('streams to its own live session, which opened its panel and ended saying why, its socket removed', () => {
      const live = run.live;
      assert.ok(live, 'no live session was made for the launch');
      assert.equal(live.processes.size, 1);
      const [process] = [...live.processes.values()];
      assert.equal(process!.spawned, 2, 'both workers started');
      assert.ok(live.events > 20, `only ${live.events} events`);
      assert.equal(live.endedBecause, 'the program exited');
      const socket = (run.debugSession.configuration['env'] as Record<string, string>)['ISOSCOPE_SINK']!;
      assert.equal(existsSync(socket), false, 'the socket was removed');
      assert.equal(existsSync(dirname(socket)), false, 'its directory too');
      const view = api.panels.viewOf(live);
      assert.ok(view, 'the timeline panel opened at the first worker');
      assert.equal(view.panel.title, 'Isolates: traced workers');
    });

    it('its panel\'s page runs only its own script, with a nonce, and fetches nothing', () => {
      const html = api.panels.viewOf(run.live!)!.panel.webview.html;
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
      assert.equal(csp?.split('; ')[0], "default-src 'none'", `policy: ${csp}`);
      const nonce = /script-src 'nonce-([^']+)'(;|$)/.exec(csp ?? '')?.[1];
      assert.ok(nonce && nonce.length >= 16, `a script nonce in ${csp}`);
      assert.doesNotMatch(csp!, /https?:|vscode-resource|unsafe-eval|script-src[^;]*unsafe-inline/);
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
      assert.deepEqual(scripts, [` nonce="${nonce}"`], 'one script, inlined, with the nonce');
      assert.doesNotMatch(html, /<link\b|\ssrc=/, 'nothing loaded by URL');
    });

    it('Save Trace writes it as an .isotrace the reader reads whole, and as Chrome Trace JSON', async () => {
      const path = join(scratch, 'traced workers.isotrace');
      const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('isoscope.saveTrace', vscode.Uri.file(path));
      assert.equal(saved?.fsPath, path);
      const trace = readSavedTrace(extensionPath, path);
      assert.deepEqual(trace.problems, []);
      assert.equal(trace.header?.format, 'isotrace');
      assert.deepEqual(trace.list.filter((e) => e.type === 'spawn').map((e) => (e as { debugName: string }).debugName).sort(), ['greeter', 'squarer']);
      const answers = trace.list.filter((e) => e.type === 'send' && e.isolate !== 0);
      assert.equal(answers.length, 10, 'each worker answered five times');
      const json = join(scratch, 'traced workers.json');
      await vscode.commands.executeCommand('isoscope.saveTrace', vscode.Uri.file(json));
      const chrome = JSON.parse(readFileSync(json, 'utf8')) as { traceEvents: { name: string; args?: { name?: string } }[] };
      assert.ok(chrome.traceEvents.some((e) => e.name === 'thread_name' && /^squarer/.test(e.args?.name ?? '')));
    });

    it('opens the saved trace in the custom editor (isoscope.timeline)', async () => {
      const uri = vscode.Uri.file(join(scratch, 'traced workers.isotrace'));
      await vscode.commands.executeCommand('isoscope.openTraceFile', uri);
      await until(
        () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'isoscope.timeline' && t.input.uri.fsPath === uri.fsPath)),
        'the trace editor tab',
        20_000,
      );
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });

  it('a session stopped mid-stream keeps what it received, says it was stopped, and saves', async () => {
    const run = await startDebug({ type: 'node', request: 'launch', name: 'stopped mid-stream', program: 'streaming.cjs' }, api);
    const live = run.live!;
    await until(() => live.events > 300, 'the program to stream');
    await vscode.debug.stopDebugging(run.debugSession);
    await withTimeout(run.terminated, 30_000, 'the stopped session to end');
    await until(() => !live.live, 'the live session to end', 10_000);
    assert.equal(live.endedBecause, 'stopped by the user');
    const path = join(scratch, 'stopped.isotrace');
    await vscode.commands.executeCommand('isoscope.saveTrace', vscode.Uri.file(path));
    const trace = readSavedTrace(extensionPath, path);
    assert.deepEqual(trace.problems, []);
    assert.ok(trace.list.filter((e) => e.type === 'send').length > 100);
  });

  it('two sessions at once each stream to their own live session and panel', async () => {
    const [a, b] = await Promise.all([
      startDebug({ type: 'node', request: 'launch', name: 'stream A', program: 'streaming.cjs' }, api),
      startDebug({ type: 'node', request: 'launch', name: 'stream B', program: 'streaming.cjs' }, api),
    ]);
    try {
      await until(() => a.live!.events > 200 && b.live!.events > 200, 'both programs to stream');
      assert.notEqual(a.live!.env.ISOSCOPE_SINK, b.live!.env.ISOSCOPE_SINK);
      const pidsA = [...a.live!.processes.keys()];
      const pidsB = [...b.live!.processes.keys()];
      assert.equal(pidsA.length, 1);
      assert.equal(pidsB.length, 1);
      assert.notEqual(pidsA[0], pidsB[0]);
      await until(() => api.panels.viewOf(a.live!) !== undefined && api.panels.viewOf(b.live!) !== undefined, 'both panels');
      assert.notEqual(api.panels.viewOf(a.live!), api.panels.viewOf(b.live!));
      const nonce = (live: LiveSession) => /'nonce-([^']+)'/.exec(api.panels.viewOf(live)!.panel.webview.html)?.[1];
      assert.notEqual(nonce(a.live!), nonce(b.live!), 'each page has its own nonce');
    } finally {
      await vscode.debug.stopDebugging(a.debugSession);
      await vscode.debug.stopDebugging(b.debugSession);
      await Promise.all([a.terminated, b.terminated]);
    }
  });

  it('leaves an attach request alone: no injection, no session, nothing breaks', async () => {
    const before = api.sessions.all.length;
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession((s) => s.name === 'attach to nothing' && (listener.dispose(), resolve()));
    });
    const started = await vscode.debug.startDebugging(workspaceFolder(), { type: 'node', request: 'attach', name: 'attach to nothing', port: 9, timeout: 1000 });
    if (started) await withTimeout(ended, 30_000, 'the attach session to give up');
    assert.equal(api.sessions.all.length, before, 'no live session was made');
  });

  it('a program held on entry for 10 s, then continued, loses nothing; the pause is marked', async function () {
    this.timeout(180_000);
    const run = await startDebug({ type: 'node', request: 'launch', name: 'held on entry', program: 'tracedWorkers.cjs', stopOnEntry: true }, api);
    await until(() => run.stops.length > 0, 'the stop on entry', 60_000);
    await sleep(10_000);
    const stop = run.stops[0]!;
    await stop.debugSession.customRequest('continue', { threadId: stop.threadId });
    await withTimeout(run.terminated, 90_000, 'the program to end');
    const live = run.live!;
    await until(() => !live.live, 'the live session to end', 10_000);
    assert.equal(live.endedBecause, 'the program exited');
    const [process] = [...live.processes.values()];
    assert.equal(process!.spawned, 2, 'nothing was lost: both workers are in the trace');
    const path = join(scratch, 'held.isotrace');
    await vscode.commands.executeCommand('isoscope.saveTrace', vscode.Uri.file(path));
    const trace = readSavedTrace(extensionPath, path);
    assert.equal(trace.list.filter((e) => e.type === 'send' && e.isolate !== 0).length, 10);
    const states = live.pauses.map((p) => [p.state, p.pid]);
    assert.deepEqual(states.slice(0, 2), [['paused', process!.pid], ['resumed', process!.pid]], JSON.stringify(live.pauses));
    assert.ok(live.pauses[1]!.at - live.pauses[0]!.at >= 9_000_000, 'the span covers the 10 s pause (µs)');
  });

  it('two copies of the tracer in one process (the program\'s own isoscope and the preload): every event once', async () => {
    const copy = join(workspaceFolder().uri.fsPath, 'twoCopies', 'node_modules', 'isoscope');
    mkdirSync(copy, { recursive: true });
    cpSync(join(extensionPath, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(extensionPath, 'package.json'), join(copy, 'package.json'));
    assert.ok(statSync(join(copy, 'dist', 'index.cjs')).isFile());
    const run = await debugToEnd({ type: 'node', request: 'launch', name: 'two copies', program: 'twoCopies/app.cjs' }, api);
    const path = join(scratch, 'two copies.isotrace');
    await vscode.commands.executeCommand('isoscope.saveTrace', vscode.Uri.file(path));
    const trace = readSavedTrace(extensionPath, path);
    assert.deepEqual(trace.problems, []);
    const spawns = trace.list.filter((e) => e.type === 'spawn').map((e) => (e as { debugName: string }).debugName);
    assert.deepEqual(spawns.filter((name) => name.startsWith('square-')).sort(), ['square-0', 'square-1', 'square-2'], `spawns: ${spawns.join(', ')}`);
    const ids = trace.list.filter((e) => e.type === 'spawn').map((e) => e.isolate);
    assert.equal(new Set(ids).size, ids.length, 'no isolate recorded twice');
    assert.equal(run.live!.endedBecause, 'the program exited');
  });

  it('does not trace when isoscope.traceDebugSessions is off', async () => {
    const config = vscode.workspace.getConfiguration('isoscope');
    await config.update('traceDebugSessions', false, vscode.ConfigurationTarget.Workspace);
    try {
      const run = await debugToEnd({ type: 'node', request: 'launch', name: 'untraced', program: 'tracedWorkers.cjs' }, api);
      assert.equal(run.live, undefined);
      const env = (run.debugSession.configuration['env'] ?? {}) as Record<string, string>;
      assert.equal(env['ISOSCOPE_SINK'], undefined);
      assert.doesNotMatch(env['NODE_OPTIONS'] ?? '', /register\.cjs/);
    } finally {
      await config.update('traceDebugSessions', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
