// The editor's control requests on the live socket (src/protocol/liveControl.ts), on real
// programs: the reader kills, pauses and resumes an isolate by its id; the program checks the
// session's token and acts on the thread that hosts the isolate (main, or an isolate that
// spawned it); the trace shows ordinary kill, paused and resumed events with `by: 'editor'`.
// A plain Worker can be killed (terminate()), not paused. A request without the token, or to a
// program not started for control (no ISOSCOPE_CONTROL=1), does nothing.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace, type TraceEvent, type LiveTraceServer } from 'isoscope';
import { fixtures, register, root } from './traceHelpers.js';
import { sleep } from '../helpers.js';

interface Controlled {
  server: LiveTraceServer;
  child: ChildProcess;
  events: TraceEvent[];
  pid: Promise<number>;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** A fixture run with a live reader (and ISOSCOPE_CONTROL=1 unless `control` is false). */
async function controlled(args: string[], control = true): Promise<Controlled> {
  const events: TraceEvent[] = [];
  let connected!: (pid: number) => void;
  const pid = new Promise<number>((resolve) => (connected = resolve));
  const server = await trace.listen({ onConnect: (p) => connected(p), onEvent: (event) => events.push(event) });
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...server.env, ...(control ? { ISOSCOPE_CONTROL: '1' } : {}), ISOSCOPE_TRACE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { server, child, events, pid, stdout: () => out, stderr: () => err, exited };
}

async function until<T>(find: () => T | undefined, what: string, run: Controlled, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; stderr: ${run.stderr()}; events: ${run.events.map((e) => e.type).join(' ')}`);
    await sleep(20);
  }
}

const spawnOf = (run: Controlled, name: string) => until(() => run.events.find((e): e is Extract<TraceEvent, { type: 'spawn' }> => e.type === 'spawn' && e.debugName === name), `the spawn of ${name}`, run);
const sendsFrom = (run: Controlled, isolate: number) => run.events.filter((e) => e.type === 'send' && e.isolate === isolate);

/** Ticks flow, pause stops them (and the paused event says the editor), resume starts them
 * again, a kill ends the isolate: its kill event says the editor, its exit `killed`. */
async function pauseResumeKill(run: Controlled, ticker: number, priority: 'immediate' | 'beforeNextEvent'): Promise<void> {
  const pid = await run.pid;
  await until(() => sendsFrom(run, ticker).length >= 3, 'ticks', run);
  assert.equal(run.server.control(pid, { id: 1, action: 'pause', isolate: ticker }), true);
  const paused = await until(() => run.events.find((e) => e.type === 'paused' && e.isolate === ticker), 'the paused event', run);
  assert.equal((paused as { by?: unknown }).by, 'editor');
  await sleep(400);
  assert.deepEqual(sendsFrom(run, ticker).filter((e) => e.t > paused.t), [], 'no tick while paused');
  run.server.control(pid, { id: 2, action: 'resume', isolate: ticker });
  const resumed = await until(() => run.events.find((e) => e.type === 'resumed' && e.isolate === ticker), 'the resumed event', run);
  assert.equal((resumed as { by?: unknown }).by, 'editor');
  await until(() => sendsFrom(run, ticker).some((e) => e.t > resumed.t), 'ticks after resume', run);
  run.server.control(pid, { id: 3, action: 'kill', isolate: ticker, priority });
  assert.equal(await run.exited, 0, run.stderr());
  const kill = run.events.find((e): e is Extract<TraceEvent, { type: 'kill' }> => e.type === 'kill' && e.isolate === ticker);
  assert.deepEqual(kill && { by: kill.by, priority: kill.priority }, { by: 'editor', priority });
  const exit = await until(() => run.events.find((e): e is Extract<TraceEvent, { type: 'exit' }> => e.type === 'exit' && e.isolate === ticker), 'the exit event', run);
  assert.equal(exit.reason, 'killed');
}

/** The program's last line of output, as JSON (it prints progress lines before it). */
const lastJson = (stdout: string): { received: number; code?: number } => JSON.parse(stdout.trimEnd().split('\n').at(-1)!);

/** A frame of the live socket as any reader writes it: a 4-byte big-endian length, then JSON (or any text). */
function frame(value: unknown): Buffer {
  const body = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

/** The text of the frames in `bytes` (whole ones; the rest is returned to wait for more). */
function unframe(bytes: Buffer): { text: string; rest: Buffer } {
  let text = '';
  let at = 0;
  while (bytes.length - at >= 4 && bytes.length - at - 4 >= bytes.readUInt32BE(at)) {
    const length = bytes.readUInt32BE(at);
    text += bytes.subarray(at + 4, at + 4 + length).toString('utf8');
    at += 4 + length;
  }
  return { text, rest: bytes.subarray(at) };
}

describe('tracing: the editor\'s control requests', function () {
  this.timeout(60_000);
  const runs: Controlled[] = [];
  afterEach(async () => {
    for (const run of runs.splice(0)) {
      run.child.kill('SIGKILL');
      await run.server.close();
    }
  });

  it('pauses, resumes and kills (immediate) an isolate that main spawned', async () => {
    const run = await controlled([join(fixtures, 'controlled.mjs')]);
    runs.push(run);
    await pauseResumeKill(run, (await spawnOf(run, 'ticker')).isolate, 'immediate');
    assert.ok(lastJson(run.stdout()).received >= 6, run.stdout());
  });

  it('pauses, resumes and kills (before its next event) an isolate that another isolate spawned: its host acts, not main', async () => {
    const run = await controlled([join(fixtures, 'controlled.mjs'), 'nested']);
    runs.push(run);
    const ticker = await spawnOf(run, 'ticker');
    assert.notEqual(ticker.parent, 0, 'spawned by the outer isolate');
    await pauseResumeKill(run, ticker.isolate, 'beforeNextEvent');
  });

  it('kills a plain worker_threads Worker (terminate); refuses to pause it, saying why', async () => {
    const run = await controlled(['--require', register, join(fixtures, 'controlledWorker.cjs')]);
    runs.push(run);
    const ticker = (await spawnOf(run, 'ticker')).isolate;
    const pid = await run.pid;
    await until(() => sendsFrom(run, ticker).length >= 3, 'ticks', run);
    run.server.control(pid, { id: 1, action: 'pause', isolate: ticker });
    await until(() => run.stderr().includes(`cannot pause isolate ${ticker} from the editor: it is a plain worker_threads Worker`), 'the refusal on stderr', run);
    assert.equal(run.events.some((e) => e.type === 'paused'), false);
    run.server.control(pid, { id: 2, action: 'kill', isolate: ticker });
    assert.equal(await run.exited, 0, run.stderr());
    assert.equal(lastJson(run.stdout()).code, 1, 'terminated');
    const kill = run.events.find((e): e is Extract<TraceEvent, { type: 'kill' }> => e.type === 'kill' && e.isolate === ticker);
    assert.equal(kill?.by, 'editor');
    assert.equal((await until(() => run.events.find((e): e is Extract<TraceEvent, { type: 'exit' }> => e.type === 'exit' && e.isolate === ticker), 'the exit', run)).reason, 'killed');
  });

  it('a kill asked while the isolate still starts waits until it has started: the program\'s spawn succeeds, the isolate ends killed', async () => {
    const run = await controlled([join(fixtures, 'controlledSlowStart.mjs')]);
    runs.push(run);
    const slow = (await spawnOf(run, 'slow')).isolate;
    run.server.control(await run.pid, { id: 1, action: 'kill', isolate: slow, priority: 'immediate' });
    assert.equal(await run.exited, 0, run.stderr());
    assert.equal(run.stdout(), 'spawned slow\nended\n');
    assert.doesNotMatch(run.stderr(), /IsolateSpawnException/);
    assert.equal((await until(() => run.events.find((e): e is Extract<TraceEvent, { type: 'exit' }> => e.type === 'exit' && e.isolate === slow), 'the exit', run)).reason, 'killed');
  });

  it('the editor\'s pause is lifted when its reader goes: the isolate is not left held', async () => {
    const run = await controlled([join(fixtures, 'controlled.mjs')]);
    runs.push(run);
    const ticker = (await spawnOf(run, 'ticker')).isolate;
    await until(() => sendsFrom(run, ticker).length >= 3, 'ticks', run);
    run.server.control(await run.pid, { id: 1, action: 'pause', isolate: ticker });
    await until(() => run.events.find((e) => e.type === 'paused' && e.isolate === ticker), 'the paused event', run);
    await sleep(200);
    const held = run.stdout();
    await run.server.close(); // the editor goes (a reload, the session closed)
    await until(() => run.stdout().length > held.length || undefined, 'ticks again after the reader went', run);
  });

  it('a program not started for control (no ISOSCOPE_CONTROL=1) ignores the requests', async () => {
    const run = await controlled([join(fixtures, 'controlled.mjs')], false);
    runs.push(run);
    const ticker = (await spawnOf(run, 'ticker')).isolate;
    run.server.control(await run.pid, { id: 1, action: 'kill', isolate: ticker, priority: 'immediate' });
    const sent = sendsFrom(run, ticker).length;
    await sleep(500);
    assert.ok(sendsFrom(run, ticker).length > sent, 'still ticking');
    assert.equal(run.events.some((e) => e.type === 'kill' || e.type === 'exit'), false);
    assert.equal(run.child.exitCode, null, 'still running');
  });

  it('refuses a request without the session token (a line on stderr); one with it is carried out', async () => {
    // A reader of our own, to write a wrong token on the program's socket.
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-control-'));
    const path = join(dir, 'live.sock');
    const token = 'right-token';
    let socket!: Socket;
    const connected = new Promise<void>((resolve) => {
      const server = createServer((s) => ((socket = s), resolve()));
      server.listen(path);
      after(() => (server.close(), rmSync(dir, { recursive: true, force: true })));
    });
    const child = spawn(process.execPath, [join(fixtures, 'controlled.mjs')], { cwd: root, env: { ...process.env, ISOSCOPE_SINK: path, ISOSCOPE_SINK_TOKEN: token, ISOSCOPE_CONTROL: '1', ISOSCOPE_TRACE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await connected;
      let text = '';
      let pending: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        const read = unframe(Buffer.concat([pending, chunk]));
        text += read.text;
        pending = read.rest;
      });
      const deadline = Date.now() + 20_000;
      // The ticker's id, once it ticks (killed while it starts, the program's spawn would fail).
      let ticker: number | undefined;
      for (let ticked = false; !ticked && Date.now() < deadline; await sleep(20)) {
        const events = text.split('\n').flatMap((line) => { try { return [JSON.parse(line) as TraceEvent]; } catch { return []; } });
        ticker = events.find((e) => e.type === 'spawn' && e.debugName === 'ticker')?.isolate;
        ticked = events.some((e) => e.type === 'send' && e.isolate === ticker);
      }
      assert.ok(ticker !== undefined, `the ticker's spawn; stderr: ${stderr}`);
      socket.write(frame({ type: 'control', token: 'wrong-token', id: 1, action: 'kill', isolate: ticker, priority: 'immediate' }));
      socket.write(frame('not json'));
      await until(() => stderr.includes('refused a frame that is not JSON'), 'both refusals', { stderr: () => stderr, events: [] } as unknown as Controlled);
      assert.match(stderr, /isoscope: refused a control request without the session token from the live trace reader/);
      assert.equal(child.exitCode, null, 'the isolate was not killed: the program runs on');
      socket.write(frame({ type: 'control', token, id: 2, action: 'kill', isolate: ticker, priority: 'immediate' }));
      assert.equal(await exited, 0, stderr);
      assert.ok(lastJson(stdout).received > 0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
