// The extension's figures, measured inside a real VS Code's extension host (code-server; run
// by bench/extension.bench.mjs as an extensionTestsPath module). Plain CommonJS, so the
// bench needs no build of its own. It writes the same results file as the in-host test
// suite, its figures in `notes`:
//  - activate(): the wall time of the first activation (loading dist/extension.cjs included)
//    and the time inside activate();
//  - the live path: bench/liveRateProgram.cjs debugged with tracing and without, the
//    extension host's CPU (js-debug runs in it too, hence the untraced run), the events, how
//    long after the program's last message the panel held everything, and how long after its
//    first worker started the panel showed that worker's lane (also for a light program).
const vscode = require('vscode');
const { readFileSync, statSync, writeFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const micros = () => {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check, what, timeoutMs) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function debugRun(api, folder, name, rate, seconds, traced, { openTimeline = 'onFirstIsolate', again = false } = {}) {
  // Each run starts as a user's would: no timeline panels of earlier runs open (each holds a
  // million events, which weighs on the page that hosts them all); or, `again`, with the
  // panel of the last run of the same name open (it is reused).
  if (!again) await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await sleep(500);
  const marks = join(folder.uri.fsPath, `${name}.marks.json`);
  rmSync(marks, { force: true });
  await vscode.workspace.getConfiguration('isoscope').update('traceDebugSessions', traced, vscode.ConfigurationTarget.Workspace);
  await vscode.workspace.getConfiguration('isoscope').update('openTimeline', openTimeline, vscode.ConfigurationTarget.Workspace);
  let root;
  let ended;
  const terminated = new Promise((resolve) => (ended = resolve));
  const listeners = [
    vscode.debug.onDidStartDebugSession((s) => s.name === name && !s.parentSession && (root = s)),
    vscode.debug.onDidTerminateDebugSession((s) => s === root && ended()),
  ];
  const before = new Set(api.sessions.all);
  let hostSawSpawnAt;
  const added = (s) => s.name === name && s.once('firstIsolate', () => (hostSawSpawnAt = micros()));
  api.sessions.on('added', added);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  let firstLaneAt;
  let allShownAt;
  let session;
  const series = [];
  let lastSample = 0;
  const watch = setInterval(() => {
    session ??= api.sessions.all.find((s) => !before.has(s) && s.name === name);
    const view = session && api.panels.viewOf(session);
    const shown = view && view.shown;
    if (session && performance.now() - lastSample >= 1000) {
      lastSample = performance.now();
      series.push([Math.round(performance.now() - wall), session.events, shown ? shown.lines : 0]);
    }
    if (!shown) return;
    if (firstLaneAt === undefined && shown.lanes >= 2) firstLaneAt = shown.at;
  }, 2);
  const profiler = traced && process.env.ISOSCOPE_BENCH_PROFILE ? await startProfile() : undefined;
  await vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name, program: join(folder.uri.fsPath, 'liveRateProgram.cjs'), args: [String(rate), String(seconds), marks] });
  await terminated;
  const programCpu = process.cpuUsage(cpu);
  const programWall = performance.now() - wall;
  if (traced) {
    await until(() => session && !session.live, 'the session to end', 30_000);
    const view = api.panels.viewOf(session);
    await until(() => view && view.shown && view.shown.lines >= session.events, 'the panel to hold every event', 60_000);
    allShownAt = view.shown.at;
  }
  if (profiler) await profiler.stop(`${process.env.ISOSCOPE_BENCH_PROFILE}-${name.replace(/\W+/g, '-')}.cpuprofile`);
  clearInterval(watch);
  api.sessions.off('added', added);
  for (const l of listeners) l.dispose();
  const view = session && api.panels.viewOf(session);
  const readyAt = view ? view.readyAt : undefined;
  const mark = JSON.parse(readFileSync(marks, 'utf8'));
  return {
    traced,
    wallMs: programWall,
    hostCpuMs: (programCpu.user + programCpu.system) / 1000,
    events: session ? session.events : 0,
    lagMs: allShownAt === undefined ? undefined : (allShownAt - mark.lastSentAt) / 1000,
    firstLaneMs: firstLaneAt === undefined ? undefined : (firstLaneAt - mark.spawnedAt) / 1000,
    // Where the first lane's time goes: the host sees the spawn, the panel's page is ready.
    hostSawSpawnMs: hostSawSpawnAt === undefined ? undefined : (hostSawSpawnAt - mark.spawnedAt) / 1000,
    panelMadeMs: view ? (view.createdAt - mark.spawnedAt) / 1000 : undefined,
    panelReadyMs: readyAt === undefined ? undefined : (readyAt - mark.spawnedAt) / 1000,
    // Of which the page's own loading, from its navigation to its ready message, and of that
    // its navigation's wait for VS Code's service worker.
    pageBootMs: view ? view.pageBootMs : undefined,
    workerWaitMs: view ? view.workerWaitMs : undefined,
    // Every second: [ms since start, lines the host received, lines the panel read].
    ...(traced ? { series } : {}),
  };
}

