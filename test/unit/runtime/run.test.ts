import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { Isolate, compute, IsolateMessageError } from 'isoscope';

describe('Isolate.run', () => {
  it('returns the result of the computation with its args', async () => {
    assert.equal(await Isolate.run((a: number, b: number) => a * b, { args: [6, 7] }), 42);
    assert.deepEqual(await Isolate.run(async () => ({ ok: [1, 2] })), { ok: [1, 2] });
  });

  it('gives each computation a fresh isolate: a global one sets is not seen by the next', async () => {
    const ids = new Set<number>();
    for (let i = 0; i < 4; i++) {
      ids.add(await Isolate.run(() => {
        const g = globalThis as { seen?: boolean };
        if (g.seen) throw new Error('reused isolate');
        g.seen = true;
        return Isolate.current.id;
      }));
    }
    assert.equal(ids.size, 4);
    assert.ok(!ids.has(threadId));
  });

  it('rejects with an error of the same name and message, with the remote stack', async () => {
    await assert.rejects(Isolate.run(() => { throw new RangeError('out of range'); }), (error: Error) => {
      assert.ok(error instanceof RangeError);
      assert.equal(error.message, 'out of range');
      assert.match(error.stack!, /RangeError: out of range\n\s+at .*isoscope:entry/);
      return true;
    });
    await assert.rejects(Isolate.run(async () => {
      class ParseError extends Error { override name = 'ParseError'; code = 'E_PARSE'; }
      throw new ParseError('bad input');
    }), (error: Error & { code?: string }) => {
      assert.equal(error.name, 'ParseError');
      assert.equal(error.message, 'bad input');
      assert.equal(error.code, 'E_PARSE');
      return true;
    });
  });

  it('returns an ArrayBuffer by moving it, not copying', async () => {
    // The isolate records, as it exits, whether its buffer was moved (detached) or copied.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const buffer = await Isolate.run((shared: Int32Array) => {
      const b = new Uint8Array(16 * 1024 * 1024);
      b[0] = 7;
      b[b.length - 1] = 9;
      process.once('exit', () => Atomics.store(shared, 0, b.buffer.byteLength === 0 ? 1 : 2));
      return b.buffer;
    }, { args: [flag] });
    assert.equal(buffer.byteLength, 16 * 1024 * 1024);
    const bytes = new Uint8Array(buffer);
    assert.equal(bytes[0], 7);
    assert.equal(bytes[bytes.length - 1], 9);
    for (let i = 0; i < 100 && Atomics.load(flag, 0) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(Atomics.load(flag, 0), 1, 'the buffer was moved, not copied');
  });

  it('kills the isolate and rejects with AbortError when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const stoppable = Isolate.run(() => new Promise(() => {}), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(stoppable, (error: Error) => error.name === 'AbortError');
    assert.ok(Date.now() - started < 2000);
    const already = AbortSignal.abort();
    await assert.rejects(Isolate.run(() => 1, { signal: already }), { name: 'AbortError' });
    // A computation stuck in a loop is stopped too.
    const spinController = new AbortController();
    const spinning = Isolate.run(() => { for (;;) { /* spin */ } }, { signal: spinController.signal });
    setTimeout(() => spinController.abort(), 50);
    await assert.rejects(spinning, { name: 'AbortError' });
  });

  it('rejects when the computation ends the isolate without a result', async () => {
    await assert.rejects(Isolate.run(() => process.exit(3)), /ended without a result/);
  });

  it('rejects when the result cannot be sent back', async () => {
    await assert.rejects(Isolate.run(() => () => 1), (error: IsolateMessageError) => {
      assert.equal(error.name, 'IsolateMessageError');
      assert.match(error.message, /result could not be sent back/);
      return true;
    });
  });

  it('rejects at the call when the computation captures a variable', async () => {
    const secret = 'x';
    await assert.rejects(Isolate.run(() => secret.length), /`secret`/);
  });
});

describe('compute', () => {
  it('runs callback(message) in an isolate', async () => {
    const parsed = await compute((text: string) => JSON.parse(text) as { n: number }, '{"n": 5}', { debugLabel: 'parse' });
    assert.deepEqual(parsed, { n: 5 });
  });
});
