// A session's processes merged as their NDJSON arrives (src/protocol/sessionMerge.ts): which
// processes are shown, in pieces cut anywhere and interleaved, and the same trace as
// `isoscope record` writes of the same processes.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HOLD_LIMIT, SessionMerge, type SessionMergeOptions } from '../../../src/protocol/sessionMerge';
import { ProcessMerge } from '../../../src/protocol/processMerge';
import { parseTrace, type TraceProblem } from '../../../src/protocol/traceReader';
import { encodeEvent, encodeHeader, makeHeader } from '../../../src/protocol/traceEncode';
import type { TraceEvent, TraceHeader } from '../../../src/protocol/traceEvents';
import { mergeTraces } from '../../../src/cli/record';

const t = (n: number) => n as TraceEvent['t'];
const ORIGIN = 5_000_000;

/** A process's trace: its header and events. */
interface Proc {
  header: TraceHeader;
  events: TraceEvent[];
}

function proc(pid: number, ppid: number | undefined, argv: string[], events: TraceEvent[], origin = ORIGIN): Proc {
  return { header: makeHeader({ pid, ...(ppid !== undefined ? { ppid } : {}), argv }, new Date('2026-01-01T00:00:00Z'), origin), events };
}

function text(p: Proc): string {
  return encodeHeader(p.header) + p.events.map(encodeEvent).join('');
}

/** Heap samples of main, the only thing a process with no isolates records. */
function heap(from: number, count: number, every = 1000): TraceEvent[] {
  return Array.from({ length: count }, (_, i) => ({ type: 'heap', t: t(from + i * every), isolate: 0, used: 1e6, total: 2e6, external: 0, elu: 0.1 }) as TraceEvent);
}

// npm (100) runs the program (200), which forks a child (300) it talks to over IPC (its
// channels 5 down and 6 up) and starts a worker; the child starts a worker too.
const npm = proc(100, 1, ['node', '/usr/bin/npm', 'start'], heap(0, 5));
const parent = proc(200, 100, ['node', 'app.js'], [
  { type: 'running', t: t(50), isolate: 0 },
  ...heap(60, 2, 10),
  { type: 'spawn', t: t(100), isolate: 1, parent: 0, debugName: 'worker', kind: 'worker', entry: 'w.js' },
  { type: 'send', t: t(120), isolate: 0, channel: 1, seq: 1, to: 1, bytes: 10, transferred: 0 },
  { type: 'receive', t: t(130), isolate: 1, channel: 1, seq: 1 },
  { type: 'send', t: t(200), isolate: 0, channel: 5, seq: 1, to: 0, toPid: 300, bytes: 8, transferred: 0 },
  { type: 'receive', t: t(260), isolate: 0, channel: 6, seq: 1 },
  { type: 'exit', t: t(400), isolate: 1, reason: 'returned' },
]);
const child = proc(300, 200, ['node', 'app.js', 'child'], [
  { type: 'running', t: t(150), isolate: 0 },
  { type: 'spawn', t: t(160), isolate: 1, parent: 0, debugName: 'helper', kind: 'worker', entry: 'h.js' },
  { type: 'send', t: t(170), isolate: 0, channel: 1, seq: 1, to: 1, bytes: 10, transferred: 0 },
  { type: 'receive', t: t(180), isolate: 1, channel: 1, seq: 1 },
  { type: 'receive', t: t(210), isolate: 0, channel: 5, seq: 1, chpid: 200 },
  { type: 'send', t: t(250), isolate: 0, channel: 6, seq: 1, chpid: 200, to: 0, toPid: 200, bytes: 8, transferred: 0 },
]);

interface Collected {
  header: TraceHeader | undefined;
  headers: number;
  events: TraceEvent[];
  problems: { problem: TraceProblem; pid: number }[];
  merge: SessionMerge;
}

function collect(options?: SessionMergeOptions): Collected {
  const out: Omit<Collected, 'merge'> = { header: undefined, headers: 0, events: [], problems: [] };
  const merge = new SessionMerge({ onHeader: (h) => ((out.header = h), out.headers++), onEvents: (e) => out.events.push(...e), onProblem: (problem, pid) => out.problems.push({ problem, pid }) }, options);
  return Object.assign(out, { merge });
}

/** Writes each process's whole text in turn, then ends them. */
function writeWhole(procs: Proc[], options?: SessionMergeOptions): Collected {
  const c = collect(options);
  for (const p of procs) c.merge.write(p.header.pid, text(p));
  for (const p of procs) c.merge.end(p.header.pid);
  return c;
}

/** The pid each event belongs to (the header's when it names none). */
const pidOf = (c: { header: TraceHeader | undefined }, e: TraceEvent) => e.pid ?? c.header!.pid;

