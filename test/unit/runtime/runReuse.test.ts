// Isolate.run on a reused thread: a computation that left nothing behind hands its thread to
// the next, which is still a new isolate; one that left anything behind ends its thread, so
// the next never sees it (worker/cleanSlate.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Isolate, ReceivePort } from 'isoscope';

const threadOf = (): Promise<number> => Isolate.run(() => require('node:worker_threads').threadId as number);

/** Runs `leave` (a computation that may leave something behind), then a computation right
 * after; says whether that one ran on the same thread. */
async function sameThreadAfter(leave: () => unknown): Promise<boolean> {
  await Isolate.run(() => 0);
  const before = await threadOf();
  await Isolate.run(leave);
  // Only the thread the computation ran on is idle now: the next goes there if it stayed.
  const after = await threadOf();
  return before === after;
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

  it('keeps the thread when the computation changed nothing, used lazily loaded globals, or threw', async () => {
    assert.equal(await sameThreadAfter(() => [1, 2, 3].map((x) => x * 2)), true);
    assert.equal(await sameThreadAfter(() => new TextEncoder().encode('x').length + new Blob(['ab']).size + structuredClone({ a: 1 }).a), true);
    assert.equal(await sameThreadAfter(() => { throw new Error('thrown'); }).catch(() => 'rejected'), 'rejected');
    await Isolate.run(() => 0);
    const before = await threadOf();
    await assert.rejects(Isolate.run(() => { throw new RangeError('thrown'); }), RangeError);
    assert.equal(await threadOf(), before);
  });

  const leftovers: [string, () => unknown, () => unknown][] = [
    ['a global', () => { (globalThis as { leaked?: number }).leaked = 1; }, () => typeof (globalThis as { leaked?: number }).leaked],
    ['a changed built-in prototype', () => { (Array.prototype as { leaked?: number }).leaked = 1; }, () => typeof ([] as { leaked?: number }).leaked],
    ['a replaced built-in', () => { Math.random = () => 4; }, () => Math.random() === 4 ? 'number' : 'undefined'],
    ['process.env', () => { process.env['ISOSCOPE_LEAKED'] = '1'; }, () => typeof process.env['ISOSCOPE_LEAKED']],
    ['a process listener', () => { process.on('isoscope-leaked', () => undefined); }, () => (process.listenerCount('isoscope-leaked') > 0 ? 'number' : 'undefined')],
    ['a timer', () => { setTimeout(() => undefined, 60_000); }, () => 'undefined'],
    ['an open port', () => { new ReceivePort('left open'); }, () => 'undefined'],
    ['a module of its own', () => { require('../../fixtures/leakyModule.cjs').count++; }, () => 'undefined'],
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
    assert.equal(result.stdout.trim(), '20 computations on 1 thread(s)');
    assert.ok(Date.now() - started < 10_000);
  });
});
