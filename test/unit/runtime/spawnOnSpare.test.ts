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

/** How long the spawned isolate's thread had been running when its entry ran (its event
 * loop's age: busy and idle time together), and its ids. */
async function spawnedThreadAge(): Promise<{ ageMs: number; id: number; isolateId: number }> {
  const port = new ReceivePort();
  const isolate = await Isolate.spawn((p: SendPort) => {
    const loop = performance.eventLoopUtilization();
    p.send([loop.idle + loop.active, require('node:worker_threads').threadId]);
  }, port.sendPort);
  const [ageMs, id] = (await port.first()) as [number, number];
  return { ageMs, id, isolateId: isolate.id };
}

/** Older than this, the thread was started well before the spawn (a spare waits 400 ms). */
const STARTED_BEFORE_MS = 200;

describe('Isolate.spawn on a spare', () => {
  it('starts the isolate on a thread started before the call', async () => {
    await spareStarted();
    const spawned = await spawnedThreadAge();
    assert.ok(spawned.ageMs > STARTED_BEFORE_MS, `the thread was started before the spawn (${spawned.ageMs.toFixed(0)} ms before its entry ran)`);
    assert.equal(spawned.isolateId, spawned.id);
  });

  it('under a debugger, starts a thread of its own (a debugger lists a thread by its first name)', async () => {
    await spareStarted();
    process.env['VSCODE_INSPECTOR_OPTIONS'] = '{}';
    try {
      const spawned = await spawnedThreadAge();
      assert.ok(spawned.ageMs < STARTED_BEFORE_MS, `the thread was started for the spawn (${spawned.ageMs.toFixed(0)} ms before its entry ran)`);
    } finally {
      delete process.env['VSCODE_INSPECTOR_OPTIONS'];
    }
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
    const spawned = await spawnedThreadAge();
    assert.ok(spawned.ageMs > STARTED_BEFORE_MS, 'the spare was still there');
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
