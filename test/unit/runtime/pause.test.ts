import assert from 'node:assert/strict';
import { Isolate, ReceivePort, SendPort, Capability } from 'isoscope';
import { Inbox, sleep } from '../helpers.js';

async function echoIsolate(inbox: Inbox): Promise<{ isolate: Isolate; port: SendPort }> {
  const isolate = await Isolate.spawn((p: SendPort) => {
    const port = new ReceivePort();
    p.send(port.sendPort);
    port.listen((m: unknown) => {
      if (m === 'stop') port.close();
      else p.send(m);
    });
  }, inbox.sendPort);
  return { isolate, port: await inbox.next<SendPort>() };
}

describe('pause and resume', () => {
  it('holds messages to a paused isolate, then delivers them in order', async () => {
    const inbox = new Inbox();
    const { isolate, port } = await echoIsolate(inbox);
    const capability = isolate.pause();
    for (let i = 0; i < 5; i++) port.send(i);
    await sleep(100);
    assert.deepEqual(inbox.pending, []);
    isolate.resume(capability);
    for (let i = 0; i < 5; i++) assert.equal(await inbox.next(), i);
    port.send('stop');
    inbox.close();
  });

  it('pausing twice with one capability needs one resume', async () => {
    const inbox = new Inbox();
    const { isolate, port } = await echoIsolate(inbox);
    const capability = new Capability();
    isolate.pause(capability);
    isolate.pause(capability);
    port.send('held');
    await sleep(50);
    assert.deepEqual(inbox.pending, []);
    isolate.resume(capability);
    assert.equal(await inbox.next(), 'held');
    port.send('stop');
    inbox.close();
  });

  it('different capabilities each need their own resume', async () => {
    const inbox = new Inbox();
    const { isolate, port } = await echoIsolate(inbox);
    const first = isolate.pause();
    const second = isolate.pause();
    port.send('held');
    isolate.resume(first);
    await sleep(80);
    assert.deepEqual(inbox.pending, [], 'still paused by the second capability');
    isolate.resume(second);
    assert.equal(await inbox.next(), 'held');
    port.send('stop');
    inbox.close();
  });

  it('a handle without the pause capability cannot pause', async () => {
    const inbox = new Inbox();
    const { isolate, port } = await echoIsolate(inbox);
    const weak = new Isolate(isolate.id, isolate.debugName, isolate.controlPort, null, null);
    weak.pause();
    port.send('not held');
    assert.equal(await inbox.next(), 'not held');
    port.send('stop');
    inbox.close();
  });
});
