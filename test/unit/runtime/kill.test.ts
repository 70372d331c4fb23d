import assert from 'node:assert/strict';
import { Isolate, ReceivePort, SendPort } from 'isoscope';
import { Inbox, sleep } from '../helpers.js';

describe('kill', () => {
  it('immediate stops an isolate stuck in while (true) within 100 ms', async () => {
    const inbox = new Inbox();
    const isolate = await Isolate.spawn((p: SendPort) => {
      p.send('spinning');
      for (;;) { /* busy forever */ }
    }, inbox.sendPort, { onExit: inbox.sendPort });
    assert.equal(await inbox.next(), 'spinning');
    await sleep(20);
    const killedAt = performance.now();
    isolate.kill({ priority: Isolate.immediate });
    assert.equal(await inbox.next(), null);
    const took = performance.now() - killedAt;
    inbox.close();
    assert.ok(took < 100, `took ${took.toFixed(1)} ms`);
  });

  it('beforeNextEvent lets the running event finish, then no other event runs', async () => {
    const inbox = new Inbox();
    const isolate = await Isolate.spawn((p: SendPort) => {
      const port = new ReceivePort();
      p.send(port.sendPort);
      port.listen((n: number) => {
        p.send(`event ${n} started`);
        const until = Date.now() + 300;
        while (Date.now() < until) { /* a long event */ }
        p.send(`event ${n} finished`);
      });
    }, inbox.sendPort);
    isolate.addOnExitListener(inbox.sendPort, { response: 'exited' });
    const port = await inbox.next<SendPort>();
    port.send(1);
    assert.equal(await inbox.next(), 'event 1 started'); // it runs for 300 ms from now
    isolate.kill(); // beforeNextEvent is the default
    port.send(2);
    assert.equal(await inbox.next(), 'event 1 finished');
    assert.equal(await inbox.next(), 'exited');
    await sleep(50);
    inbox.close();
    assert.deepEqual(inbox.pending, []);
  });

  it('exit and error responses come after every message the isolate sent to the same port', async () => {
    // The isolate's messages come on its own channel, the responses from the parent thread:
    // the parent takes what the isolate sent before it answers.
    const COUNT = 20_000;
    const endings = {
      returned: () => undefined,
      beforeNextEvent: () => setTimeout(() => Isolate.current.kill(), 0),
      threw: () => setTimeout(() => { throw new Error('ended by an error'); }, 0),
    };
    for (const [how, end] of Object.entries(endings)) {
      const inbox = new Inbox();
      const isolate = await Isolate.spawn(({ p, count, ending }: { p: SendPort; count: number; ending: string }) => {
        for (let i = 0; i < count; i++) p.send(i);
        new Function('Isolate', `return ${ending}`)(Isolate)();
      }, { p: inbox.sendPort, count: COUNT, ending: end.toString() }, { paused: true });
      isolate.addOnExitListener(inbox.sendPort, { response: 'exited' });
      isolate.addErrorListener(inbox.sendPort);
      isolate.resume(isolate.pauseCapability!);
      const got: unknown[] = [];
      for (let message = await inbox.next(); message !== 'exited'; message = await inbox.next()) got.push(message);
      inbox.port.close();
      const numbers = got.filter((m) => typeof m === 'number');
      assert.equal(numbers.length, COUNT, `${how}: every message came before the exit response`);
      assert.ok(numbers.every((n, i) => n === i), `${how}: in order`);
      const errors = got.slice(COUNT);
      if (how === 'threw') assert.match(String((errors[0] as string[] | undefined)?.[0]), /ended by an error/, 'the error response came after the messages');
      assert.equal(errors.length, how === 'threw' ? 1 : 0, `${how}: ${JSON.stringify(errors)}`);
    }
  });

  it('exit listeners receive their response; killing a dead isolate does nothing', async () => {
    const inbox = new Inbox();
    const isolate = await Isolate.spawn(() => setInterval(() => {}, 1000), null);
    isolate.addOnExitListener(inbox.sendPort, { response: { who: 'first' } });
    isolate.addOnExitListener(inbox.sendPort, { response: 'replaced: one listener per port' });
    const removed = new ReceivePort();
    isolate.addOnExitListener(removed.sendPort);
    isolate.removeOnExitListener(removed.sendPort);
    removed.close();
    isolate.kill({ priority: Isolate.immediate });
    assert.equal(await inbox.next(), 'replaced: one listener per port');
    assert.doesNotThrow(() => isolate.kill({ priority: Isolate.immediate }));
    assert.doesNotThrow(() => isolate.kill());
    // A listener added after the exit is answered at once instead of never.
    isolate.addOnExitListener(inbox.sendPort, { response: 'already gone' });
    assert.equal(await inbox.next(), 'already gone');
    inbox.close();
  });

  it('an isolate can kill itself through Isolate.current', async () => {
    const inbox = new Inbox();
    await Isolate.spawn((p: SendPort) => {
      setInterval(() => {}, 1000);
      p.send('alive');
      Isolate.current.kill({ priority: Isolate.immediate });
    }, inbox.sendPort, { onExit: inbox.sendPort });
    assert.equal(await inbox.next(), 'alive');
    assert.equal(await inbox.next(), null);
    inbox.close();
  });

  it('ping answers immediately, or after the current event', async () => {
    const inbox = new Inbox();
    const isolate = await Isolate.spawn((p: SendPort) => {
      const port = new ReceivePort();
      p.send(port.sendPort);
      port.listen(() => {
        p.send('busy started');
        const until = Date.now() + 300;
        while (Date.now() < until) { /* busy */ }
        p.send('busy done');
      });
      setTimeout(() => port.close(), 1000);
    }, inbox.sendPort);
    const port = await inbox.next<SendPort>();
    port.send('go');
    assert.equal(await inbox.next(), 'busy started'); // busy for 300 ms from now
    isolate.ping(inbox.sendPort, { response: 'after event', priority: Isolate.beforeNextEvent });
    isolate.ping(inbox.sendPort, { response: 'immediate', priority: Isolate.immediate });
    assert.equal(await inbox.next(), 'immediate');
    assert.equal(await inbox.next(), 'busy done');
    assert.equal(await inbox.next(), 'after event');
    inbox.close();
  });
});
