// The findings engine on hand-written events: thresholds are settable, each rule's edges
// (a silence with heap sampling off, a queue that drains, an Isolate.run's rethrown error,
// a trace that stops before the program ends), processes kept apart, state let go once
// a message is paired; current() while a trace streams.
import assert from 'node:assert/strict';
import { DEFAULT_FINDING_OPTIONS } from '../../../../src/protocol/findings/findingTypes';
import { FindingsEngine, findTraceFindings, reaches, sameFinding } from '../../../../src/protocol/findings/engine';
import { TraceState } from '../../../../src/protocol/findings/traceState';
import { firstFrame } from '../../../../src/protocol/findings/stackFrame';
import type { TraceEvent } from '../../../../src/protocol/traceEvents';
import type { Finding } from '../../../../src/protocol/findings/findingTypes';
import { micros } from '../../../../src/protocol/time';

const MS = 1000;
const at = (ms: number) => micros(ms * MS);
const send = (ms: number, isolate: number, channel: number, seq: number, extra: object = {}): TraceEvent => ({ type: 'send', t: at(ms), isolate, channel, seq, bytes: 10, transferred: 0, ...extra });
const receive = (ms: number, isolate: number, channel: number, seq: number, extra: object = {}): TraceEvent => ({ type: 'receive', t: at(ms), isolate, channel, seq, ...extra });
const spawn = (ms: number, isolate: number, extra: object = {}): TraceEvent => ({ type: 'spawn', t: at(ms), isolate, parent: 0, debugName: `w${isolate}`, kind: 'function', entry: 'work', ...extra });
const exit = (ms: number, isolate: number, extra: object = {}): TraceEvent => ({ type: 'exit', t: at(ms), isolate, reason: 'returned', code: 0, ...extra });
const running = (ms: number, isolate: number): TraceEvent => ({ type: 'running', t: at(ms), isolate });
const heap = (ms: number, isolate: number, elu: number): TraceEvent => ({ type: 'heap', t: at(ms), isolate, used: 1, total: 1, external: 0, elu });

/** Every finding current() gave after each event, and finish(). */
function streamed(events: TraceEvent[]): { early: Finding[]; final: Finding[] } {
  const engine = new FindingsEngine();
  const early: Finding[] = [];
  for (const event of events) {
    engine.push(event);
    early.push(...engine.current());
  }
  return { early, final: engine.finish() };
}

