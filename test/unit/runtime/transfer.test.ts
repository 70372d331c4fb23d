import assert from 'node:assert/strict';
import { Isolate, SendPort, TransferableTypedData } from 'isoscope';
import { Inbox } from '../helpers.js';

describe('TransferableTypedData', () => {
  it('moves its bytes to another isolate without copying, and materializes once', async () => {
    const inbox = new Inbox();
    await Isolate.spawn((p: SendPort) => {
      const data = TransferableTypedData.fromList([new Uint8Array([1, 2]), new Uint16Array([0x0403])]);
      p.send(data);
      let usedUp = false;
      try {
        data.materialize();
      } catch {
        usedUp = true;
      }
      p.send(usedUp);
    }, inbox.sendPort);
    const received = await inbox.next<TransferableTypedData>();
    assert.ok(received instanceof TransferableTypedData);
    assert.equal(await inbox.next(), true, 'the sender can no longer take the bytes');
    const bytes = new Uint8Array(received.materialize());
    assert.deepEqual([...bytes], [1, 2, 3, 4]);
    assert.throws(() => received.materialize(), /already been materialized/);
    inbox.close();
  });
});

describe('Isolate.exit', () => {
  it('ends the isolate and hands over the message with its ArrayBuffers moved', async () => {
    const inbox = new Inbox();
    // The isolate records, as it exits, whether its buffer was moved (detached) or copied.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    await Isolate.spawn(([p, shared]: [SendPort, Int32Array]) => {
      const buffer = new ArrayBuffer(8 * 1024 * 1024);
      new Uint8Array(buffer)[42] = 42;
      process.once('exit', () => Atomics.store(shared, 0, buffer.byteLength === 0 ? 1 : 2));
      setInterval(() => {}, 1000); // would keep running, but exit ends it
      Isolate.exit(p, { buffer, note: 'bye' });
    }, [inbox.sendPort, flag], { onExit: inbox.sendPort });
    // The message and the exit notification come through different ports, and Node orders
    // messages per port only: under load the notification can come first (about 1 run in 75).
    const both = [await inbox.next<{ buffer: ArrayBuffer; note: string } | null>(), await inbox.next<{ buffer: ArrayBuffer; note: string } | null>()];
    assert.equal(both.filter((m) => m === null).length, 1, 'exit listeners fire, once');
    const result = both.find((m) => m !== null)!;
    assert.equal(result.note, 'bye');
    assert.equal(result.buffer.byteLength, 8 * 1024 * 1024);
    assert.equal(new Uint8Array(result.buffer)[42], 42);
    assert.equal(Atomics.load(flag, 0), 1, 'the buffer was moved, not copied');
    inbox.close();
  });
});
