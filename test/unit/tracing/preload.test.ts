// `node --require isoscope/register`: plain worker_threads programs and piscina, traced.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { assertPaired, idOf, fixtures, ofType, register, root, runTraced } from './traceHelpers.js';

describe('tracing: the preload on programs that never imported isoscope', function () {
  this.timeout(60_000);

  it('traces every worker and message of a raw worker_threads program, which runs as it would untraced', () => {
    const program = join(fixtures, 'rawWorkers.cjs');
    const untraced = spawnSync(process.execPath, [program], { cwd: root, encoding: 'utf8' });
    const run = runTraced(['--require', register, program]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.trace.problems, []);
    // The same output: envelopes never reach user code; structuredClone and stdio unharmed.
    const lastLine = (s: string) => s.trim().split('\n').pop();
    assert.equal(lastLine(run.stdout), lastLine(untraced.stdout));
    assert.match(run.stdout, /worker a has its port/);
    const spawns = ofType(run.trace.list, 'spawn');
    assert.deepEqual(spawns.map((s) => s.debugName).sort(), ['a', 'b', 'c']);
    const c = spawns.find((s) => s.debugName === 'c')!;
    assert.equal(c.parent, spawns.find((s) => s.debugName === 'b')!.isolate, 'a worker started by a worker');
    for (const spawn of spawns) {
      assert.equal(spawn.kind, 'worker');
      assert.equal(ofType(run.trace.list, 'exit').find((e) => e.isolate === spawn.isolate)?.reason, 'returned');
      assert.ok(run.trace.list.some((e) => e.type === 'running' && e.isolate === spawn.isolate));
      assert.ok(run.trace.list.some((e) => e.type === 'heap' && e.isolate === spawn.isolate));
    }
    const { pairs } = assertPaired(run.trace.list);
    // a→b 10 numbers, b→a the sum, 2 ports, 2 broadcasts heard, 5 results, c's hello, the polled one.
    assert.ok(pairs >= 21, `${pairs} pairs`);
    const broadcast = ofType(run.trace.list, 'send').find((s) => ofType(run.trace.list, 'receive').filter((r) => idOf(r) === idOf(s)).length === 2);
    assert.ok(broadcast, 'one BroadcastChannel send, heard by both workers');
  });

  it('traces a piscina program: every worker and every task message', () => {
    const tasks = 20;
    const run = runTraced(['--require', register, join(fixtures, 'piscinaApp.cjs'), String(tasks)]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).sum, 380);
    const workers = ofType(run.trace.list, 'spawn');
    assert.equal(workers.length, 2);
    const ids = new Set(workers.map((w) => w.isolate));
    const sends = ofType(run.trace.list, 'send');
    const receives = ofType(run.trace.list, 'receive');
    const tasksIn = receives.filter((r) => ids.has(r.isolate) && sends.find((s) => idOf(s) === idOf(r))?.isolate === 0);
    const resultsOut = receives.filter((r) => r.isolate === 0 && ids.has(sends.find((s) => idOf(s) === idOf(r))?.isolate ?? -1));
    assert.ok(tasksIn.length >= tasks, `${tasksIn.length} messages from main reached the workers`);
    assert.ok(resultsOut.length >= tasks, `${resultsOut.length} messages from the workers reached main`);
    assertPaired(run.trace.list);
  });

  it('traces a tinypool program: every task and result paired, sent with an empty transfer list and taken with receiveMessageOnPort', () => {
    const tasks = 200;
    const run = runTraced(['--require', register, join(fixtures, 'tinypoolApp.mjs'), String(tasks)]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).sum, (tasks * (tasks + 1)) / 2);
    const ids = new Set(ofType(run.trace.list, 'spawn').map((w) => w.isolate));
    assert.equal(ids.size, 2);
    const sends = new Map(ofType(run.trace.list, 'send').map((s) => [idOf(s), s]));
    const receives = ofType(run.trace.list, 'receive');
    const tasksIn = receives.filter((r) => ids.has(r.isolate) && sends.get(idOf(r))?.isolate === 0);
    const resultsOut = receives.filter((r) => r.isolate === 0 && ids.has(sends.get(idOf(r))?.isolate ?? -1));
    assert.ok(tasksIn.length >= tasks, `${tasksIn.length} messages from main reached the workers`);
    assert.ok(resultsOut.length >= tasks, `${resultsOut.length} messages from the workers reached main`);
    assertPaired(run.trace.list);
    // pool.destroy() terminates its workers as they wait for tasks: a shutdown, said so.
    const kills = ofType(run.trace.list, 'kill');
    assert.deepEqual(kills.map((k) => [ids.has(k.isolate), k.idle]), [[true, true], [true, true]]);
  });

  it('numbered ports go on pairing when they move between threads mid-conversation, and a refused message spends no number', () => {
    const run = runTraced(['--require', register, join(fixtures, 'movedPorts.cjs')]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { got: ['before-1', 'before-2', 'after-1', 'after-2', 'refused true'], worker: ['x1', 'x2'] });
    const worker = ofType(run.trace.list, 'spawn')[0]!.isolate;
    const { pairs } = assertPaired(run.trace.list);
    const sends = new Map(ofType(run.trace.list, 'send').map((s) => [idOf(s), s]));
    const receivedFrom = (receiver: number, sender: number) => ofType(run.trace.list, 'receive').filter((r) => r.isolate === receiver && sends.get(idOf(r))?.isolate === sender).length;
    // Main heard 5 on `back` (2 sent by main itself before the move, 3 by the worker) and the
    // worker's reply; the worker heard the move and x1, x2 on the moved port.
    assert.equal(receivedFrom(0, 0), 2);
    assert.equal(receivedFrom(0, worker), 4);
    assert.equal(receivedFrom(worker, 0), 3);
    assert.equal(pairs, 9);
    // The one send never received is the refused one, the worker's second: the sends after
    // it kept their receives (without the SKIP frame, each would pair with the one before).
    const received = new Set(ofType(run.trace.list, 'receive').map((r) => idOf(r)));
    const workerSends = ofType(run.trace.list, 'send').filter((s) => s.isolate === worker).sort((a, b) => a.t - b.t);
    assert.deepEqual(ofType(run.trace.list, 'send').filter((s) => !received.has(idOf(s))), [workerSends[1]]);
  });

  it('forces the preload into a worker given its own execArgv', () => {
    const script = "const { Worker } = require('node:worker_threads'); new Worker('require(\"node:worker_threads\").parentPort.postMessage(1)', { eval: true, execArgv: [] }).on('message', () => {});";
    const run = runTraced(['--require', register, '-e', script]);
    assert.equal(run.status, 0, run.stderr);
    const worker = ofType(run.trace.list, 'spawn')[0]!;
    assert.ok(ofType(run.trace.list, 'send').some((s) => s.isolate === worker.isolate), 'the worker recorded its own send');
    assertPaired(run.trace.list);
  });

  it('records terminate() as an immediate kill', () => {
    const script = "const { Worker } = require('node:worker_threads'); const w = new Worker('for(;;){}', { eval: true }); setTimeout(() => w.terminate(), 100);";
    const run = runTraced(['--require', register, '-e', script]);
    const worker = ofType(run.trace.list, 'spawn')[0]!;
    assert.equal(ofType(run.trace.list, 'kill')[0]?.isolate, worker.isolate);
    assert.equal(ofType(run.trace.list, 'exit').find((e) => e.isolate === worker.isolate)?.reason, 'killed');
  });

  it('the tracer\'s tools load without the live reader, node:net and node:crypto (a program traced to a file needs none of them)', () => {
    // A script file, not -e (whose evaluation loads node:crypto itself).
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-tools-'));
    try {
      const script = join(dir, 'loadTools.cjs');
      writeFileSync(script, `require(${JSON.stringify(join(root, 'dist/tracingTools.cjs'))}); console.log(process.moduleLoadList.filter((m) => m === 'NativeModule net' || m === 'NativeModule crypto').join())`);
      const loaded = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(loaded.status, 0, loaded.stderr);
      assert.equal(loaded.stdout.trim(), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the recorder\'s and the formatter\'s code is not thrown away by V8 mid-run: a ring\'s wrap, a big send, held records, a kind of record first met after the compile', () => {
    // V8 compiles the hot send and receive paths from the branches they have run; one first
    // taken later (a ring's first wrap, after some 30,000 records) discards the optimized
    // code, which is then compiled again, in every thread (ring.ts warmRingWriter, backlog.ts
    // warmFormatter). V8 prints each deoptimization with the source position of its check
    // first; the preload's wrappers (register.cjs) are left out: the maps they see are the
    // program's and Node's ports'.
    const messages = 50_000;
    const run = runTraced(['--trace-deopt-verbose', '--require', register, join(fixtures, 'pipelinedEcho.cjs'), String(messages)]);
    assert.equal(run.status, 0, run.stderr);
    const inOurs = /deoptimize at <[^<>]*dist\/(?:tracing|tracingTools)\.cjs:\d+:\d+>/;
    const lines = run.stdout.split('\n');
    // Each with the line before it, which gives the reason and the function.
    const deopts = lines.flatMap((line, i) => (inOurs.test(line) ? [`${lines[i - 1]?.replace(/deoptimizing .*?(<JSFunction [^>]*>).*/, '$1')}\n${line.trim()}`] : []));
    assert.deepEqual(deopts, [], `the tracer's code deoptimized:\n${deopts.join('\n')}`);
    assert.match(run.stderr, new RegExp(`^${messages}$`, 'm'));
    // Every send, plain and big, was recorded: each ring (1 MB) wrapped around, and the
    // worker held what did not fit while the main thread was busy posting.
    assert.deepEqual(ofType(run.trace.list, 'dropped'), []);
    for (const isolate of [0, 1]) {
      const sends = ofType(run.trace.list, 'send').filter((send) => send.isolate === isolate);
      assert.equal(sends.length, isolate === 0 ? messages + 1 : messages, `isolate ${isolate}'s sends`);
      assert.equal(sends.filter((send) => (send.bufferBytes ?? 0) > 0).length, messages / 10);
    }
  });
});
