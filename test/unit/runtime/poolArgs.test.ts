// What an IsolatePool task's arguments are: a copy made by run(), as Isolate.run makes one,
// though the task leaves later (from the queue, or after this turn's other run() calls).
import assert from 'node:assert/strict';
import { IsolatePool, IsolateMessageError, ReceivePort, type SendPort } from 'isoscope';

const identity = (x: unknown): unknown => x;

describe('IsolatePool: a task gets its arguments as they were at run()', () => {
  it('arguments changed after run() (a reused buffer, object and array) do not change the task', async () => {
    const pool = new IsolatePool({ size: 2 });
    const buffer = new Int32Array(1);
    const object = { value: 0 };
    const args: [Int32Array, { value: number }, number] = [buffer, object, 0];
    const tasks: Promise<number[]>[] = [];
    for (let i = 0; i < 50; i++) {
      buffer[0] = i;
      object.value = i;
      args[2] = i;
      tasks.push(pool.run((b: Int32Array, o: { value: number }, n: number) => [b[0]!, o.value, n], { args }));
    }
    const results = await Promise.all(tasks);
    assert.deepEqual(results, Array.from({ length: 50 }, (_, i) => [i, i, i]));
    await pool.close();
  });

  it('a transfer list moves its buffers at run(): the caller\'s are empty at once', async () => {
    const pool = new IsolatePool({ size: 1 });
    const sums: Promise<number>[] = [];
    for (let i = 1; i <= 5; i++) {
      const bytes = new Uint8Array(1000).fill(i);
      sums.push(pool.run((b: Uint8Array) => b.reduce((a, x) => a + x, 0), { args: [bytes], transfer: [bytes.buffer] }));
      assert.equal(bytes.byteLength, 0, `task ${i}: moved by the run() call`);
    }
    assert.deepEqual(await Promise.all(sums), [1000, 2000, 3000, 4000, 5000]);
    await pool.close();
  });

  it('SendPorts in the arguments of queued tasks reach each task live', async () => {
    const pool = new IsolatePool({ size: 2 });
    const port = new ReceivePort();
    const got: number[] = [];
    port.listen((n) => got.push(n as number));
    const sent = await Promise.all(Array.from({ length: 30 }, (_, i) => pool.run((reply: SendPort, n: number) => {
      reply.send(n * 10);
      return n;
    }, { args: [port.sendPort, i] })));
    assert.deepEqual(sent, Array.from({ length: 30 }, (_, i) => i));
    for (let wait = 0; got.length < 30 && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(got.sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i * 10));
    port.close();
    await pool.close();
  });

  it('arguments that cannot be copied reject at run(), naming the part, before any isolate starts', async () => {
    const pool = new IsolatePool({ size: 1 });
    await assert.rejects(pool.run(identity, { args: [{ nested: { callback: () => 1 } }] }), (error: unknown) => {
      assert.ok(error instanceof IsolateMessageError, String(error));
      assert.match(error.message, /nested\.callback/);
      return true;
    });
    assert.equal(pool.threadCount, 0);
    assert.equal(await pool.run(identity, { args: ['still works'] }), 'still works');
    await pool.close();
  });

  it('big arguments: the caller keeps its buffer, and changes after run() do not reach the task', async () => {
    const pool = new IsolatePool({ size: 1 });
    const big = new Uint8Array(2 << 20).fill(1);
    const sums: Promise<number>[] = [];
    for (let i = 1; i <= 3; i++) {
      big.fill(i);
      sums.push(pool.run((b: Uint8Array) => b[0]! + b[b.length - 1]!, { args: [big] }));
      assert.equal(big.byteLength, 2 << 20, 'the caller\'s buffer stays its own');
    }
    assert.deepEqual(await Promise.all(sums), [2, 4, 6]);
    await pool.close();
  });

  it('a task with big copied buffers (moved from the pool\'s copy) sent ahead to an isolate that dies fails saying so; one with small ones runs on another', async () => {
    const pool = new IsolatePool({ size: 1 });
    await Promise.all(Array.from({ length: 300 }, (_, i) => pool.run(identity, { args: [i] })));
    const first = (b: Uint8Array): number => b[0]!;
    const dies = pool.run(() => process.exit(7));
    const big = Array.from({ length: 8 }, () => pool.run(first, { args: [new Uint8Array(1 << 20).fill(2)] }));
    const small = Array.from({ length: 8 }, () => pool.run(first, { args: [new Uint8Array(1024).fill(3)] }));
    await assert.rejects(dies, /exited \(code 7\) while running a task/);
    assert.deepEqual(await Promise.all(small), Array.from({ length: 8 }, () => 3), 'retried on the next isolate');
    const settled = await Promise.allSettled(big);
    assert.ok(settled.some((s) => s.status === 'rejected'), 'some were sent ahead to the isolate that died');
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') assert.equal(outcome.value, 2);
      else assert.match(String(outcome.reason), /before running this task, and the buffers or ports its arguments moved had gone to it/);
    }
    await pool.close();
  });

  it('a task whose buffers were sent ahead to an isolate that dies fails saying so; the others run on', async () => {
    const pool = new IsolatePool({ size: 1 });
    // Short tasks first, so the pool sends the ones below ahead, several to a message.
    await Promise.all(Array.from({ length: 300 }, (_, i) => pool.run(identity, { args: [i] })));
    const sum = (b: Uint8Array): number => b.reduce((a, x) => a + x, 0);
    const dies = pool.run(() => process.exit(7));
    const behind = Array.from({ length: 20 }, () => {
      const bytes = new Uint8Array(10).fill(1);
      return pool.run(sum, { args: [bytes], transfer: [bytes.buffer] });
    });
    const plain = Array.from({ length: 5 }, (_, i) => pool.run(identity, { args: [i] }));
    await assert.rejects(dies, /exited \(code 7\) while running a task/);
    const settled = await Promise.allSettled(behind);
    const failed = settled.filter((s) => s.status === 'rejected');
    assert.ok(failed.length > 0, 'some were sent ahead to the isolate that died');
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') assert.equal(outcome.value, 10);
      else assert.match(String(outcome.reason), /exited \(code 7\) before running this task, and the buffers or ports its arguments moved had gone to it/);
    }
    assert.deepEqual(await Promise.all(plain), [0, 1, 2, 3, 4]);
    await pool.close();
  });
});