/** The platform's floor for a new panel: a bare webview (a page of one script that says it
 * is ready), made as a session's panel is made, timed from createWebviewPanel to its message. */
async function bareWebview() {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await sleep(500);
  const started = micros();
  const panel = vscode.window.createWebviewPanel('isoscope.bench.bare', 'bare', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
  const ready = new Promise((resolve) => panel.webview.onDidReceiveMessage(resolve));
  panel.webview.html = '<!doctype html><html><body><script>acquireVsCodeApi().postMessage("ready")</script></body></html>';
  await ready;
  const readyMs = (micros() - started) / 1000;
  panel.dispose();
  return readyMs;
}

/** A CPU profile of this extension host (ISOSCOPE_BENCH_PROFILE=<path prefix>), to see where a traced run's time goes. */
async function startProfile() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

exports.run = async function run() {
  const notes = {};
  const tests = [];
  try {
    const extension = vscode.extensions.getExtension('isoscope.isoscope');
    const wasActive = extension.isActive;
    const started = performance.now();
    const api = await extension.activate();
    notes.activate = { wallMs: performance.now() - started, insideMs: api.activationMs, wasActive };
    notes.extensionBytes = statSync(join(extension.extensionPath, 'dist', 'extension.cjs')).size;
    const folder = vscode.workspace.workspaceFolders[0];
    const rate = Number(process.env.ISOSCOPE_BENCH_RATE || 50_000);
    const seconds = Number(process.env.ISOSCOPE_BENCH_SECONDS || 10);
    notes.load = { messagesPerSecond: rate, eventsPerSecond: rate * 2, seconds };
    // The first lane without the flood, first, in a fresh window: a program whose workers send
    // a little (the machine, 2 cores here, is not saturated by the program itself).
    // Each round beside a bare webview made the same way (the window's first panel is the
    // first light round's).
    notes.light = [];
    notes.bareWebviewMs = [];
    for (let round = 0; round < Number(process.env.ISOSCOPE_BENCH_ROUNDS || 2); round++) {
      notes.light.push(await debugRun(api, folder, `light ${round}`, 200, 1, true));
      notes.bareWebviewMs.push(await bareWebview());
    }
    // The same with the panel opened at the session's start (isoscope.openTimeline
    // onSessionStart): made before the program spawns, loaded by then if VS Code is quick enough.
    notes.lightOpen = [];
    for (let round = 0; round < Number(process.env.ISOSCOPE_BENCH_ROUNDS || 2); round++) notes.lightOpen.push(await debugRun(api, folder, `light open ${round}`, 200, 1, true, { openTimeline: 'onSessionStart' }));
    // And run again under the same name, its last run's panel still open (edit, F5, look).
    notes.lightAgain = [];
    await debugRun(api, folder, 'light again', 200, 1, true);
    for (let round = 0; round < Number(process.env.ISOSCOPE_BENCH_ROUNDS || 2); round++) notes.lightAgain.push(await debugRun(api, folder, 'light again', 200, 1, true, { again: true }));
    notes.runs = [];
    for (let round = 0; round < Number(process.env.ISOSCOPE_BENCH_ROUNDS || 2); round++) {
      notes.runs.push(await debugRun(api, folder, `untraced ${round}`, rate, seconds, false));
      notes.runs.push(await debugRun(api, folder, `traced ${round}`, rate, seconds, true));
    }
    tests.push({ title: 'bench', fullTitle: 'bench', state: 'passed' });
  } catch (error) {
    tests.push({ title: 'bench', fullTitle: 'bench', state: 'failed', error: { message: error.message, stack: error.stack } });
  }
  const failed = tests.filter((t) => t.state === 'failed').length;
  writeFileSync(process.env.ISOSCOPE_VSCODE_RESULTS, JSON.stringify({ vscodeVersion: vscode.version, passed: tests.length - failed, failed, pending: 0, tests, notes }, null, 2));
};
