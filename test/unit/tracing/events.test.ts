// Each event kind, recorded from real isolates in this process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { Isolate, IsolatePool, ReceivePort, RawReceivePort, SendPort, TransferableTypedData, trace, type TraceEvent } from 'isoscope';
import { Inbox, sleep } from '../helpers.js';
import { assertPaired, idOf, ofType, traced } from './traceHelpers.js';

describe('tracing: events from real isolates', () => {
  it('spawn, running, portOpen/portClose, send/receive pairs and exit (returned)', async () => {
    let childId = -1;
    const { list, problems } = await traced(async () => {
      const inbox = new Inbox();
      const exits = new Inbox();
      const isolate = await Isolate.spawn((p: SendPort) => {
        const port = new ReceivePort('replies');
        p.send(port.sendPort);
        port.listen((n: number) => {
          p.send(n * 2);
          port.close();
        });
      }, inbox.sendPort, { debugName: 'doubler', onExit: exits.sendPort });
      childId = isolate.id;
      const reply = await inbox.next<SendPort>();
      reply.send(21);
      assert.equal(await inbox.next(), 42);
      assert.equal(await exits.next(), null);
      inbox.close();
      exits.close();
    });
    assert.deepEqual(problems, []);
    const spawn = ofType(list, 'spawn').find((e) => e.isolate === childId)!;
    assert.equal(spawn.debugName, 'doubler');
    assert.equal(spawn.kind, 'function');
    assert.equal(spawn.parent, 0);
    assert.match(spawn.location!.url, /events\.test\.js$/);
    assert.ok(ofType(list, 'running').some((e) => e.isolate === childId));
    const opened = ofType(list, 'portOpen').find((e) => e.isolate === childId && e.debugName === 'replies')!;
    assert.ok(ofType(list, 'portClose').some((e) => e.port === opened.port && e.isolate === childId));
    // The child sent its SendPort and 42; main sent 21 to the child's port.
    const toChild = ofType(list, 'send').find((e) => e.isolate === 0 && e.to === childId)!;
    assert.equal(toChild.port, opened.port);
    const receive = ofType(list, 'receive').find((e) => idOf(e) === idOf(toChild))!;
    assert.equal(receive.isolate, childId);
    assert.ok(receive.t >= toChild.t);
    assert.ok(assertPaired(list).pairs >= 3);
    const exit = ofType(list, 'exit').find((e) => e.isolate === childId)!;
    assert.equal(exit.reason, 'returned');
    assert.equal(exit.code, 0);
  });

  it('message sizes: copied bytes estimated, copied buffers counted, transferred bytes counted', async () => {
    const { list } = await traced(async () => {
      const inbox = new Inbox();
      await Isolate.spawn((p: SendPort) => {
        p.send('x'.repeat(10_000));
        p.send(TransferableTypedData.fromList([new Uint8Array(1 << 20)]));
        p.send({ pixels: new Float64Array(1 << 16), shared: new Int32Array(new SharedArrayBuffer(4096)), name: 'frame' });
      }, inbox.sendPort);
      for (let i = 0; i < 3; i++) await inbox.next();
      inbox.close();
    });
    const sends = ofType(list, 'send').filter((e) => e.isolate !== 0);
    assert.equal(sends.length, 3);
    assert.ok(sends[0]!.bytes >= 10_000 && sends[0]!.bytes < 10_100, `string of 10000 chars counted as ${sends[0]!.bytes} bytes`);
    assert.equal(sends[0]!.transferred, 0);
    assert.equal(sends[0]!.bufferBytes, undefined, 'a string is no buffer');
    assert.equal(sends[1]!.transferred, 1 << 20);
    assert.equal(sends[1]!.bufferBytes, undefined, 'a moved buffer is not copied');
    // The typed array is copied; shared memory is not.
    assert.equal(sends[2]!.bufferBytes, 8 << 16);
    assert.ok(sends[2]!.bytes > 8 << 16);
  });

  it('exit reasons: Isolate.exit, kill with each priority, uncaught error with its message and stack', async () => {
    const ids: Record<string, number> = {};
    const { list } = await traced(async () => {
      const inbox = new Inbox();
      ids['exited'] = (await Isolate.spawn((p: SendPort) => Isolate.exit(p, 'bye'), inbox.sendPort)).id;
      assert.equal(await inbox.next(), 'bye');
      const spinner = await Isolate.spawn((p: SendPort) => {
        p.send('spinning');
        for (;;) { /* busy */ }
      }, inbox.sendPort, { onExit: inbox.sendPort });
      ids['immediate'] = spinner.id;
      assert.equal(await inbox.next(), 'spinning');
      spinner.kill({ priority: Isolate.immediate });
      assert.equal(await inbox.next(), null);
      const idle = await Isolate.spawn((p: SendPort) => {
        const keep = new ReceivePort();
        p.send(keep.sendPort);
      }, inbox.sendPort, { onExit: inbox.sendPort });
      ids['beforeNextEvent'] = idle.id;
      await inbox.next();
      idle.kill();
      assert.equal(await inbox.next(), null);
      const errors = new RawReceivePort(() => undefined);
      const crasher = await Isolate.spawn(() => {
        throw new RangeError('out of range on purpose');
      }, null, { onExit: inbox.sendPort, onError: errors.sendPort });
      ids['error'] = crasher.id;
      assert.equal(await inbox.next(), null);
      errors.close();
      inbox.close();
    });
    const exitOf = (id: number) => ofType(list, 'exit').find((e) => e.isolate === id)!;
    assert.equal(exitOf(ids['exited']!).reason, 'exited');
    assert.equal(exitOf(ids['immediate']!).reason, 'killed');
    assert.equal(exitOf(ids['beforeNextEvent']!).reason, 'killed');
    const crash = exitOf(ids['error']!);
    assert.equal(crash.reason, 'error');
    assert.match(crash.error!.message, /RangeError: out of range on purpose/);
    assert.match(crash.error!.stack!, /out of range on purpose/);
    const kills = ofType(list, 'kill');
    const immediate = kills.find((k) => k.isolate === ids['immediate'])!;
    assert.equal(immediate.priority, 'immediate');
    assert.equal(immediate.by, 0);
    assert.match(immediate.location!.url, /events\.test\.js$/);
    assert.equal(kills.find((k) => k.isolate === ids['beforeNextEvent'])!.priority, 'beforeNextEvent');
    // The spinner's 'spinning' send was recorded although it never returned to its event loop.
    assert.ok(ofType(list, 'send').some((s) => s.isolate === ids['immediate']));
  });

  it('paused and resumed', async () => {
    let id = -1;
    const { list } = await traced(async () => {
      const inbox = new Inbox();
      const isolate = await Isolate.spawn((p: SendPort) => p.send('ran'), inbox.sendPort, { paused: true });
      id = isolate.id;
      await sleep(20);
      isolate.resume(isolate.pauseCapability!);
      assert.equal(await inbox.next(), 'ran');
      inbox.close();
    });
    const paused = ofType(list, 'paused').find((e) => e.isolate === id)!;
    const resumed = ofType(list, 'resumed').find((e) => e.isolate === id)!;
    assert.ok(resumed.t - paused.t >= 15_000, `paused for ${resumed.t - paused.t} µs`);
  });

  it('heap samples: at spawn, on the interval, and before exit', async () => {
    let id = -1;
    const { list } = await traced(
      async () => {
        const inbox = new Inbox();
        id = (await Isolate.spawn((p: SendPort) => setTimeout(() => p.send('done'), 200), inbox.sendPort)).id;
        await inbox.next();
        inbox.close();
      },
      { heapIntervalMs: 20 },
    );
    const samples = ofType(list, 'heap').filter((e) => e.isolate === id);
    const exit = ofType(list, 'exit').find((e) => e.isolate === id)!;
    const running = ofType(list, 'running').find((e) => e.isolate === id)!;
    assert.ok(samples.length >= 5, `${samples.length} samples in 200 ms at 20 ms`);
    // The first sample is taken right after the running event, before anything else the
    // isolate records; its time includes the sampler's first use of performance (loading its
    // modules), which on a loaded 2-core machine took over 5 ms: within one interval, then.
    const firstOther = list.find((e) => e.isolate === id && e !== running && e.type !== 'heap' && e.t >= running.t);
    assert.ok(!firstOther || firstOther.t >= samples[0]!.t, `the first sample comes after the isolate's ${firstOther?.type}`);
    assert.ok(samples[0]!.t - running.t < 20_000, `first sample ${samples[0]!.t - running.t} µs after the isolate started`);
    assert.ok(exit.t - samples[samples.length - 1]!.t < 20_000, 'a sample just before exit');
    for (const s of samples) {
      assert.ok(s.used > 0 && s.total >= s.used && s.external >= 0 && s.elu >= 0 && s.elu <= 1, JSON.stringify(s));
    }
  });

  it('Isolate.run and IsolatePool isolates appear with their kind, their work and results as messages', async () => {
    const { list } = await traced(async () => {
      assert.equal(await Isolate.run(() => 6 * 7, { debugName: 'answer' }), 42);
      const pool = new IsolatePool({ size: 1, debugName: 'crunch' });
      assert.equal(await pool.run((a: number) => a + 1, { args: [1] }), 2);
      await pool.close();
    });
    const spawns = ofType(list, 'spawn');
    assert.ok(spawns.some((s) => s.kind === 'run' && s.debugName === 'answer'));
    const pool = spawns.find((s) => s.kind === 'pool' && s.debugName === 'crunch-1')!;
    const run = spawns.find((s) => s.kind === 'run' && s.debugName === 'answer')!;
    // The computation's arguments and result, and the task and its result, are messages.
    for (const isolate of [run.isolate, pool.isolate]) {
      const toIt = ofType(list, 'send').filter((e) => e.to === isolate);
      const fromIt = ofType(list, 'send').filter((e) => e.isolate === isolate);
      assert.equal(toIt.length, 1);
      assert.equal(fromIt.length, 1);
      assert.ok(ofType(list, 'receive').some((r) => idOf(r) === idOf(toIt[0]!) && r.isolate === isolate));
      assert.ok(ofType(list, 'receive').some((r) => idOf(r) === idOf(fromIt[0]!) && r.isolate === 0));
    }
    assertPaired(list);
    // pool.close() after its tasks is a graceful end, not a kill.
    assert.deepEqual(ofType(list, 'exit').filter((e) => e.isolate === pool.isolate).map((e) => e.reason), ['returned']);
    assert.deepEqual(ofType(list, 'kill').filter((e) => e.isolate === pool.isolate), []);
  });

  it('back-to-back Isolate.run computations on one reused thread are each an isolate of their own', async () => {
    const { list, problems } = await traced(async () => {
      await Isolate.run(() => 0, { debugName: 'warm' });
      for (let i = 0; i < 3; i++) assert.equal(await Isolate.run((n: number) => n * 2, { args: [i], debugName: `double${i}` }), i * 2);
      await assert.rejects(Isolate.run(() => { throw new Error('thrown'); }, { debugName: 'thrower' }));
    });
    assert.deepEqual(problems, []);
    const runs = ofType(list, 'spawn').filter((s) => s.kind === 'run' && s.debugName !== 'warm');
    assert.deepEqual(runs.map((s) => s.debugName), ['double0', 'double1', 'double2', 'thrower']);
    assert.equal(new Set(runs.map((s) => s.isolate)).size, 4);
    // Reused: ids above every threadId (each computation on a thread that ran one before).
    assert.ok(runs.some((s) => s.isolate > 1_000_000));
    for (const spawn of runs) {
      const id = spawn.isolate;
      assert.ok(ofType(list, 'running').some((e) => e.isolate === id), `running of ${spawn.debugName}`);
      assert.equal(ofType(list, 'send').filter((e) => e.to === id).length, 1, `arguments to ${spawn.debugName}`);
      assert.equal(ofType(list, 'send').filter((e) => e.isolate === id).length, 1, `result of ${spawn.debugName}`);
      assert.ok(ofType(list, 'receive').some((e) => e.isolate === id), `${spawn.debugName} received its arguments`);
      const exits = ofType(list, 'exit').filter((e) => e.isolate === id);
      assert.deepEqual(exits.map((e) => e.reason), [spawn.debugName === 'thrower' ? 'error' : 'returned']);
      const heap = ofType(list, 'heap').filter((e) => e.isolate === id);
      assert.ok(heap.length > 0 && heap.every((e) => e.t >= spawn.t && e.t <= exits[0]!.t), `${spawn.debugName}'s heap samples lie in its life`);
    }
    assertPaired(list);
  });

  it('a busy pool sends tasks ahead, and each task and each result is still one send and one receive', async () => {
    const TASKS = 600;
    const { list } = await traced(async () => {
      const pool = new IsolatePool({ size: 2, debugName: 'busy' });
      const results = await Promise.all(Array.from({ length: TASKS }, (_, i) => pool.run((x: number) => x + 1, { args: [i] })));
      assert.deepEqual(results, Array.from({ length: TASKS }, (_, i) => i + 1));
      await pool.close();
    });
    const workers = new Set(ofType(list, 'spawn').filter((s) => s.kind === 'pool' && s.debugName.startsWith('busy-')).map((s) => s.isolate));
    const tasks = ofType(list, 'send').filter((e) => e.isolate === 0 && workers.has(e.to!));
    const results = ofType(list, 'send').filter((e) => workers.has(e.isolate));
    assert.equal(tasks.length, TASKS);
    assert.equal(results.length, TASKS);
    const received = new Map(ofType(list, 'receive').map((r) => [idOf(r), r.isolate]));
    for (const task of tasks) assert.equal(received.get(idOf(task)), task.to);
    for (const result of results) assert.equal(received.get(idOf(result)), 0);
    assertPaired(list);
    // Sent ahead: at some moment an isolate had been sent more tasks than it had answered.
    const resultIds = new Set(results.map(idOf));
    const mainEvents = list.filter((e) => (e.type === 'send' && tasks.includes(e)) || (e.type === 'receive' && e.isolate === 0 && resultIds.has(idOf(e))));
    let inFlight = 0;
    let most = 0;
    for (const e of mainEvents.sort((a, b) => a.t - b.t)) {
      inFlight += e.type === 'send' ? 1 : -1;
      most = Math.max(most, inFlight);
    }
    assert.ok(most > workers.size, `at most ${most} tasks were in flight to ${workers.size} isolates`);
  });

  it('captureLocations records where each send was called', async () => {
    const { list } = await traced(
      async () => {
        const inbox = new Inbox();
        inbox.sendPort.send('here');
        await inbox.next();
        inbox.close();
      },
      { captureLocations: true },
    );
    const send = ofType(list, 'send')[0]!;
    assert.match(send.location!.url, /events\.test\.js$/);
    assert.ok(send.location!.line > 0);
  });

  it('publishes every event on node:diagnostics_channel (isoscope:<type>)', async () => {
    const seen: TraceEvent[] = [];
    const onSend = (event: unknown): void => void seen.push(event as TraceEvent);
    diagnosticsChannel.subscribe('isoscope:send', onSend);
    try {
      const { list } = await traced(async () => {
        const inbox = new Inbox();
        inbox.sendPort.send(1);
        await inbox.next();
        inbox.close();
      });
      assert.deepEqual(seen, ofType(list, 'send'));
    } finally {
      diagnosticsChannel.unsubscribe('isoscope:send', onSend);
    }
  });

  it('a full ring holds the events that do not fit until it has room: none is lost; the main thread drains itself instead', async () => {
    let id = -1;
    const { list } = await traced(
      async () => {
        // A first isolate leaves the runtime's spare thread started: the next one runs there,
        // as most spawns do.
        const first = new ReceivePort();
        await Isolate.spawn((p: SendPort) => p.send('up'), first.sendPort);
        await first.first();
        const inbox = new Inbox();
        const exited = new ReceivePort();
        id = (await Isolate.spawn((p: SendPort) => {
          for (let i = 0; i < 2000; i++) p.send(i);
        }, inbox.sendPort, { onExit: exited.sendPort })).id;
        for (let i = 0; i < 2000; i++) await inbox.next();
        inbox.close();
        await exited.first();
      },
      { ringBytes: 16 * 1024 },
    );
    // A 16 KiB ring holds some 500 sends: the isolate held the rest, and they went in as the
    // collector made room (the last of them as the isolate ended, before the trace stopped).
    assert.deepEqual(ofType(list, 'dropped'), []);
    const sends = ofType(list, 'send').filter((e) => e.isolate === id);
    assert.deepEqual(sends.map((e) => e.seq), Array.from({ length: 2000 }, (_, i) => i + 1));
    // The main thread's own ring is drained when full: none of its receives were held.
    assert.equal(ofType(list, 'receive').filter((e) => e.isolate === 0 && e.channel === sends[0]!.channel).length, 2000);
  });

  it('start twice is a clear error; start without a sink too; stop is idempotent', () => {
    trace.start({ sink: trace.memorySink() });
    try {
      assert.throws(() => trace.start({ sink: trace.memorySink() }), /already on/);
    } finally {
      trace.stop();
    }
    trace.stop();
    assert.throws(() => trace.start({ sink: [] }), /needs a sink/);
    assert.equal(trace.active, false);
  });

  it('processes started while tracing share its clock; after trace.stop() they start their own', () => {
    const own = () => Number(spawnSync(process.execPath, ['-p', 'process.env.ISOSCOPE_CLOCK_ORIGIN ?? -1'], { encoding: 'utf8' }).stdout.trim());
    const before = process.env['ISOSCOPE_CLOCK_ORIGIN'];
    const sink = trace.memorySink();
    trace.start({ sink });
    let during: number;
    try {
      during = own();
    } finally {
      trace.stop();
    }
    assert.equal(during, sink.read().header?.origin, 'a child gets the trace\'s origin');
    assert.equal(process.env['ISOSCOPE_CLOCK_ORIGIN'], before, 'put back as it was');
    assert.equal(own(), before === undefined ? -1 : Number(before));
  });

  it('with tracing off, messages carry no envelope and nothing is recorded', async () => {
    const sink = trace.memorySink();
    trace.start({ sink });
    trace.stop();
    const before = sink.text;
    const inbox = new Inbox();
    inbox.sendPort.send({ plain: true });
    assert.deepEqual(await inbox.next(), { plain: true });
    inbox.close();
    assert.equal(sink.text, before);
  });
});
