import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { Isolate, ReceivePort, SendPort, IsolateSpawnException, IsolateMessageError } from 'isoscope';
import { collect } from '../helpers.js';

describe('Isolate.spawn', () => {
  it('runs the entry in another thread with the message', async () => {
    const { port, messages } = collect(1);
    const isolate = await Isolate.spawn((p: SendPort) => p.send({ thread: require('node:worker_threads').threadId, name: Isolate.current.debugName }), port.sendPort, { debugName: 'echo' });
    const [reply] = (await messages) as [{ thread: number; name: string }];
    assert.notEqual(reply.thread, threadId);
    assert.equal(reply.thread, isolate.id);
    assert.equal(reply.name, 'echo');
    assert.equal(isolate.debugName, 'echo');
  });

  it('supports the two-way handshake: the isolate sends back its own SendPort', async () => {
    const replies = new ReceivePort();
    await Isolate.spawn((main: SendPort) => {
      const inbox = new ReceivePort('inbox');
      main.send(inbox.sendPort);
      inbox.listen((n: number) => {
        if (n < 0) inbox.close();
        else main.send(n * n);
      });
    }, replies.sendPort);
    const got: unknown[] = [];
    let inbox: SendPort | undefined;
    for await (const message of replies) {
      if (message instanceof SendPort) {
        inbox = message;
        for (const n of [1, 2, 3]) inbox.send(n);
        continue;
      }
      got.push(message);
      if (got.length === 3) break;
    }
    inbox!.send(-1);
    assert.deepEqual(got, [1, 4, 9]);
  });

  it('names an outer variable the entry uses, instead of failing inside the worker', async () => {
    const scale = 3;
    await assert.rejects(
      Isolate.spawn((p: SendPort) => p.send(scale), null as unknown as SendPort),
      (error: IsolateSpawnException) => {
        assert.equal(error.name, 'IsolateSpawnException');
        assert.equal(error.code, 'ISOSCOPE_CAPTURES_OUTER_VARIABLE');
        assert.match(error.message, /`scale`/);
        assert.match(error.message, /share no memory/);
        assert.match(error.message, /args|message/);
        return true;
      },
    );
  });

  it('rejects functions that have no source to send', async () => {
    await assert.rejects(Isolate.spawn(Math.max as never, null), /built-in or bound function/);
    await assert.rejects(Isolate.spawn(((x: unknown) => x).bind(null) as never, null), /built-in or bound function/);
    await assert.rejects(Isolate.spawn('not a function' as never, null), /must be a function/);
  });

  it('accepts method shorthand', async () => {
    const { port, messages } = collect(1);
    const entries = {
      start(p: SendPort) {
        p.send('method');
      },
    };
    await Isolate.spawn(entries.start, port.sendPort);
    assert.deepEqual(await messages, ['method']);
  });

  it('resolves require() and import() relative to the module that called spawn', async () => {
    const { port, messages } = collect(2);
    await Isolate.spawn(async (p: SendPort) => {
      p.send(require('../../fixtures/greeter.cjs').greet('isolate'));
      const esm = await import('../../fixtures/esmGreeter.mjs');
      p.send(esm.greet('isolate'));
    }, port.sendPort);
    assert.deepEqual(await messages, ['hello, isolate', 'bonjour, isolate']);
  });

  it('throws at spawn when the message cannot be copied, naming what', async () => {
    await assert.rejects(
      Isolate.spawn((m: unknown) => m, { nested: { callback: () => 1 } }),
      (error: IsolateMessageError) => {
        assert.equal(error.name, 'IsolateMessageError');
        assert.match(error.message, /message\.nested\.callback is a function/);
        return true;
      },
    );
  });

  it('rejects with IsolateSpawnException when the entry fails to load', async () => {
    await assert.rejects(Isolate.spawnUri('../../fixtures/noMain.mjs', [], null), (error: IsolateSpawnException) => {
      assert.equal(error.name, 'IsolateSpawnException');
      assert.match(error.message, /no exported function main/);
      return true;
    });
    await assert.rejects(Isolate.spawnUri('../../fixtures/doesNotExist.mjs', [], null), /failed to load|Cannot find module/);
  });
});

describe('Isolate.spawnUri', () => {
  it("calls the module's main(args, message)", async () => {
    const { port, messages } = collect(1);
    const isolate = await Isolate.spawnUri('../../fixtures/uriMain.mjs', ['a', 'b'], port.sendPort);
    assert.deepEqual(await messages, [{ args: ['a', 'b'], isolate: 'worker' }]);
    assert.equal(isolate.debugName, 'uriMain');
  });
});

describe('spawned paused', () => {
  it('runs the entry only after resume(pauseCapability)', async () => {
    const { port, messages } = collect(1);
    const started = Date.now();
    const isolate = await Isolate.spawn((p: SendPort) => p.send(Date.now()), port.sendPort, { paused: true });
    await new Promise((resolve) => setTimeout(resolve, 150));
    isolate.resume(isolate.pauseCapability!);
    const [ranAt] = (await messages) as [number];
    assert.ok(ranAt - started >= 140, `the entry ran ${ranAt - started}ms after spawn`);
  });
});
