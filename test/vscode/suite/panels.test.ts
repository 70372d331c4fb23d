// A session's timeline panel in a real VS Code: what comes while it is hidden waits and comes
// when it shows again (brought back by the status bar item), past the hidden bound it is fed
// again from the session's spool instead, and the isoscope.openTimeline setting (the panel
// opens as the debug session starts, or never by itself and then on the command). Each ends
// with the panel holding every event the session received, once, and every lane.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IsoscopeApi } from '../../../src/extension/extension';
import type { LiveSession } from '../../../src/extension/session/liveSession';
import type { TimelineWebview } from '../../../src/extension/panel/timelineWebview';
import { debugToEnd, isoscope, until, workspaceFolder } from './traced';

/** The lanes of a process whose main thread started two workers. */
const LANES = 3;

describe('the timeline panel of a session', function () {
  this.timeout(150_000);
  let api: IsoscopeApi;

  before(async () => {
    api = (await isoscope()).api;
    // The panels of earlier tests hold their sessions' pages: none is needed any more.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('Isoscope: ')) terminal.dispose();
  });

  it('keeps what comes while it is hidden and sends it when the status bar item shows it again', async () => {
    const run = await runBurst(api);
    const { session, view } = run;
    const hidden = await hide(view);
    const atHide = session.events;
    await until(() => session.events >= atHide + 400, 'events to come while the panel is hidden', 30_000);
    // The session hands what came to its viewers every 50 ms.
    await until(() => view.held > 0, 'what came to wait for the hidden panel', 10_000);
    assert.equal(view.panel.visible, false);
    assert.ok(view.shown!.lines <= atHide, `the hidden page read ${view.shown!.lines} lines, more than the ${atHide} that came before it was hidden`);

    assert.equal(api.sessions.current, session);
    assert.equal(api.status.command, 'isoscope.openTimeline');
    await vscode.commands.executeCommand(api.status.command);
    await until(() => view.panel.visible, 'the panel to show again', 20_000);
    hidden.dispose();
    assert.deepEqual(hidden.states, [false, true], 'hidden once, then shown');
    assert.equal(view.held, 0, 'what waited was sent');
    const atReveal = session.events;
    await until(() => session.events >= atReveal + 200, 'events to come after it showed');
    await run.stop();

    await holdsEverything(session, view);
    assert.equal(view.feeds, 1, 'the page was not fed again');
  });

  it('past its hidden bound, it is fed again from the session\'s spool when it shows', async () => {
    const run = await runBurst(api);
    const { session, view } = run;
    assert.equal(view.hiddenLimit, 32 << 20, 'the bound is 32 MB');
    // Past 32 MB the page has some 400,000 events to read again: 16-43 s on this 2-core
    // machine under others' load. The same path at 2 MB, with a flood of real trace text.
    view.hiddenLimit = 2 << 20;
    const readyAt = view.readyAt;
    const hidden = await hide(view);
    const atHide = { events: session.events, bytes: bytesOf(session) };
    run.tell('go');
    await until(() => bytesOf(session) - atHide.bytes > 2 * view.hiddenLimit, 'more than the hidden bound to come while the panel is hidden', 60_000);
    // What came is handed to the panel in batches: past the bound, what waited is dropped.
    await until(() => view.held === 0, 'the panel to drop what waited for it', 10_000);
    assert.equal(view.panel.visible, false);
    assert.ok(view.shown!.lines <= atHide.events, `the hidden page read ${view.shown!.lines} lines, more than the ${atHide.events} that came before it was hidden`);
    assert.equal(view.feeds, 1);

    view.panel.reveal();
    await until(() => view.panel.visible, 'the panel to show again', 20_000);
    await until(() => view.feeds === 2, 'the page to be fed again from the spool', 20_000);
    hidden.dispose();
    assert.deepEqual(hidden.states, [false, true], 'hidden once, then shown');
    assert.equal(view.readyAt, readyAt, 'the same page, not a reloaded one');
    await run.stop();

    await holdsEverything(session, view);
    assert.equal(view.feeds, 2, 'fed again once');
  });

  describe('the isoscope.openTimeline setting', () => {
    const setOpenTimeline = (value: string | undefined) => vscode.workspace.getConfiguration('isoscope').update('openTimeline', value, vscode.ConfigurationTarget.Workspace);
    afterEach(() => setOpenTimeline(undefined));

    it('onSessionStart: the panel opens as the debug session starts, before its first isolate', async () => {
      await setOpenTimeline('onSessionStart');
      const name = 'open at session start';
      let panelAtFirstIsolate: boolean | undefined;
      // Added before the session starts, so this listener hears its first isolate before the
      // one that opens the panel under the default setting.
      const added = (session: LiveSession) => session.name === name && session.once('firstIsolate', () => (panelAtFirstIsolate = api.panels.viewOf(session) !== undefined));
      api.sessions.on('added', added);
      try {
        const run = await debugToEnd({ type: 'node', request: 'launch', name, program: 'lateWorkers.cjs' }, api);
        assert.equal(panelAtFirstIsolate, true, 'the panel was there when the first worker started');
        const view = api.panels.viewOf(run.live!);
        assert.ok(view);
        await holdsEverything(run.live!, view);
      } finally {
        api.sessions.off('added', added);
      }
    });

    it('never: no panel opens during a whole session with workers; Open Isolate Timeline then opens it with everything', async () => {
      await setOpenTimeline('never');
      const name = 'never opened';
      const panelsSeen: string[] = [];
      const watch = (session: LiveSession) => {
        if (session.name !== name) return;
        session.on('changed', () => api.panels.viewOf(session) && panelsSeen.push(`panel at ${session.events} events`));
        session.on('ended', () => api.panels.viewOf(session) && panelsSeen.push('panel at the end'));
      };
      api.sessions.on('added', watch);
      let live: LiveSession;
      try {
        live = (await debugToEnd({ type: 'node', request: 'launch', name, program: 'tracedWorkers.cjs' }, api)).live!;
      } finally {
        api.sessions.off('added', watch);
      }
      assert.deepEqual([...live.processes.values()].map((p) => p.spawned), [2], 'the program started its workers');
      assert.deepEqual(panelsSeen, []);
      assert.equal(api.panels.viewOf(live), undefined);
      assert.ok(!openTabLabels().includes(`Isolates: ${name}`), `tabs: ${openTabLabels().join(', ')}`);

      assert.equal(api.sessions.last, live);
      await vscode.commands.executeCommand('isoscope.openTimeline');
      const view = api.panels.viewOf(live);
      assert.ok(view, 'the command opened the session\'s panel');
      assert.equal(view.panel.title, `Isolates: ${name}`);
      await holdsEverything(live, view);
    });
  });
});

