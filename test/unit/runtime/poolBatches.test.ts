// IsolatePool sends tasks ahead, several in one message, once it has seen that tasks are
// short (tracing/events.test.ts checks that it does, with one send and one receive per task).
// Whatever a batch holds, each task settles on its own, as it would have alone.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IsolatePool, IsolateMessageError } from 'isoscope';

const identity = (x: number): number => x;

/** Short tasks, so that the pool sends the next ones ahead in batches. */
async function warmUp(pool: IsolatePool): Promise<void> {
  await Promise.all(Array.from({ length: 300 }, (_, i) => pool.run(identity, { args: [i] })));
}

describe('IsolatePool: tasks sent ahead in batches', () => {
  it('runs thousands of queued tasks, each with its own result, in order', async () => {
    const pool = new IsolatePool({ size: 2 });
    const results = await Promise.all(Array.from({ length: 5000 }, (_, i) => pool.run((x: number) => x * 2, { args: [i] })));
    assert.deepEqual(results, Array.from({ length: 5000 }, (_, i) => i * 2));
    await pool.close();
  });

  it('a task that throws fails alone; the tasks around it succeed', async () => {
    const pool = new IsolatePool({ size: 1 });
    await warmUp(pool);
    const tasks = Array.from({ length: 20 }, (_, i) => pool.run((x: number) => {
      if (x === 7) throw new RangeError(`task ${x} failed`);
      return x;
    }, { args: [i] }));
    const settled = await Promise.allSettled(tasks);
    settled.forEach((outcome, i) => {
      if (i === 7) assert.ok(outcome.status === 'rejected' && outcome.reason instanceof RangeError && outcome.reason.message === 'task 7 failed');
      else assert.deepEqual(outcome, { status: 'fulfilled', value: i });
    });
    await pool.close();
  });

  it('a task whose argument cannot be copied fails alone; the others of its batch run', async () => {
    const pool = new IsolatePool({ size: 1 });
    await warmUp(pool);
    const tasks = Array.from({ length: 20 }, (_, i) => pool.run((x: unknown) => typeof x, { args: [i === 5 ? () => i : i] }));
    const settled = await Promise.allSettled(tasks);
    settled.forEach((outcome, i) => {
      if (i === 5) assert.ok(outcome.status === 'rejected' && outcome.reason instanceof IsolateMessageError, String(outcome.status === 'rejected' ? outcome.reason : outcome.value));
      else assert.deepEqual(outcome, { status: 'fulfilled', value: 'number' });
    });
    await pool.close();
  });

  it('a task that returns a promise holds back the tasks behind it until it settles', async () => {
    const pool = new IsolatePool({ size: 1 });
    await warmUp(pool);
    const slow = pool.run(() => {
      const g = globalThis as { busy?: boolean };
      g.busy = true;
      return new Promise<string>((resolve) => setTimeout(() => {
        g.busy = false;
        resolve('slow');
      }, 50));
    });
    const behind = Array.from({ length: 5 }, () => pool.run(() => (globalThis as { busy?: boolean }).busy === true ? 'overlapped' : 'after'));
    assert.deepEqual(await Promise.all([slow, ...behind]), ['slow', 'after', 'after', 'after', 'after', 'after']);
    await pool.close();
  });

  it('long tasks after short ones still spread over the isolates', async () => {
    const pool = new IsolatePool({ size: 2 });
    await warmUp(pool);
    const busyThread = (): number => {
      const until = Date.now() + 150;
      while (Date.now() < until) { /* busy */ }
      return require('node:worker_threads').threadId as number;
    };
    const threads = await Promise.all([pool.run(busyThread), pool.run(busyThread)]);
    assert.equal(new Set(threads).size, 2, 'both long tasks ran on the same isolate');
    await pool.close();
  });

  it('when an isolate dies, the task it ran fails and the tasks sent ahead to it run on another', async () => {
    const pool = new IsolatePool({ size: 1 });
    await warmUp(pool);
    const where = (x: number): [number, number] => [x, require('node:worker_threads').threadId as number];
    const before = Array.from({ length: 10 }, (_, i) => pool.run(where, { args: [i] }));
    const dies = pool.run(() => process.exit(7));
    const behind = Array.from({ length: 10 }, (_, i) => pool.run(where, { args: [i] }));
    await assert.rejects(dies, /exited \(code 7\) while running a task/);
    // Those that ran before it keep their results; those behind it ran on the replacement.
    const [done, moved] = [await Promise.all(before), await Promise.all(behind)];
    assert.deepEqual(done.map(([x]) => x), Array.from({ length: 10 }, (_, i) => i));
    assert.deepEqual(moved.map(([x]) => x), Array.from({ length: 10 }, (_, i) => i));
    assert.equal(new Set(moved.map(([, thread]) => thread)).size, 1);
    assert.notEqual(moved[0]![1], done[0]![1]);
    await pool.close();
  });

  it('when an isolate is killed, the task it ran fails and the tasks sent ahead to it run on another', async () => {
    const pool = new IsolatePool({ size: 1 });
    await warmUp(pool);
    const before = Array.from({ length: 10 }, (_, i) => pool.run(identity, { args: [i] }));
    // Its own Isolate handle asks the pool's thread to kill it now (terminate(), from outside).
    const killed = pool.run(() => {
      const { Isolate } = require('isoscope') as typeof import('isoscope');
      Isolate.current.kill({ priority: Isolate.immediate });
      return new Promise(() => undefined);
    });
    const behind = Array.from({ length: 10 }, (_, i) => pool.run(identity, { args: [i] }));
    await assert.rejects(killed, /exited \(code 1\) while running a task/);
    assert.deepEqual(await Promise.all(before), Array.from({ length: 10 }, (_, i) => i));
    assert.deepEqual(await Promise.all(behind), Array.from({ length: 10 }, (_, i) => i));
    await pool.close();
  });

  it('an uncaught error fails the task that ran; the tasks behind it run on the replacement', async () => {
    const pool = new IsolatePool({ size: 1 });
    await warmUp(pool);
    const crashes = pool.run(() => new Promise(() => {
      setTimeout(() => {
        throw new Error('async crash');
      }, 5);
    }));
    const behind = Array.from({ length: 10 }, (_, i) => pool.run(identity, { args: [i] }));
    await assert.rejects(crashes, /async crash/);
    assert.deepEqual(await Promise.all(behind), Array.from({ length: 10 }, (_, i) => i));
    await pool.close();
  });

  it('close() finishes every queued and sent-ahead task, then ends the isolates', async () => {
    const pool = new IsolatePool({ size: 2 });
    await warmUp(pool);
    const pending = Array.from({ length: 2000 }, (_, i) => pool.run(identity, { args: [i] }));
    const closed = pool.close();
    assert.deepEqual(await Promise.all(pending), Array.from({ length: 2000 }, (_, i) => i));
    await closed;
    assert.equal(pool.threadCount, 0);
  });

  it('an abortable task waits for an isolate of its own: aborting it kills no other task', async () => {
    const pool = new IsolatePool({ size: 1 });
    await warmUp(pool);
    const controller = new AbortController();
    const before = Array.from({ length: 10 }, (_, i) => pool.run(identity, { args: [i] }));
    const abortable = pool.run(() => { for (;;) { /* until killed */ } }, { signal: controller.signal });
    const after = Array.from({ length: 10 }, (_, i) => pool.run(identity, { args: [i] }));
    assert.deepEqual(await Promise.all(before), Array.from({ length: 10 }, (_, i) => i));
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(abortable, { name: 'AbortError' });
    assert.deepEqual(await Promise.all(after), Array.from({ length: 10 }, (_, i) => i));
    await pool.close();
  });

  it('an error an isolate throws between tasks fails none of the tasks sent ahead to it; they run on', async () => {
    const pool = new IsolatePool({ size: 1 });
    const late = pool.run(() => {
      setTimeout(() => {
        throw new Error('late error');
      }, 0);
      return 'returned';
    });
    const after = Array.from({ length: 50 }, (_, i) => pool.run((n: number) => n + 1, { args: [i] }));
    assert.equal(await late, 'returned');
    assert.deepEqual(await Promise.all(after), Array.from({ length: 50 }, (_, i) => i + 1));
    await pool.close();
  });

  it('when no isolate can start, its task fails after a few tries instead of isolates started for ever', async () => {
    const preload = fileURLToPath(new URL('../../fixtures/noWorkers.cjs', import.meta.url));
    const program = fileURLToPath(new URL('../../fixtures/poolCannotStart.cjs', import.meta.url));
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--require', preload, program], { timeout: 20_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
    });
    assert.match(output, /^rejected: IsolatePool: 3 isolates of "pool" exited .* before running this task\.$/);
  });

  it('refuses an idle poll that is not a number of microseconds', () => {
    for (const idleSpinMicroseconds of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new IsolatePool({ idleSpinMicroseconds }), RangeError);
    }
  });
});
