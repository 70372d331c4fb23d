// Isolate.spawn on a spare: a thread started beforehand and never used (spareThreads.ts)
// becomes the spawned isolate, as a new thread would, without the wait for a thread to start.
import assert from 'node:assert/strict';
import { Isolate, IsolateMessageError, IsolateSpawnException, ReceivePort, SendPort } from 'isoscope';
import { sleep } from '../helpers.js';
import { ofType, traced } from '../tracing/traceHelpers.js';

/** Lets the spare the last spawn left behind finish starting. */
async function spareStarted(): Promise<void> {
  const port = new ReceivePort();
  await Isolate.spawn((p: SendPort) => p.send(0), port.sendPort);
  await port.first();
  await sleep(400);
}

/** The time, on this process's clock, a thread started (its performance.timeOrigin). */
async function spawnedThreadStart(): Promise<{ requested: number; threadStarted: number; id: number; isolateId: number }> {
  const port = new ReceivePort();
  const requested = performance.timeOrigin + performance.now();
  const isolate = await Isolate.spawn((p: SendPort) => p.send([performance.timeOrigin, require('node:worker_threads').threadId]), port.sendPort);
  const [threadStarted, id] = (await port.first()) as [number, number];
  return { requested, threadStarted, id, isolateId: isolate.id };
}

describe('Isolate.spawn on a spare', () => {
  it('starts the isolate on a thread started before the call', async () => {
    await spareStarted();
    const spawned = await spawnedThreadStart();
    assert.ok(spawned.threadStarted < spawned.requested, 'the thread was started before the spawn');
    assert.equal(spawned.isolateId, spawned.id);
  });

  it('keeps what spawn does on a new thread: paused start, errors not fatal, exit and error listeners', async () => {
    await spareStarted();
    const inbox = new ReceivePort();
    const exits = new ReceivePort();
    const errors = new ReceivePort();
    const isolate = await Isolate.spawn((p: SendPort) => {
      p.send('entry ran');
      setTimeout(() => {
        throw new Error('not fatal');
      }, 0);
      setTimeout(() => p.send('still alive'), 50);
    }, inbox.sendPort, { paused: true, errorsAreFatal: false, onExit: exits.sendPort, onError: errors.sendPort, debugName: 'on spare' });
    const messages = inbox[Symbol.asyncIterator]();
    const early = await Promise.race([messages.next().then(() => 'ran'), sleep(200).then(() => 'paused')]);
    assert.equal(early, 'paused');
    isolate.resume(isolate.pauseCapability!);
    // The entry runs once resumed (the message raced above), and its error is not fatal.
    const [description] = (await errors.first()) as [string, string];
    assert.match(description, /not fatal/);
    assert.deepEqual(await messages.next(), { value: 'still alive', done: false });
    assert.equal(await exits.first(), null);
    inbox.close();
  });

  it('spawnUri runs the module on a spare, and a module without main still fails the spawn', async () => {
    await spareStarted();
    const port = new ReceivePort();
    await Isolate.spawnUri('../../fixtures/uriMain.mjs', ['a'], port.sendPort);
    assert.deepEqual(await port.first(), { args: ['a'], isolate: 'worker' });
    await spareStarted();
    await assert.rejects(Isolate.spawnUri('../../fixtures/noMain.mjs', [], null), (error: IsolateSpawnException) => error instanceof IsolateSpawnException);
  });

  it('a message that cannot be copied throws at the call, and the spare waits on for the next spawn', async () => {
    await spareStarted();
    await assert.rejects(Isolate.spawn((p: unknown) => p, { fn: () => 1 }), IsolateMessageError);
    const spawned = await spawnedThreadStart();
    assert.ok(spawned.threadStarted < spawned.requested, 'the spare was still there');
  });

  it('is traced as the spawn it is', async () => {
    let id = -1;
    const { list } = await traced(async () => {
      await spareStarted();
      const exits = new ReceivePort();
      const isolate = await Isolate.spawn(() => undefined, null, { debugName: 'traced on spare', onExit: exits.sendPort });
      id = isolate.id;
      await exits.first();
    });
    const spawn = ofType(list, 'spawn').find((e) => e.isolate === id)!;
    assert.equal(spawn.debugName, 'traced on spare');
    assert.equal(spawn.kind, 'function');
    assert.deepEqual(ofType(list, 'exit').filter((e) => e.isolate === id).map((e) => e.reason), ['returned']);
  });
});
