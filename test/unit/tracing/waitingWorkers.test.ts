// Threads that never return to their event loop (tinypool's workers park in Atomics.wait
// between tasks) cannot sample themselves: their parent samples them, and time blocked in
// Atomics.wait counts as idle.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TraceEvent } from 'isoscope';
import { fixtures, keepLastTrace, ofType, register, runTraced } from './traceHelpers.js';

/** The share of the sampled time a thread was busy, each sample weighted by its span. */
function busyShare(samples: Extract<TraceEvent, { type: 'heap' }>[]): number {
  let busy = 0;
  let span = 0;
  for (let i = 1; i < samples.length; i++) {
    const dt = samples[i]!.t - samples[i - 1]!.t;
    busy += samples[i]!.elu * dt;
    span += dt;
  }
  return busy / span;
}

describe('tracing: threads that never return to their event loop', function () {
  this.timeout(60_000);

  it('Atomics.wait, timed in a traced thread, answers as Node\'s does and keeps its name and length', () => {
    const program = `const a = new Int32Array(new SharedArrayBuffer(4));
      let refused; try { Atomics.wait(new Int32Array(4), 0, 0); } catch (error) { refused = error.constructor.name; }
      console.log(JSON.stringify([Atomics.wait.name, Atomics.wait.length, Atomics.wait(a, 0, 1), Atomics.wait(a, 0, 0, 5), refused]));`;
    const run = runTraced(['--require', register, '-e', program]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), ['wait', 4, 'not-equal', 'timed-out', 'TypeError']);
  });

  it('are sampled from their parent: a worker parked in Atomics.wait between tasks shows mostly idle, one computing shows busy', function () {
    const run = runTraced(['--require', register, join(fixtures, 'waitingWorkers.cjs')], { ISOSCOPE_HEAP_INTERVAL_MS: '50' });
    try {
      assert.equal(run.status, 0, run.stderr);
      // (Tasks handed over while the waiter was busy are done together.)
      const { tasks, done } = JSON.parse(run.stdout) as { tasks: number; done: number };
      assert.ok(tasks === 30 && done > 0 && done <= 30, run.stdout);
      const spawns = ofType(run.trace.list, 'spawn');
      const samplesOf = (name: string) => {
        const id = spawns.find((s) => s.debugName === name)!.isolate;
        return ofType(run.trace.list, 'heap').filter((e) => e.isolate === id).sort((a, b) => a.t - b.t);
      };
      const waiter = samplesOf('waiter');
      const spinner = samplesOf('spinner');
      // About 1.3 s at 50 ms: without the parent's samples each has the one it made at start.
      assert.ok(waiter.length >= 8, `${waiter.length} samples of the waiter`);
      assert.ok(spinner.length >= 8, `${spinner.length} samples of the spinner`);
      // 2 ms of work every 40 ms.
      assert.ok(busyShare(waiter) < 0.4, `the waiter was ${busyShare(waiter)} busy`);
      assert.ok(busyShare(spinner) > 0.9, `the spinner was ${busyShare(spinner)} busy`);
      // Its heap, as the thread last measured it.
      for (const sample of [...waiter, ...spinner]) assert.ok(sample.used > 0 && sample.total >= sample.used);
      // Both are ended with terminate(): the waiter as it waits for a task (a shutdown), the
      // spinner in the middle of its work.
      const killOf = (name: string) => ofType(run.trace.list, 'kill').find((k) => k.isolate === spawns.find((s) => s.debugName === name)!.isolate);
      assert.equal(killOf('waiter')?.idle, true);
      assert.equal(killOf('spinner')?.idle, undefined);
    } catch (error) {
      keepLastTrace('waitingWorkers');
      throw error;
    }
  });
});