/** The merged events with their channels named by the events on them, not by number, and
 * every event's pid written out: equal for two merges that differ only in the order they
 * numbered channels and which process heads them. Process events are left out (their
 * presence depends on which process heads). */
function canonical(c: { header: TraceHeader | undefined; events: TraceEvent[] }): string[] {
  const onChannel = new Map<number, string[]>();
  for (const e of c.events) {
    if (e.type === 'send' || e.type === 'receive') {
      const list = onChannel.get(e.channel) ?? [];
      list.push(`${pidOf(c, e)}/${e.type}/${e.t}/${e.seq}`);
      onChannel.set(e.channel, list);
    }
  }
  const name = (channel: number) => onChannel.get(channel)!.sort().join(',');
  return c.events
    .filter((e) => e.type !== 'process')
    .map((e) => JSON.stringify({ ...e, pid: pidOf(c, e), ...(e.type === 'send' || e.type === 'receive' ? { channel: name(e.channel) } : {}) }))
    .sort();
}

/** What `isoscope record` merged before it used SessionMerge: the reference its output must equal. */
function recordReference(procs: Proc[]): { header: TraceHeader; events: TraceEvent[] } {
  const [first, ...rest] = procs;
  const merge = new ProcessMerge(first!.header);
  const events: TraceEvent[] = first!.events.map((e) => merge.map(e, first!.header.pid));
  for (const { header, events: own } of rest) {
    events.push(merge.addProcess(header, own.reduce((min, e) => Math.min(min, e.t), Infinity)));
    for (const e of own) events.push(merge.map(e, header.pid));
  }
  return { header: merge.header, events };
}