interface BurstRun {
  session: LiveSession;
  /** Its panel, its page ready and showing the program's workers. */
  view: TimelineWebview;
  /** Tells the program to flood (`go`); `stop` waits for the session to end. */
  tell(what: 'go'): void;
  stop(): Promise<void>;
}

/** Runs burstOnSignal.cjs with Run Current File with Isolate Tracing (no debugger to wait for). */
async function runBurst(api: IsoscopeApi): Promise<BurstRun> {
  const program = join(workspaceFolder().uri.fsPath, 'burstOnSignal.cjs');
  const signal = (what: string) => `${program}.${what}`;
  for (const what of ['go', 'stop']) rmSync(signal(what), { force: true });
  const session = await vscode.commands.executeCommand<LiveSession | undefined>('isoscope.runWithTracing', vscode.Uri.file(program));
  assert.ok(session, 'no session');
  await until(() => api.panels.viewOf(session)?.shown?.lanes === LANES, 'the panel to show the program\'s workers', 60_000);
  const view = api.panels.viewOf(session)!;
  assert.equal(view.feeds, 1);
  return {
    session,
    view,
    tell: (what) => writeFileSync(signal(what), ''),
    stop: async () => {
      writeFileSync(signal('stop'), '');
      await until(() => !session.live, 'the program to end', 30_000);
      assert.equal(session.endedBecause, 'the program exited');
    },
  };
}

/** Hides the panel behind a text editor in its group; `states`: its visibility from then on. */
async function hide(view: TimelineWebview): Promise<{ states: boolean[]; dispose(): void }> {
  assert.equal(view.panel.visible, true);
  const states: boolean[] = [];
  const listener = view.panel.onDidChangeViewState(({ webviewPanel }) => states.at(-1) !== webviewPanel.visible && states.push(webviewPanel.visible));
  await vscode.window.showTextDocument(vscode.Uri.file(join(workspaceFolder().uri.fsPath, 'burstOnSignal.cjs')), { viewColumn: view.panel.viewColumn, preview: false });
  await until(() => !view.panel.visible, 'the panel to be hidden', 20_000);
  return { states, dispose: () => listener.dispose() };
}

/** Waits for the ended session's panel to have read every line the session received; checks it read none twice and shows every lane. */
async function holdsEverything(session: LiveSession, view: TimelineWebview): Promise<void> {
  await until(() => !session.live, 'the session to end', 30_000);
  await until(() => (view.shown?.lines ?? 0) >= session.events, `the panel to hold all ${session.events} events`, 90_000);
  assert.equal(view.shown!.lines, session.events, 'every event, once');
  assert.equal(view.shown!.lanes, LANES);
}

function bytesOf(session: LiveSession): number {
  let bytes = 0;
  for (const process of session.processes.values()) bytes += process.bytes;
  return bytes;
}

function openTabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}
