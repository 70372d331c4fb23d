import assert from 'node:assert/strict';
import { Isolate, ReceivePort, SendPort, RemoteError } from 'isoscope';
import { Inbox } from '../helpers.js';

describe('uncaught errors', () => {
  it('with errorsAreFatal (the default) end the isolate: error listeners, then exit listeners', async () => {
    const inbox = new Inbox();
    await Isolate.spawn(() => {
      setTimeout(() => { throw new TypeError('boom'); }, 10);
      setInterval(() => {}, 1000);
    }, null, { onError: inbox.sendPort, onExit: inbox.sendPort, debugName: 'crasher' });
    const [description, stack] = await inbox.next<[string, string]>();
    assert.equal(description, 'TypeError: boom');
    assert.match(stack, /TypeError: boom\n\s+at /);
    assert.equal(await inbox.next(), null);
    inbox.close();
  });

  it('a rejected promise in the entry is an uncaught error too', async () => {
    const inbox = new Inbox();
    await Isolate.spawn(async () => { throw new Error('async boom'); }, null, { onError: inbox.sendPort, onExit: inbox.sendPort });
    assert.equal((await inbox.next<string[]>())[0], 'Error: async boom');
    assert.equal(await inbox.next(), null);
    inbox.close();
  });

  it('with errorsAreFatal false the isolate keeps running', async () => {
    const inbox = new Inbox();
    await Isolate.spawn((p: SendPort) => {
      const port = new ReceivePort();
      p.send(port.sendPort);
      port.listen((m: string) => {
        if (m === 'throw') throw new Error('survivable');
        p.send(`still here: ${m}`);
        port.close();
      });
    }, inbox.sendPort, { errorsAreFatal: false, onError: inbox.sendPort });
    const port = await inbox.next<SendPort>();
    port.send('throw');
    assert.equal((await inbox.next<string[]>())[0], 'Error: survivable');
    port.send('ping');
    assert.equal(await inbox.next(), 'still here: ping');
    inbox.close();
  });

  it('setErrorsFatal(false) at run time keeps the isolate alive', async () => {
    const inbox = new Inbox();
    const isolate = await Isolate.spawn((p: SendPort) => {
      const port = new ReceivePort();
      p.send(port.sendPort);
      port.listen((m: string) => {
        if (m === 'throw') throw new Error('tolerated');
        p.send(m);
        port.close();
      });
    }, inbox.sendPort);
    isolate.setErrorsFatal(false);
    isolate.addErrorListener(inbox.sendPort);
    const port = await inbox.next<SendPort>();
    port.send('throw');
    assert.equal((await inbox.next<string[]>())[0], 'Error: tolerated');
    port.send('after');
    assert.equal(await inbox.next(), 'after');
    inbox.close();
  });

  it('isolate.errors yields RemoteErrors and ends when the isolate exits', async () => {
    const isolate = await Isolate.spawn(() => {
      setTimeout(() => { throw new Error('first'); }, 20);
      setTimeout(() => { throw new Error('second'); }, 40);
      setTimeout(() => process.exit(0), 80);
    }, null, { errorsAreFatal: false, paused: true });
    const seen: RemoteError[] = [];
    const iterating = (async () => {
      for await (const error of isolate.errors) seen.push(error);
    })();
    isolate.resume(isolate.pauseCapability!);
    await iterating;
    assert.deepEqual(seen.map((e) => e.message), ['Error: first', 'Error: second']);
    assert.ok(seen[0] instanceof RemoteError);
    assert.match(seen[0]!.stackTrace, /Error: first/);
  });
});
