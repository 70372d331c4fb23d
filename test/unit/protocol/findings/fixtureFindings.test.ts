// Each findings rule on a real program that has the bug (test/fixtures/findings/<rule>),
// recorded now with the real tracer: the finding, its isolate, span, counts and location;
// and on a near miss of the same program (`near`), no finding of that rule. Then, for every
// one of these traces, the same findings whole, streamed in random chunks, and with the
// isolates' events interleaved anew; and what current() decides while each streams.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Finding, FindingRule } from '../../../../src/protocol/findings/findingTypes';
import type { TraceEvent } from '../../../../src/protocol/traceEvents';
import { findTraceFindings, sameFinding } from '../../../../src/protocol/findings/engine';
import { decidedWhileStreaming, findingsFixtures, interleaved, lineOf, record, streamedFindings, wholeFindings, type Recorded } from './fixtureTraces';

const traces = new Map<string, Recorded>();
const fixture = (name: string): string => join(findingsFixtures, name);

/** The fixture's trace, recorded once. */
function traceOf(name: string, mode?: 'near'): Recorded {
  const key = `${name} ${mode ?? ''}`;
  let recorded = traces.get(key);
  if (!recorded) {
    recorded = record(fixture(name), mode ? [mode] : []);
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.deepEqual(recorded.trace.problems, []);
    traces.set(key, recorded);
  }
  return recorded;
}

const rules = (findings: Finding[]): FindingRule[] => [...new Set(findings.map((f) => f.rule))].sort();
const only = (findings: Finding[], rule: FindingRule): Finding => {
  const found = findings.filter((f) => f.rule === rule);
  assert.equal(found.length, 1, JSON.stringify(findings, null, 1));
  return found[0]!;
};
const isolateNamed = (events: TraceEvent[], name: string): number => {
  const spawn = events.find((e) => e.type === 'spawn' && e.debugName === name);
  assert.ok(spawn, `an isolate named ${name}`);
  return spawn.isolate;
};
const sendsById = (events: TraceEvent[]) => new Map(events.flatMap((e) => (e.type === 'send' ? [[`${e.channel}:${e.seq}`, e] as const] : [])));
const receivesById = (events: TraceEvent[]) => new Map(events.flatMap((e) => (e.type === 'receive' ? [[`${e.channel}:${e.seq}`, e] as const] : [])));
const countIn = (message: string, what: RegExp): number => Number(what.exec(message)?.[1]);

