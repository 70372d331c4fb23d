import assert from 'node:assert/strict';
import { IsolatePool } from 'isoscope';

describe('IsolatePool', () => {
  it('runs many tasks on at most `size` reused isolates', async () => {
    const pool = new IsolatePool({ size: 2 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      pool.run((n: number) => ({ square: n * n, thread: require('node:worker_threads').threadId as number }), { args: [i] })));
    assert.deepEqual(results.map((r) => r.square), Array.from({ length: 50 }, (_, i) => i * i));
    assert.ok(new Set(results.map((r) => r.thread)).size <= 2);
    await pool.close();
  });

  it('does not nest back-to-back tasks on the stack while polling for the next one', async () => {
    const pool = new IsolatePool({ size: 1, idleSpinMicroseconds: 2000 });
    const stackRoom = () => {
      let depth = 0;
      const dive = (): void => {
        depth++;
        dive();
      };
      try {
        dive();
      } catch {
        // RangeError: the stack is full; depth is how much room there was.
      }
      return depth;
    };
    const first = await pool.run(stackRoom);
    let least = first;
    for (let i = 0; i < 1000; i++) least = Math.min(least, await pool.run(stackRoom));
    await pool.close();
    assert.ok(first - least < 50, `the stack lost ${first - least} frames over 1000 tasks`);
  });

  it('a poll length given in the options polls for the next task whatever the load', async () => {
    // A poll that takes the next task leaves the event loop unturned: the immediate the first
    // task queued has not run when the second starts.
    const pool = new IsolatePool({ size: 1, idleSpinMicroseconds: 200_000 });
    const seen: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      await pool.run(() => {
        const g = globalThis as { turned?: boolean };
        g.turned = false;
        setImmediate(() => { g.turned = true; });
      });
      seen.push(await pool.run(() => (globalThis as { turned?: boolean }).turned === true));
    }
    await pool.close();
    assert.ok(seen.filter((turned) => !turned).length >= 15, `the event loop turned between tasks ${seen.filter(Boolean).length} times of 20`);
  });

  it('moves buffers named in the transfer list', async () => {
    const pool = new IsolatePool({ size: 1 });
    const bytes = new Uint8Array(1024).fill(3);
    const sum = await pool.run((b: Uint8Array) => b.reduce((a, x) => a + x, 0), { args: [bytes], transfer: [bytes.buffer] });
    assert.equal(sum, 3072);
    assert.equal(bytes.byteLength, 0, 'the buffer moved to the isolate');
    await pool.close();
  });

  it('rejects with the task error and keeps working', async () => {
    const pool = new IsolatePool({ size: 1 });
    await assert.rejects(pool.run(() => { throw new SyntaxError('bad'); }), (e: Error) => e instanceof SyntaxError && e.message === 'bad');
    assert.equal(await pool.run(() => 'ok'), 'ok');
    await pool.close();
  });

  it('cancels queued tasks and kills running ones on abort', async () => {
    const pool = new IsolatePool({ size: 1 });
    const running = new AbortController();
    const queued = new AbortController();
    const first = pool.run(() => { for (;;) { /* spin */ } }, { signal: running.signal });
    const second = pool.run(() => 'never', { signal: queued.signal });
    queued.abort();
    await assert.rejects(second, { name: 'AbortError' });
    setTimeout(() => running.abort(), 30);
    await assert.rejects(first, { name: 'AbortError' });
    assert.equal(await pool.run(() => 'after abort'), 'after abort');
    await pool.close();
  });

  it('finishes queued work on close, then refuses new tasks', async () => {
    const pool = new IsolatePool({ size: 1 });
    const pending = [1, 2, 3].map((n) => pool.run((x: number) => new Promise((r) => setTimeout(() => r(x), 10)), { args: [n] }));
    const closed = pool.close();
    await assert.rejects(pool.run(() => 1), /pool is closed/i);
    assert.deepEqual(await Promise.all(pending), [1, 2, 3]);
    await closed;
    assert.equal(pool.threadCount, 0);
  });

  it('rejects a task whose isolate crashes, and replaces the isolate', async () => {
    const pool = new IsolatePool({ size: 1 });
    await assert.rejects(pool.run(() => new Promise(() => { setTimeout(() => { throw new Error('async crash'); }, 5); })), /async crash/);
    assert.equal(await pool.run(() => 'replaced'), 'replaced');
    await pool.close();
  });
});
