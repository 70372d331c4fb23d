// Isolate.run on a reused thread: a computation that left nothing behind hands its thread to
// the next, which is still a new isolate; one that left anything behind ends its thread, so
// the next never sees it (worker/cleanSlate.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Isolate, ReceivePort } from 'isoscope';

const threadOf = (): Promise<number> => Isolate.run(() => require('node:worker_threads').threadId as number);

/** Whether thread `id` runs one of the next computations. Each round gives the thread time to
 * say whether it stays (a turn of its event loop; what it printed must reach this thread
 * first), then runs as many computations at once as threads may wait (one per core): they
 * take every waiting thread. (Computations one after another would all run on the thread that
 * finished last, taken first, and might never reach another that stayed; a thread that
 * ended never comes back: thread ids are not reused.) */
async function runsNext(id: number): Promise<boolean> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if ((await Promise.all(Array.from({ length: availableParallelism() }, threadOf))).includes(id)) return true;
  }
  return false;
}

/** Runs `leave` (a computation that may leave something behind, and returns its threadId),
 * then more computations; says whether any of them ran on its thread. */
async function sameThreadAfter(leave: () => unknown): Promise<boolean> {
  await Isolate.run(() => 0);
  const during = await Isolate.run(leave);
  assert.equal(typeof during, 'number', 'the computation returns its threadId');
  return runsNext(during as number);
}

