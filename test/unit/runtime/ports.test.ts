import assert from 'node:assert/strict';
import { Isolate, ReceivePort, RawReceivePort, SendPort, Capability, IsolateMessageError } from 'isoscope';
import { collect } from '../helpers.js';

describe('ports', () => {
  it('delivers messages on one port in send order, across isolates', async () => {
    const { port, messages } = collect(2000, 10000);
    await Isolate.spawn((p: SendPort) => {
      for (let i = 0; i < 2000; i++) p.send(i);
    }, port.sendPort);
    assert.deepEqual(await messages, Array.from({ length: 2000 }, (_, i) => i));
  });

  it('copies messages: the receiver gets its own copy', async () => {
    const { port, messages } = collect(1);
    const original = { list: [1, 2, 3], map: new Map([['k', new Set([1])]]), when: new Date(5) };
    port.sendPort.send(original);
    const [copy] = (await messages) as [typeof original];
    assert.notEqual(copy, original);
    assert.deepEqual(copy, original);
  });

  it('throws at send when a message cannot be copied, naming the part', () => {
    const port = new ReceivePort();
    try {
      assert.throws(() => port.sendPort.send({ a: [1, { fn: function named() {} }] }), (error: IsolateMessageError) => {
        assert.equal(error.name, 'IsolateMessageError');
        assert.match(error.message, /message\.a\[1\]\.fn is a function \(named\)/);
        return true;
      });
      assert.throws(() => port.sendPort.send(Symbol('s')), /the message is a symbol/);
      assert.throws(() => port.sendPort.send({ p: Promise.resolve() }), /message\.p is an object of type Promise/);
    } finally {
      port.close();
    }
  });

  it('keeps one SendPort object per port in each isolate, so === works', async () => {
    const { port, messages } = collect(1);
    const target = new ReceivePort();
    await Isolate.spawn(([reply, a, b]: SendPort[]) => reply.send([a === b, a, b]), [port.sendPort, target.sendPort, target.sendPort]);
    const [[same, a, b]] = (await messages) as [[boolean, SendPort, SendPort]];
    target.close();
    assert.equal(same, true);
    // Back home, a SendPort is the port's own SendPort again.
    assert.equal(a, target.sendPort);
    assert.equal(b, target.sendPort);
  });

  it('forwards a SendPort through a third isolate and it keeps working', async () => {
    const { port, messages } = collect(1);
    const relay = new ReceivePort();
    await Isolate.spawn((reply: SendPort) => {
      const inbox = new ReceivePort();
      reply.send(inbox.sendPort);
      inbox.first().then(([target, text]: [SendPort, string]) => target.send(`${text} via relay`));
    }, relay.sendPort);
    const relayInbox = (await relay.first()) as SendPort;
    relayInbox.send([port.sendPort, 'hello']);
    assert.deepEqual(await messages, ['hello via relay']);
  });

  it('drops messages sent to a closed port, as Dart does', async () => {
    const port = new ReceivePort();
    const got: unknown[] = [];
    port.listen((m) => got.push(m));
    port.close();
    port.sendPort.send('late');
    assert.equal(port.isClosed, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(got, []);
  });

  it('a closed port in another isolate silently takes no messages', async () => {
    const { port, messages } = collect(1);
    await Isolate.spawn((reply: SendPort) => {
      const inbox = new ReceivePort();
      reply.send(inbox.sendPort);
      inbox.close();
    }, port.sendPort);
    const [remote] = (await messages) as [SendPort];
    assert.doesNotThrow(() => remote.send('into the void'));
  });

  it('buffers messages until listen, and allows a single listener', async () => {
    const port = new ReceivePort();
    port.sendPort.send(1);
    port.sendPort.send(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const got: unknown[] = [];
    await new Promise<void>((resolve) => {
      port.listen((m) => {
        got.push(m);
        if (got.length === 2) resolve();
      }, { onDone: () => got.push('done') });
    });
    assert.throws(() => port.listen(() => {}), /already been listened to/);
    port.close();
    assert.deepEqual(got, [1, 2, 'done']);
  });

  it('first() resolves with the first message and closes the port', async () => {
    const port = new ReceivePort();
    port.sendPort.send('one');
    port.sendPort.send('two');
    assert.equal(await port.first(), 'one');
    assert.equal(port.isClosed, true);
  });

  it('RawReceivePort calls its handler, which can be replaced', async () => {
    const got: string[] = [];
    await new Promise<void>((resolve) => {
      const raw = new RawReceivePort((m: string) => {
        got.push(`first:${m}`);
        raw.handler = (m2: string) => {
          got.push(`second:${m2}`);
          raw.close();
          resolve();
        };
      }, 'raw');
      raw.sendPort.send('a');
      raw.sendPort.send('b');
    });
    assert.deepEqual(got, ['first:a', 'second:b']);
  });

  it('Capabilities travel and still compare equal', async () => {
    const { port, messages } = collect(1);
    const capability = new Capability();
    port.sendPort.send({ capability });
    const [{ capability: copy }] = (await messages) as [{ capability: Capability }];
    assert.ok(copy instanceof Capability);
    assert.notEqual(copy, capability);
    assert.ok(copy.equals(capability));
    assert.ok(!copy.equals(new Capability()));
  });

  it('an Isolate handle travels and controls the isolate from elsewhere', async () => {
    const exitPort = new ReceivePort();
    const target = await Isolate.spawn(() => setInterval(() => {}, 1000), null, { debugName: 'target' });
    target.addOnExitListener(exitPort.sendPort, { response: 'target exited' });
    await Isolate.spawn((handle: Isolate) => handle.kill({ priority: Isolate.immediate }), target);
    assert.equal(await exitPort.first(), 'target exited');
  });
});