describe('findings: each rule on a real program that has the bug', function () {
  this.timeout(120_000);

  it('blocked-thread: main blocked 600 ms while ticks waited', () => {
    const { trace } = traceOf('blocked-thread.mjs');
    const findings = wholeFindings(trace);
    assert.deepEqual(rules(findings), ['blocked-thread']);
    const found = only(findings, 'blocked-thread');
    assert.equal(found.isolate, 0);
    assert.equal(found.severity, 'warning');
    assert.ok(found.end! - found.start >= 500_000 && found.end! - found.start < 900_000, `span ${found.end! - found.start} µs`);
    const waited = countIn(found.message, /while (\d+) messages/);
    assert.ok(waited >= 5, found.message);
    const sends = sendsById(trace.list);
    const receives = receivesById(trace.list);
    const waits = found.related!.messages!.map(({ channel, seq }) => receives.get(`${channel}:${seq}`)!.t - sends.get(`${channel}:${seq}`)!.t);
    assert.equal(waits.length, waited);
    for (const wait of waits) assert.ok(wait >= 100_000, `each related message waited ≥ 100 ms (${wait} µs)`);
    const longest = Math.max(...waits);
    assert.ok(longest >= 350_000, `longest wait ${longest} µs`);
    assert.match(found.message, new RegExp(`the longest ${Math.round(longest / 1000)} ms`));
  });

  it('blocked-thread near miss: main blocked as long, but before anything was sent to it', () => {
    assert.deepEqual(wholeFindings(traceOf('blocked-thread.mjs', 'near').trace), []);
  });

  it('undelivered-message: three sends to a closed port, with where they were sent from', () => {
    const { trace } = traceOf('undelivered-message.mjs');
    const findings = wholeFindings(trace);
    assert.deepEqual(rules(findings), ['undelivered-message']);
    const found = only(findings, 'undelivered-message');
    assert.equal(found.isolate, 0);
    assert.match(found.message, /^3 messages sent by main to port "inbox" \(\d+:\d+\) were never received: the port was closed/);
    assert.equal(found.related!.messages!.length, 3);
    assert.deepEqual(found.related!.isolates, [isolateNamed(trace.list, 'listener')]);
    assert.ok(found.location!.url.endsWith('/findings/undelivered-message.mjs'));
    assert.equal(found.location!.line, lineOf(fixture('undelivered-message.mjs'), 'inbox.send(`late'));
  });

  it('undelivered-message near miss: every message received', () => {
    assert.deepEqual(wholeFindings(traceOf('undelivered-message.mjs', 'near').trace), []);
  });

  it('copy-could-transfer: the 2 MB typed array copied; not the 1.5 MB string, the transfer or 512 KB', () => {
    const { trace } = traceOf('copy-could-transfer.mjs');
    const findings = wholeFindings(trace);
    assert.deepEqual(rules(findings), ['copy-could-transfer']);
    const found = only(findings, 'copy-could-transfer');
    assert.equal(found.isolate, 0);
    assert.equal(found.severity, 'info');
    assert.equal(found.related!.messages!.length, 1);
    const send = sendsById(trace.list).get(`${found.related!.messages![0]!.channel}:${found.related!.messages![0]!.seq}`)!;
    assert.ok(send.bytes >= 2 * 2 ** 20 && send.transferred === 0 && send.bufferBytes! >= 2 * 2 ** 20);
    assert.equal(found.start, send.t);
    assert.equal(found.location!.line, lineOf(fixture('copy-could-transfer.mjs'), 'new Uint8Array(2 * MB).fill(1)'));
    const string = trace.list.find((e) => e.type === 'send' && e.bytes >= 1.5 * 2 ** 20 && e.bufferBytes === undefined);
    assert.ok(string, 'the 1.5 MB string was sent, and is no finding');
  });

  it('spawn-per-task: 25 Isolate.run of a tiny computation', () => {
    const { trace } = traceOf('spawn-per-task.mjs');
    const findings = wholeFindings(trace);
    assert.deepEqual(rules(findings), ['spawn-per-task']);
    const found = only(findings, 'spawn-per-task');
    assert.equal(found.isolate, 0, 'the parent');
    // On a loaded machine one run may take longer than 50 ms; 20 of 25 must not.
    assert.match(found.message, /^main started \d+ of 25 isolates of square that each did their work in under 50 ms/);
    assert.ok(countIn(found.message, /started (\d+) of/) >= 20, found.message);
    const runs = trace.list.filter((e) => e.type === 'spawn' && e.kind === 'run');
    assert.equal(runs.length, 25);
    assert.equal(found.start, Math.min(...runs.map((e) => e.t)));
    assert.equal(found.related!.isolates!.length, 20);
    assert.equal(found.location!.line, lineOf(fixture('spawn-per-task.mjs'), 'Isolate.run(square'));
  });

  it('spawn-per-task near miss: 20 isolates each working 120 ms', () => {
    assert.deepEqual(wholeFindings(traceOf('spawn-per-task.mjs', 'near').trace), []);
  });

  it('isolate-left-running: a worker still polling when the program called process.exit', () => {
    const { trace } = traceOf('isolate-left-running.cjs');
    const findings = wholeFindings(trace);
    assert.deepEqual(rules(findings), ['isolate-left-running']);
    const found = only(findings, 'isolate-left-running');
    const worker = isolateNamed(trace.list, 'poller');
    assert.equal(found.isolate, worker);
    const mainExit = trace.list.find((e) => e.type === 'exit' && e.isolate === 0)!;
    assert.equal(found.end, mainExit.t);
    assert.equal(found.location!.line, lineOf(fixture('isolate-left-running.cjs'), 'new Worker('));
  });

  it('isolate-left-running near miss: the worker terminated before the exit', () => {
    assert.deepEqual(wholeFindings(traceOf('isolate-left-running.cjs', 'near').trace), []);
  });

  it('queue-growing: jobs every 10 ms for 2 s to an isolate taking 25 ms each', () => {
    const { trace } = traceOf('queue-growing.mjs');
    const findings = wholeFindings(trace);
    // Its receiver is busy without a break while the jobs wait, too.
    assert.deepEqual(rules(findings), ['blocked-thread', 'queue-growing']);
    const found = only(findings, 'queue-growing');
    const consumer = isolateNamed(trace.list, 'slow consumer');
    assert.equal(found.isolate, consumer);
    assert.ok(found.end! - found.start >= 1_500_000, `grew for ${found.end! - found.start} µs`);
    const [from, to] = /grew from (\d+) to (\d+)/.exec(found.message)!.slice(1).map(Number);
    assert.ok(to! - from! >= 30, found.message);
    assert.match(found.message, /port "jobs"/);
    assert.deepEqual(found.related!.isolates, [0]);
    assert.equal(only(findings, 'blocked-thread').isolate, consumer);
  });

  it('queue-growing near miss: the isolate keeps up', () => {
    assert.deepEqual(wholeFindings(traceOf('queue-growing.mjs', 'near').trace), []);
  });

  it('mostly-waiting: an isolate living 2 s on timers', () => {
    const { trace } = traceOf('mostly-waiting.mjs');
    const findings = wholeFindings(trace);
    assert.deepEqual(rules(findings), ['mostly-waiting']);
    const found = only(findings, 'mostly-waiting');
    const waiter = isolateNamed(trace.list, 'waiter');
    assert.equal(found.isolate, waiter);
    const exit = trace.list.find((e) => e.type === 'exit' && e.isolate === waiter)!;
    assert.equal(found.end, exit.t);
    assert.ok(found.end! - found.start >= 1_800_000);
    assert.ok(countIn(found.message, /busy only ([\d.]+)%/) < 10, found.message);
  });

  it('mostly-waiting near miss: as long a life, computing 60% of it', () => {
    assert.deepEqual(wholeFindings(traceOf('mostly-waiting.mjs', 'near').trace), []);
  });

  it('crash: an uncaught throw kills an isolate; an Isolate.run error caught by its caller is none', () => {
    const { trace } = traceOf('crash.mjs');
    const findings = wholeFindings(trace);
    assert.deepEqual(rules(findings), ['crash']);
    const found = only(findings, 'crash');
    assert.equal(found.severity, 'error');
    assert.equal(found.isolate, isolateNamed(trace.list, 'doomed'));
    assert.match(found.message, /^doomed \(isolate \d+\) died of an uncaught error: Error: boom on purpose at isoscope:entry\/anonymous:\d+:\d+$/);
    assert.equal(found.location!.line, lineOf(fixture('crash.mjs'), 'await Isolate.spawn('), 'a shipped function has no file: its spawn call');
    const run = trace.list.find((e) => e.type === 'exit' && e.reason === 'error' && e.isolate !== found.isolate);
    assert.ok(run, 'the Isolate.run ended with an error too');
  });

  it('every trace: the same findings whole, streamed in random chunks, and interleaved anew', function () {
    if (traces.size === 0) this.skip();
    for (const [name, { bytes, trace }] of traces) {
      const whole = wholeFindings(trace);
      for (let seed = 1; seed <= 5; seed++) {
        assert.deepEqual(streamedFindings(bytes, seed), whole, `${name}: streamed, seed ${seed}`);
        assert.deepEqual(findTraceFindings(interleaved(trace.list, seed)), whole, `${name}: interleaved, seed ${seed}`);
      }
    }
  });

  it('every trace: current() while it streams never gives a finding finish() lacks, and at the end gives all but the end-only ones', function () {
    if (traces.size === 0) this.skip();
    const endOnly: FindingRule[] = ['undelivered-message', 'isolate-left-running'];
    const decided = new Set<FindingRule>();
    for (const [name, { trace }] of traces) {
      const { early, atEnd, final } = decidedWhileStreaming(trace.list, Math.ceil(trace.list.length / 400));
      assert.deepEqual(final, wholeFindings(trace), `${name}: current() changes nothing finish() finds`);
      for (const found of early) assert.ok(final.some((f) => sameFinding(found, f)), `${name}: given while streaming, not at the end: ${JSON.stringify(found)}`);
      for (const found of final) {
        if (endOnly.includes(found.rule)) assert.ok(!atEnd.some((f) => f.rule === found.rule), `${name}: ${found.rule} only at the end`);
        else assert.ok(atEnd.some((f) => sameFinding(f, found)), `${name}: ${found.rule} decided before the end`);
      }
      for (const found of atEnd) decided.add(found.rule);
    }
    assert.deepEqual([...decided].sort(), ['blocked-thread', 'copy-could-transfer', 'crash', 'mostly-waiting', 'queue-growing', 'spawn-per-task'], 'every rule that can decide early did');
  });
});