describe('Isolate.run on a reused thread', () => {
  it('runs back-to-back computations on one thread, each a new isolate with a new id', async () => {
    await Isolate.run(() => 0);
    const runs: { thread: number; id: number; name: string }[] = [];
    for (let i = 0; i < 6; i++) {
      runs.push(await Isolate.run((n: number) => ({ thread: require('node:worker_threads').threadId as number, id: Isolate.current.id, name: Isolate.current.debugName + n }), { args: [i], debugName: `step` }));
    }
    assert.equal(new Set(runs.map((r) => r.thread)).size < runs.length, true, 'threads were reused');
    assert.equal(new Set(runs.map((r) => r.id)).size, runs.length, 'every computation is its own isolate');
    assert.deepEqual(runs.map((r) => r.name), ['step0', 'step1', 'step2', 'step3', 'step4', 'step5']);
  });

  it('gives each computation a new function: state kept on the function or its module object is not seen again', async () => {
    const results: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      results.push(await Isolate.run(function counted(this: unknown) {
        const self = counted as unknown as { calls?: number };
        self.calls = (self.calls ?? 0) + 1;
        const m = module as { runs?: number };
        m.runs = (m.runs ?? 0) + 1;
        return [self.calls, m.runs];
      }));
    }
    assert.deepEqual(results, [[1, 1], [1, 1], [1, 1]]);
  });

  it('under a debugger, runs each computation on a thread of its own (a debugger lists a thread by the name it started with)', async () => {
    // A thread left waiting from before the debugger came is not used either.
    const before = await threadOf();
    process.env['VSCODE_INSPECTOR_OPTIONS'] = '{}';
    try {
      const threads: number[] = [];
      for (let i = 0; i < 4; i++) threads.push(await threadOf());
      assert.equal(new Set([before, ...threads]).size, 5, `a new thread each time: ${[before, ...threads].join(', ')}`);
    } finally {
      delete process.env['VSCODE_INSPECTOR_OPTIONS'];
    }
    // Reused: some call runs on a thread an earlier one ran on (not always the one just before:
    // a call that comes before its predecessor's thread has said it is clean takes another
    // waiting thread, as the clean-clone CI saw: 80, 81, 80).
    const again = [await threadOf(), await threadOf(), await threadOf(), await threadOf()];
    assert.ok(new Set(again).size < again.length, `threads are reused again once no debugger is there: ${again.join(', ')}`);
  });

  it('keeps the thread when the computation changed nothing, used lazily loaded globals, printed, closed what it opened, or threw', async () => {
    assert.equal(await sameThreadAfter(() => [1, 2, 3].map((x) => x * 2).length * 0 + require('node:worker_threads').threadId), true);
    assert.equal(await sameThreadAfter(() => { console.log('printed by a computation'); return require('node:worker_threads').threadId; }), true);
    assert.equal(await sameThreadAfter(() => { new ReceivePort('closed').close(); return require('node:worker_threads').threadId; }), true);
    assert.equal(await sameThreadAfter(async () => (await require('node:fs').promises.readFile(__filename)).length * 0 + require('node:worker_threads').threadId), true);
    assert.equal(await sameThreadAfter(() => (new TextEncoder().encode('x').length + new Blob(['ab']).size + structuredClone({ a: 1 }).a) * 0 + require('node:worker_threads').threadId), true);
    const thrown = await Isolate.run(() => { throw new RangeError(String(require('node:worker_threads').threadId)); }).catch((error: Error) => error);
    assert.ok(thrown instanceof RangeError);
    assert.ok(await runsNext(Number(thrown.message)), 'the thread of a computation that threw runs the next ones');
  });

  const leftovers: [string, () => unknown, () => unknown][] = [
    ['a global', () => { (globalThis as { leaked?: number }).leaked = 1; return require('node:worker_threads').threadId; }, () => typeof (globalThis as { leaked?: number }).leaked],
    ['a changed built-in prototype', () => { (Array.prototype as { leaked?: number }).leaked = 1; return require('node:worker_threads').threadId; }, () => typeof ([] as { leaked?: number }).leaked],
    ['a replaced built-in', () => { Math.random = () => 4; return require('node:worker_threads').threadId; }, () => Math.random() === 4 ? 'number' : 'undefined'],
    ['process.env', () => { process.env['ISOSCOPE_LEAKED'] = '1'; return require('node:worker_threads').threadId; }, () => typeof process.env['ISOSCOPE_LEAKED']],
    ['a process listener', () => { process.on('isoscope-leaked', () => undefined); return require('node:worker_threads').threadId; }, () => (process.listenerCount('isoscope-leaked') > 0 ? 'number' : 'undefined')],
    ['a timer', () => { setTimeout(() => undefined, 60_000); return require('node:worker_threads').threadId; }, () => 'undefined'],
    ['a change to Buffer.prototype (a global behind a getter)', () => { (Buffer.prototype as { leaked?: number }).leaked = 1; return require('node:worker_threads').threadId; }, () => typeof (Buffer.prototype as { leaked?: number }).leaked],
    ['a built-in prototype replaced', () => { Object.setPrototypeOf(Array.prototype, { leaked: 1 }); return require('node:worker_threads').threadId; }, () => typeof ([] as { leaked?: number }).leaked],
    ['process.exitCode', () => { process.exitCode = 7; return require('node:worker_threads').threadId; }, () => (process.exitCode === 7 ? 'number' : 'undefined')],
    ['work that runs after its result (a promise chain that sets a global)', () => {
      void (async () => {
        for (let i = 0; i < 5; i++) await null;
        (globalThis as { late?: number }).late = 1;
      })();
      return require('node:worker_threads').threadId;
    }, () => typeof (globalThis as { late?: number }).late],
    ['an open port', () => { new ReceivePort('left open'); return require('node:worker_threads').threadId; }, () => 'undefined'],
    ['a module of its own', () => { require('../../fixtures/leakyModule.cjs').count++; return require('node:worker_threads').threadId; }, () => 'undefined'],
  ];
  for (const [what, leave, look] of leftovers) {
    it(`ends the thread when the computation leaves ${what} behind; the next does not see it`, async () => {
      assert.equal(await sameThreadAfter(leave), false);
      assert.equal(await Isolate.run(look), 'undefined');
    });
  }

  it('a module loaded by one computation starts fresh in the next', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) counts.push(await Isolate.run(() => ++require('../../fixtures/leakyModule.cjs').count));
    assert.deepEqual(counts, [1, 1, 1]);
  });

  it('an error a computation leaves for after its result does not reach the next computation', async () => {
    await Isolate.run(() => 0);
    assert.equal(await Isolate.run(() => {
      void Promise.reject(new Error('late'));
      return 'returned';
    }), 'returned');
    for (let i = 0; i < 3; i++) assert.equal(await Isolate.run(() => 'next'), 'next');
  });

  it('a kill or pause meant for a computation that has returned does not reach the next one on its thread', async () => {
    await Isolate.run(() => 0);
    const { Isolate: IsolateClass } = await import('isoscope');
    // The computation hands its own Isolate out; main kills and pauses it after it returned.
    const { id, controlPort, pause, terminate } = await Isolate.run(() => {
      const self = Isolate.current;
      return { id: self.id, controlPort: self.controlPort, pause: self.pauseCapability, terminate: self.terminateCapability };
    });
    const old = new IsolateClass(id, 'old', controlPort, pause, terminate);
    old.kill();
    old.pause();
    for (let i = 0; i < 3; i++) assert.equal(await Isolate.run((n: number) => n + 1, { args: [i] }), i + 1);
    // Nor can its capabilities kill the computation now on its thread, with that one's id.
    const next = Isolate.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'survived';
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let guess = id + 1; guess < id + 4; guess++) new IsolateClass(guess, 'guess', controlPort, pause, terminate).kill({ priority: IsolateClass.immediate });
    assert.equal(await next, 'survived');
  });

  it('a pause a computation asks for itself does not reach the next computation', async () => {
    await Isolate.run(() => { Isolate.current.pause(); });
    for (let i = 0; i < 3; i++) assert.equal(await Isolate.run(() => 'not paused'), 'not paused');
  });

  it('a computation aborted on a reused thread ends it, and the next computation runs', async () => {
    await Isolate.run(() => 0);
    const controller = new AbortController();
    const stuck = Isolate.run(() => { for (;;) { /* spins */ } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(stuck, { name: 'AbortError' });
    assert.equal(await Isolate.run(() => 'still works'), 'still works');
  });

  it('idle threads do not keep the program alive, and a new process\'s first computation hands its thread on', () => {
    const program = fileURLToPath(new URL('../../fixtures/runBackToBack.cjs', import.meta.url));
    const started = Date.now();
    const result = spawnSync(process.execPath, [program], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), '20 computations on at most 2 threads, the first thread again');
    assert.ok(Date.now() - started < 10_000);
  });
});