describe('session merge', () => {
  it('shows the processes that start isolates or use IPC, not npm; each later one is introduced by its process event', () => {
    const c = writeWhole([npm, parent, child]);
    assert.deepEqual(c.merge.shown, [200, 300]);
    assert.equal(c.headers, 1);
    assert.equal(c.header!.pid, 200);
    assert.ok(c.events.every((e) => e.pid !== 100), 'nothing of npm');
    const processes = c.events.filter((e) => e.type === 'process');
    assert.deepEqual(processes, [{ type: 'process', t: 150, isolate: 0, pid: 300, ppid: 200, argv: ['node', 'app.js', 'child'] }]);
    // Every event of both, the child's after its process event, with its pid.
    assert.equal(c.events.length, parent.events.length + child.events.length + 1);
    const at = c.events.indexOf(processes[0]!);
    assert.ok(c.events.slice(at + 1).every((e) => e.pid === 300));
    assert.ok(c.events.slice(0, at).every((e) => e.pid === undefined));
    assert.deepEqual(c.problems, []);
  });

  it('pieces cut anywhere, interleaved across processes, give the trace whole texts give (channels numbered in another order)', () => {
    const whole = writeWhole([npm, parent, child]);
    const texts = [npm, parent, child].map((p) => ({ pid: p.header.pid, text: text(p) }));
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (cuts) => {
        // Each process's text cut into pieces; pieces written in the order the cuts pick.
        const left = texts.map((x) => ({ ...x, at: 0 }));
        const c = collect();
        for (const cut of cuts) {
          const open = left.filter((x) => x.at < x.text.length);
          if (open.length === 0) break;
          const x = open[cut % open.length]!;
          const to = Math.min(x.text.length, x.at + 1 + (cut % 97));
          c.merge.write(x.pid, x.text.slice(x.at, to));
          x.at = to;
        }
        for (const x of left) {
          if (x.at < x.text.length) c.merge.write(x.pid, x.text.slice(x.at));
          c.merge.end(x.pid);
        }
        assert.deepEqual([...c.merge.shown].sort(), [200, 300]);
        assert.deepEqual(canonical(c), canonical(whole));
        assert.deepEqual(c.problems, []);
        // Both ends of the IPC link on one channel, distinct from each process's worker channel.
        const ipc = c.events.filter((e) => (e.type === 'send' || e.type === 'receive') && e.t >= 200).map((e) => (e as { channel: number }).channel);
        assert.equal(new Set(ipc).size, 2, 'down and up');
        const workers = c.events.filter((e) => (e.type === 'send' || e.type === 'receive') && e.t < 200).map((e) => (e as { channel: number }).channel);
        assert.equal(new Set(workers).size, 2, "the parent's and the child's channel 1 are two channels");
        assert.ok(ipc.every((ch) => !workers.includes(ch)));
      }),
      { numRuns: 200 },
    );
  });

  it("numbers channels as isoscope record does, and record's merge is the one it always was", () => {
    const recorded = mergeTraces([parent, child].map((p) => ({ ...p, problems: [] })));
    // record, now through SessionMerge, writes exactly what its own loop wrote.
    assert.deepEqual({ header: recorded.header, events: recorded.events }, recordReference([parent, child]));
    // A session that gets the same processes' text, npm's too, merges them the same, to the channel number.
    const c = writeWhole([npm, parent, child]);
    assert.deepEqual(c.header, recorded.header);
    assert.deepEqual(c.events, recorded.events);
    const channels = (events: TraceEvent[]) => events.flatMap((e) => (e.type === 'send' || e.type === 'receive' ? [`${e.pid ?? '-'}:${e.type}:${e.channel}.${e.seq}`] : []));
    assert.deepEqual(channels(c.events), ['-:send:1.1', '-:receive:1.1', '-:send:2.1', '-:receive:3.1', '300:send:4.1', '300:receive:4.1', '300:receive:2.1', '300:send:3.1']);
  });

  it('an IPC link keeps both ends: one held since it connected, one not yet connected', () => {
    // The child does nothing parallel of its own: only the parent's send names it.
    const quietChild = proc(300, 200, ['node', 'c.js'], [{ type: 'running', t: t(150), isolate: 0 }, { type: 'receive', t: t(210), isolate: 0, channel: 5, seq: 1, chpid: 200 }]);
    const ipcParent = proc(200, 100, ['node', 'p.js'], [{ type: 'running', t: t(50), isolate: 0 }, { type: 'send', t: t(200), isolate: 0, channel: 5, seq: 1, to: 0, toPid: 300, bytes: 8, transferred: 0 }]);
    const third = proc(400, 200, ['node', 'd.js'], [{ type: 'running', t: t(300), isolate: 0 }]);
    const c = collect();
    // The child connects first and is held.
    c.merge.write(300, text(quietChild).split('\n').slice(0, 2).join('\n') + '\n');
    assert.deepEqual(c.merge.shown, []);
    // The parent's first line, then its send: both ends shown, the parent first (its piece kept them).
    const parentLines = text(ipcParent).split('\n');
    c.merge.write(200, parentLines.slice(0, 2).join('\n') + '\n');
    assert.deepEqual(c.merge.shown, []);
    // Its send also names 400, which has not connected yet.
    c.merge.write(200, `${parentLines[2]}\n${JSON.stringify({ type: 'send', t: 220, isolate: 0, channel: 7, seq: 1, to: 0, toPid: 400, bytes: 1, transferred: 0 })}\n`);
    assert.deepEqual(c.merge.shown, [200, 300]);
    assert.deepEqual(c.events.filter((e) => e.pid === 300).map((e) => e.type), ['process', 'running']);
    c.merge.write(300, text(quietChild).split('\n').slice(2).join('\n'));
    assert.deepEqual(c.events.filter((e) => e.pid === 300).map((e) => e.type), ['process', 'running', 'receive']);
    // 400 shows with its first event, though it does nothing parallel.
    c.merge.write(400, encodeHeader(third.header));
    assert.deepEqual(c.merge.shown, [200, 300], 'a header alone shows nothing');
    c.merge.write(400, encodeEvent(third.events[0]!));
    assert.deepEqual(c.merge.shown, [200, 300, 400]);
    assert.deepEqual(c.problems, []);
  });

  it('a child can be shown before its parent, which heads nothing', () => {
    const c = collect();
    // The parent connects first and only samples its heap; the child starts a worker.
    c.merge.write(200, encodeHeader(parent.header) + heap(0, 3).map(encodeEvent).join(''));
    c.merge.write(300, text(child).split('\n').slice(0, 4).join('\n') + '\n');
    assert.deepEqual(c.merge.shown, [300]);
    assert.equal(c.header!.pid, 300, "the child's header heads the merged trace");
    // The child's receive on the link its parent numbered keeps the parent.
    c.merge.write(300, text(child).split('\n').slice(4).join('\n'));
    assert.deepEqual(c.merge.shown, [300, 200]);
    const fromParent = c.events.filter((e) => e.pid === 200);
    assert.deepEqual(fromParent.map((e) => e.type), ['process', 'heap', 'heap', 'heap']);
    assert.equal(fromParent[0]!.t, 0, 'its process event is at its first event');
    assert.ok(c.events.filter((e) => e.pid === undefined).length > 0, "the child's own events name no pid: it heads the trace");
  });

  it('a process whose header never comes is an error, not a crash; one whose header comes late is shown then', () => {
    const c = collect();
    const lines = text(child).split('\n');
    // No header line: its events are read anyway, but it cannot be placed.
    c.merge.write(300, lines.slice(1).join('\n'));
    c.merge.end(300);
    assert.deepEqual(c.merge.shown, []);
    assert.deepEqual(c.events, []);
    assert.equal(c.problems.length, 1);
    assert.equal(c.problems[0]!.pid, 300);
    assert.equal(c.problems[0]!.problem.severity, 'error');
    assert.match(c.problems[0]!.problem.message, /process 300 .* has no header line/);
    // Writing on after the end is said once and ignored.
    c.merge.write(300, lines[1]!);
    c.merge.write(300, lines[1]!);
    assert.equal(c.problems.filter((p) => /after its stream ended/.test(p.problem.message)).length, 1);
    // A header on the third line: the events before it are held (and said to be), then shown with it.
    const late = collect();
    late.merge.write(200, `${lines[1]}\n${lines[2]}\n`);
    assert.deepEqual(late.merge.shown, []);
    assert.deepEqual(late.problems.map((p) => [p.pid, p.problem.line]), [[200, 0]]);
    late.merge.write(200, encodeHeader(parent.header) + parent.events.map(encodeEvent).join(''));
    assert.deepEqual(late.merge.shown, [200]);
    assert.equal(late.events.length, 2 + parent.events.length);
    // Its reader's complaint about the first line, held while it was hidden, comes with it.
    assert.deepEqual(late.problems.map((p) => [p.pid, p.problem.line]), [[200, 0], [200, 1]]);
  });

  it('holds a hidden process bounded: its last events, and a dropped event counting the rest when it is shown', () => {
    const limit = 100;
    const c = collect({ holdLimit: limit });
    c.merge.write(100, encodeHeader(npm.header));
    // A chatty process with no isolates, in many pieces.
    for (let i = 0; i < 40; i++) c.merge.write(100, heap(i * 100_000, 100).map(encodeEvent).join(''));
    assert.deepEqual(c.merge.shown, []);
    // Then it starts one.
    c.merge.write(100, encodeEvent({ type: 'spawn', t: t(5e6), isolate: 1, parent: 0, debugName: 'late', kind: 'worker', entry: 'x.js' }));
    assert.deepEqual(c.merge.shown, [100]);
    const dropped = c.events.filter((e) => e.type === 'dropped');
    const heaps = c.events.filter((e) => e.type === 'heap');
    assert.equal(dropped.length, 1);
    assert.ok(heaps.length >= limit && heaps.length <= limit * 1.5, `held ${heaps.length}`);
    assert.equal(heaps.length + (dropped[0] as { count: number }).count, 4000, 'every event is held or counted');
    assert.equal(dropped[0]!.t, 0, 'the gap starts at its first event');
    assert.equal(heaps.at(-1)!.t, 39 * 100_000 + 99 * 1000, 'the last ones are kept');
    assert.match(c.problems.map((p) => p.problem.message).join('\n'), /were not kept/);
    assert.equal(HOLD_LIMIT, 10_000);
  });

  it("a hidden process's problems are never told; a shown one's are, with its pid, its last partial line flushed at its end", () => {
    const c = collect();
    c.merge.write(100, `${encodeHeader(npm.header)}{"type":"heap",\nnot json\n`);
    c.merge.end(100);
    c.merge.write(200, text(parent) + '{"type":"running","t":500,"isolate":1}');
    assert.equal(c.problems.length, 0, "npm's bad lines are not told");
    c.merge.end(200);
    assert.deepEqual(c.problems.map((p) => [p.pid, p.problem.severity, p.problem.line]), [[200, 'warning', parent.events.length + 2]]);
    assert.equal(c.events.at(-1)!.type, 'running', 'the line without its newline was read');
  });

  it('moves a process with another clock origin onto the first one, and places monotonic times on it', () => {
    const shifted = proc(300, 200, ['node', 'c.js'], [{ type: 'spawn', t: t(10), isolate: 1, parent: 0, debugName: 'x', kind: 'worker', entry: 'x.js' }], ORIGIN + 1000);
    const c = collect();
    assert.equal(c.merge.timeOf(200, ORIGIN + 5), undefined, 'no header yet');
    c.merge.write(200, text(parent));
    c.merge.write(300, text(shifted));
    assert.deepEqual(c.events.filter((e) => e.pid === 300).map((e) => e.t), [1010, 1010]);
    assert.equal(c.merge.timeOf(200, ORIGIN + 2500), 2500);
    assert.equal(c.merge.timeOf(300, ORIGIN + 2500), 2500, 'on the merged clock, whose process it is');
    // record's merge, too.
    const recorded = mergeTraces([parent, shifted].map((p) => ({ ...p, problems: [] })));
    assert.deepEqual(recorded.events, c.events);
  });

  it('keeps what a caller says to keep, in the order it comes', () => {
    const c = writeWhole([npm, parent], { keep: [100] });
    assert.deepEqual(c.merge.shown, [100, 200]);
    assert.equal(c.header!.pid, 100);
    // And reads back as one trace.
    const parsed = parseTrace(encodeHeader(c.header!) + c.events.map(encodeEvent).join(''));
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.list.length, c.events.length);
  });
});