describe('findings engine', () => {
  it('defaults are the issue\'s thresholds (1 MB = 2^20 bytes)', () => {
    assert.deepEqual({ ...DEFAULT_FINDING_OPTIONS }, {
      blockedMinBusyUs: 200_000, blockedMinWaitUs: 100_000, blockedBusyElu: 0.9, copyMinBytes: 1_048_576, copyMinBufferShare: 0.9,
      spawnMinIsolates: 20, spawnMaxWorkUs: 50_000, queueMinGrowingUs: 1_000_000, queueStepUs: 100_000, waitingMinLifeUs: 1_000_000, waitingMaxBusyShare: 0.1,
    });
  });

  it('copy-could-transfer: thresholds are settable', () => {
    const events = [send(10, 0, 1, 1, { bytes: 600_000, bufferBytes: 590_000 }), receive(20, 1, 1, 1), send(30, 0, 1, 2, { bytes: 600_000, bufferBytes: 500_000 }), receive(40, 1, 1, 2)];
    assert.deepEqual(findTraceFindings(events), [], 'below 1 MB');
    const lower = findTraceFindings(events, { copyMinBytes: 500_000 });
    assert.deepEqual(lower.map((f) => [f.rule, f.related?.messages]), [['copy-could-transfer', [{ channel: 1, seq: 1 }]]], 'the second is 83% buffers, under 90%');
    assert.equal(findTraceFindings(events, { copyMinBytes: 500_000, copyMinBufferShare: 0.8 })[0]!.related!.messages!.length, 2);
  });

  it('blocked-thread with heap sampling off: a silence while a message was due', () => {
    // Isolate 1 handles a message at 50 ms, then nothing of its own until 900 ms, though a
    // message was sent to it at 100 ms.
    const events = [spawn(0, 1), running(5, 1), send(40, 0, 1, 1), receive(50, 1, 1, 1), send(100, 0, 1, 2), receive(900, 1, 1, 2), exit(950, 1)];
    const [found, ...rest] = findTraceFindings(events);
    assert.deepEqual(rest, []);
    assert.equal(found!.rule, 'blocked-thread');
    assert.equal(found!.isolate, 1);
    assert.deepEqual([found!.start, found!.end], [at(100), at(900)], 'from the first due message to the end of the silence');
    assert.match(found!.message, /busy without a break for 800 ms while 1 message to it waited \(the longest 800 ms\)/);
    assert.deepEqual(findTraceFindings(events, { blockedMinBusyUs: 900 * MS }), [], 'settable');
  });

  it('blocked-thread: heap samples show the loop turning while a message waited (no listener yet): not blocked', () => {
    const samples = Array.from({ length: 9 }, (_, i) => heap(100 * (i + 1), 1, 0.05));
    const events = [spawn(0, 1), running(5, 1), heap(6, 1, 0.1), send(40, 0, 1, 1), receive(50, 1, 1, 1), send(100, 0, 1, 2), ...samples, receive(950, 1, 1, 2), exit(990, 1)];
    assert.deepEqual(findTraceFindings(events), []);
    // The same with one late sample whose utilisation says 600 ms of it were busy.
    const late = [...events.filter((e) => !(e.type === 'heap' && e.t > 100 * MS && e.t < 900 * MS)), heap(700, 1, 1)];
    const [found] = findTraceFindings(late.sort((a, b) => a.t - b.t));
    assert.deepEqual([found!.rule, found!.start, found!.end], ['blocked-thread', at(100), at(700)]);
  });

  it('queue-growing: a queue that rises for 1.5 s, then one that falls back by half within a second', () => {
    const events: TraceEvent[] = [{ type: 'portOpen', t: at(0), isolate: 1, port: '1:1', debugName: 'jobs' }];
    // 10 sends per 100 ms for 1.5 s, 2 receives per 100 ms: it rises the whole time.
    for (let i = 0; i < 150; i++) events.push(send(i * 10, 0, 1, i + 1, { port: '1:1' }));
    for (let i = 0; i < 30; i++) events.push(receive(i * 50 + 5, 1, 1, i + 1, { port: '1:1' }));
    const [found] = findTraceFindings(events).filter((f) => f.rule === 'queue-growing');
    assert.equal(found!.isolate, 1);
    assert.deepEqual([found!.start, found!.end], [at(0), at(1500)]);
    assert.match(found!.message, /port "jobs" \(1:1\) grew from 0 to 120 over 1500 ms/);
    // The same rise, but the receiver catches up half way through.
    const drained = [...events];
    for (let i = 30; i < 80; i++) drained.push(receive(700 + i, 1, 1, i + 1, { port: '1:1' }));
    assert.deepEqual(findTraceFindings(drained).filter((f) => f.rule === 'queue-growing'), []);
  });

  it('crash: an Isolate.run whose error reached its caller is none; a spawned isolate\'s is, at its first frame', () => {
    const error = { message: 'Error: bad', stack: 'Error: bad\n    at node:internal/x:1:1\n    at work (/app/src/work.js:12:7)\n    at /app/main.js:3:1' };
    const events = [
      spawn(0, 1, { kind: 'run' }), send(1, 0, 1, 1), receive(2, 1, 1, 1), send(3, 1, 2, 1), receive(4, 0, 2, 1), exit(5, 1, { reason: 'error' }),
      spawn(10, 2), exit(20, 2, { reason: 'error', error }),
    ];
    const findings = findTraceFindings(events);
    assert.deepEqual(findings.map((f) => [f.rule, f.isolate, f.severity]), [['crash', 2, 'error']]);
    assert.deepEqual(findings[0]!.location, { url: 'file:///app/src/work.js', line: 12, column: 7 });
    assert.equal(findings[0]!.message, 'w2 (isolate 2) died of an uncaught error: Error: bad at /app/src/work.js:12:7');
    // The run's result never arrived: its error went nowhere.
    assert.deepEqual(findTraceFindings(events.filter((e) => !(e.type === 'receive' && e.isolate === 0))).filter((f) => f.rule === 'crash').map((f) => f.isolate), [1, 2]);
  });

  it('isolate-left-running: only when the program\'s end is in the trace', () => {
    const events = [spawn(0, 1), running(5, 1)];
    assert.deepEqual(findTraceFindings(events), [], 'the trace stops before the program ends');
    const [found] = findTraceFindings([...events, exit(300, 0)]);
    assert.deepEqual([found!.rule, found!.isolate, found!.start, found!.end], ['isolate-left-running', 1, at(0), at(300)]);
  });

  it('processes of one trace are kept apart, and findings name theirs', () => {
    const events: TraceEvent[] = [
      spawn(0, 1), exit(100, 1), exit(200, 0),
      { ...spawn(0, 1), pid: 42 }, { ...exit(200, 0), pid: 42 },
    ];
    const findings = findTraceFindings(events);
    assert.deepEqual(findings.map((f) => [f.rule, f.isolate, f.pid]), [['isolate-left-running', 1, 42]]);
    assert.match(findings[0]!.message, /^w1 \(isolate 1 of pid 42\) was still running/);
  });

  it('spawn-per-task: 20 short isolates of one entry, not 19', () => {
    // Each: spawned, running 30 ms later, its task 10 ms after, its result 5 ms after that.
    const short = (n: number): TraceEvent[] => Array.from({ length: n }, (_, i) => [
      spawn(i * 100, i + 1), running(i * 100 + 30, i + 1), send(i * 100 + 1, 0, 100 + i, 1), receive(i * 100 + 40, i + 1, 100 + i, 1),
      send(i * 100 + 45, i + 1, 200 + i, 1), receive(i * 100 + 46, 0, 200 + i, 1), exit(i * 100 + 50, i + 1),
    ]).flat();
    assert.deepEqual(findTraceFindings(short(19)), []);
    const [found, ...rest] = findTraceFindings(short(20));
    assert.deepEqual(rest, []);
    assert.equal(found!.rule, 'spawn-per-task');
    assert.deepEqual([found!.isolate, found!.start, found!.end], [0, at(0), at(1950)]);
    assert.match(found!.message, /^main started 20 of 20 isolates of work that each did their work in under 50 ms \(median 5 ms\) after a median 40 ms of start-up: 800 ms of start-up in all/);
  });

  it('mostly-waiting: 1.5 s at 5% busy, not the main thread', () => {
    const life = [spawn(0, 1), running(0, 1), heap(1, 1, 0), ...Array.from({ length: 15 }, (_, i) => heap(100 * (i + 1), 1, 0.05)), exit(1500, 1)];
    const [found] = findTraceFindings(life);
    assert.deepEqual([found!.rule, found!.isolate, found!.start, found!.end], ['mostly-waiting', 1, at(0), at(1500)]);
    const main = life.map((e) => ({ ...e, isolate: 0 })).filter((e) => e.type === 'heap');
    assert.deepEqual(findTraceFindings(main), []);
    assert.deepEqual(findTraceFindings(life, { waitingMaxBusyShare: 0.04 }), [], 'settable');
  });

  it('a pair is forgotten once made, whichever half came first', () => {
    const state = new TraceState();
    let pairs = 0;
    state.onPair(() => pairs++);
    state.add(send(1, 0, 1, 1));
    state.add(receive(2, 1, 1, 2));
    assert.equal(state.pending, 2);
    state.add(receive(3, 1, 1, 1));
    state.add(send(0, 0, 1, 2));
    assert.deepEqual([state.pending, pairs], [0, 2]);
  });

  it('current(): a crash at its exit, a busy run while it goes on, never what only the end decides', () => {
    const engine = new FindingsEngine();
    const rules = () => engine.current().map((f) => f.rule);
    engine.pushAll([spawn(0, 1), running(5, 1), heap(10, 1, 0.1), spawn(0, 2), running(5, 2), send(20, 1, 5, 1)]);
    // Isolate 2 is busy from 100 ms on while a message sent to it at 150 ms waits.
    engine.pushAll([heap(100, 2, 0.1), send(150, 0, 9, 1), receive(160, 2, 9, 1)]);
    engine.pushAll([send(170, 0, 9, 2), heap(200, 2, 1), heap(300, 2, 1)]);
    assert.deepEqual(rules(), [], 'the run is 200 ms long, but no waited message is counted with it yet');
    engine.pushAll([receive(320, 2, 9, 2), heap(400, 2, 1)]);
    const [early] = engine.current();
    assert.deepEqual([early!.rule, early!.isolate, early!.start, early!.end], ['blocked-thread', 2, at(100), at(400)], 'decided while it goes on');
    engine.pushAll([heap(500, 2, 1), exit(550, 1, { reason: 'error', error: { message: 'Error: bad', stack: 'Error: bad\n    at w (/app/w.js:3:9)' } })]);
    assert.deepEqual(rules(), ['blocked-thread', 'crash'], 'the crash once its exit came');
    assert.equal(engine.current()[0]!.end, at(500), 'the run grew');
    engine.pushAll([heap(600, 2, 0.1), exit(2000, 0)]);
    const atEnd = engine.current();
    const final = engine.finish();
    assert.deepEqual(final.map((f) => f.rule), ['isolate-left-running', 'undelivered-message', 'blocked-thread', 'crash'], 'the undelivered send and isolate 2 still running: only at the end');
    assert.ok(sameFinding(early!, final[2]!) && !sameFinding(early!, final[3]!) && !sameFinding(early!, final[0]!));
    assert.deepEqual(atEnd, [final[2], final[3]]);
    assert.deepEqual(engine.current(), final, 'after finish(): its findings');
  });

  it('mostly-waiting: a heap sample older than the last one (by another ring) counts no time twice', () => {
    // 8.7% busy: 1.4 s at 5%, then 100 ms at 60%. A late sample from 700 ms, had it moved the
    // last sample's time back, would have counted 800 ms at 60% (23.9%: no finding).
    const samples = Array.from({ length: 14 }, (_, i) => heap(100 * (i + 1), 1, 0.05));
    const life = [spawn(0, 1), running(0, 1), ...samples, heap(700, 1, 0.05), heap(1500, 1, 0.6), exit(1500, 1)];
    const [found] = findTraceFindings(life);
    assert.equal(found?.rule, 'mostly-waiting');
    assert.match(found!.message, /busy only 8\.7%/);
  });

  it('current(): mostly-waiting once the isolate exited and its last events are in', () => {
    const engine = new FindingsEngine();
    engine.pushAll([spawn(0, 1), running(0, 1), ...Array.from({ length: 15 }, (_, i) => heap(100 * (i + 1), 1, 0.05)), exit(1500, 1)]);
    assert.deepEqual(engine.current(), [], 'its last events may still come, up to a second after its exit');
    engine.push(heap(2600, 0, 0.5));
    assert.deepEqual(engine.current().map((f) => [f.rule, f.isolate, f.end]), [['mostly-waiting', 1, at(1500)]]);
  });

  it('current(): a heap sample older than the last one (its parent sampled the isolate meanwhile) takes no run back', () => {
    // Isolate 1, busy from 100 ms on, cannot sample itself: its parent samples it (elu 1),
    // those samples reach the trace before its own events of the same time (another ring),
    // and its own late sample (500.5 ms) after its parent's last one (500.8 ms).
    const events = [
      spawn(0, 1), running(5, 1), send(20, 0, 9, 1), receive(30, 1, 9, 1), heap(100, 1, 0.1), send(150, 0, 9, 2),
      heap(200, 1, 1), heap(300, 1, 1), heap(400, 1, 1), receive(390, 1, 9, 2), heap(500.8, 1, 1),
      heap(500.5, 1, 0.996), heap(600, 1, 0.1), exit(700, 1), exit(800, 0),
    ];
    const { early, final } = streamed(events);
    assert.deepEqual(final.map((f) => [f.rule, f.isolate, f.start, f.end]), [['blocked-thread', 1, at(100), at(500.8)]]);
    for (const found of early) assert.ok(final.some((f) => sameFinding(found, f)), `given while streaming, not at the end: ${JSON.stringify(found)}`);
    assert.deepEqual(findTraceFindings([...events].sort((a, b) => a.t - b.t)), final, 'the same as with every event in time order');
  });

  it('current(): a heap sample its parent recorded for an isolate settles none of the isolate\'s steps', () => {
    // Main sends 5 jobs to isolate 1 in 100–200 ms, which takes them in 200–300 ms; then 3
    // jobs a step, of which it takes 1, from 300 ms to 1.5 s. Its parent's sample of it at
    // 310 ms reaches the trace before its own receives at 250–290 ms (another ring).
    let seq = 0;
    let taken = 0;
    const events: TraceEvent[] = [spawn(0, 1), running(5, 1), ...[100, 110, 120, 130, 140].map((t) => send(t, 0, 9, ++seq))];
    events.push(send(305, 0, 9, ++seq), heap(310, 1, 0.1), ...[250, 260, 270, 280, 290].map((t) => receive(t, 1, 9, ++taken)));
    events.push(send(315, 0, 9, ++seq), send(325, 0, 9, ++seq), receive(350, 1, 9, ++taken));
    for (let step = 4; step < 15; step++) {
      events.push(...[5, 15, 25].map((t) => send(step * 100 + t, 0, 9, ++seq)), receive(step * 100 + 50, 1, 9, ++taken));
    }
    while (taken < seq) events.push(receive(1500 + taken, 1, 9, ++taken));
    events.push(exit(1600, 1), exit(1700, 0));
    const { early, final } = streamed(events);
    assert.deepEqual(final.map((f) => [f.rule, f.isolate, f.start, f.end]), [['queue-growing', 1, at(300), at(1500)]]);
    assert.ok(early.length > 0, 'decided while streaming');
    for (const found of early) assert.ok(final.some((f) => sameFinding(found, f)), `given while streaming, not at the end: ${JSON.stringify(found)}`);
  });

  it('push() after finish() is an error; finish() twice gives the same', () => {
    const engine = new FindingsEngine();
    engine.push(exit(1, 0));
    const first = engine.finish();
    assert.equal(engine.finish(), first);
    assert.throws(() => engine.push(exit(2, 0)), /push\(\) after finish\(\)/);
  });

  it('reaches(): a severity or worse', () => {
    const info = { rule: 'mostly-waiting', severity: 'info', isolate: 1, start: at(0), message: '' } as const;
    assert.equal(reaches([info], 'warning'), false);
    assert.equal(reaches([info, { ...info, severity: 'error' }], 'warning'), true);
  });

  it('firstFrame(): the first frame in a file, past Node\'s own', () => {
    assert.deepEqual(firstFrame('Error: x\n    at f (node:internal/a:1:2)\n    at g (file:///a/b.mjs:3:4)'), { text: 'file:///a/b.mjs:3:4', location: { url: 'file:///a/b.mjs', line: 3, column: 4 } });
    assert.deepEqual(firstFrame('Error: x\n    at isoscope:entry/work:2:9'), { text: 'isoscope:entry/work:2:9', location: undefined });
    assert.equal(firstFrame('no frames here'), undefined);
  });
});
