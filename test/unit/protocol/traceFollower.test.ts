// isoscope record reads each traced process's file while the program runs (traceFollower.ts)
// and keeps no events: what it prints of a file (its summary, findings, event count, and the
// processes it keeps in the trace) must be what reading the whole file at the end gives.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceEvent } from '../../../src/protocol/traceEvents';
import { encodeEvent, encodeHeader, makeHeader } from '../../../src/protocol/traceEncode';
import { parseTrace } from '../../../src/protocol/traceReader';
import { summarize } from '../../../src/protocol/traceSummary';
import { findTraceFindings } from '../../../src/protocol/findings/engine';
import { pidsKeptBy } from '../../../src/protocol/sessionMerge';
import { TraceFollower, type FollowedTrace } from '../../../src/cli/traceFollower';

const t = (n: number) => n as TraceEvent['t'];
const header = makeHeader({ pid: 4242, ppid: 1, argv: ['node', 'app.js'] }, new Date('2026-01-01T00:00:00Z'), 1000);

/** main spawns a worker, they exchange messages (one to another process), the worker exits. */
function events(): TraceEvent[] {
  const out: TraceEvent[] = [
    { type: 'running', t: t(0), isolate: 0 },
    { type: 'spawn', t: t(10), isolate: 1, parent: 0, debugName: 'worker 1', kind: 'worker', entry: 'w.js' },
    { type: 'heap', t: t(20), isolate: 0, used: 1000, total: 2000, external: 0, elu: 0.5 },
  ];
  for (let i = 1; i <= 50; i++) {
    // The worker's receive is written before main's send, as the collector may write them.
    out.push({ type: 'receive', t: t(30 + i * 10 + 2), isolate: 1, channel: 1, seq: i });
    out.push({ type: 'send', t: t(30 + i * 10), isolate: 0, channel: 1, seq: i, bytes: 100 + i, transferred: 0 });
  }
  out.push({ type: 'send', t: t(700), isolate: 0, channel: 2, seq: 1, bytes: 10, transferred: 0, toPid: 777 });
  out.push({ type: 'heap', t: t(800), isolate: 1, used: 3000, total: 4000, external: 0, elu: 0.9 });
  out.push({ type: 'exit', t: t(900), isolate: 1, reason: 'returned' });
  return out;
}

/** What the follower made of a file as it read it. */
function made(trace: FollowedTrace) {
  return { header: trace.header, events: trace.events, summary: trace.summary(), findings: trace.findings.finish(), keeps: [...trace.keeps].sort((a, b) => a - b) };
}

/** What reading the whole file gives: the reference for what the follower made as it read. */
function whole(file: string) {
  const parsed = parseTrace(readFileSync(file));
  const keeps = new Set<number>();
  if (parsed.header) for (const event of parsed.list) pidsKeptBy(event, parsed.header.pid, (pid) => keeps.add(pid));
  return { header: parsed.header, events: parsed.list.length, summary: summarize(parsed.list, parsed.header), findings: findTraceFindings(parsed.list), keeps: [...keeps].sort((a, b) => a - b) };
}

describe('isoscope record: reading the traces as they are written', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'isoscope-follower-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));


  it('a file read in pieces, a line cut between two reads: the summary, findings, count and kept processes of the whole file', () => {
    const file = join(dir, 'trace-4242.isotrace');
    const text = encodeHeader(header) + events().map(encodeEvent).join('');
    const follower = new TraceFollower(dir);
    // Pieces cut anywhere (mid-line too), each read before the next is written.
    const cuts = [0, 150, 151, 900, 2345, text.length - 7, text.length];
    writeFileSync(file, '');
    for (let i = 1; i < cuts.length; i++) {
      appendFileSync(file, text.slice(cuts[i - 1], cuts[i]));
      follower.poll();
    }
    const [trace] = follower.finish();
    const expected = whole(file);
    assert.deepEqual(made(trace!), expected);
    assert.deepEqual(expected.keeps, [777, 4242]);
    assert.equal(expected.summary.isolates.find((r) => r.id === 1)?.bytesReceived, (101 + 150) * 25);
  });

  it('once two traces are to be kept (and merged), their events are kept, those read before included', () => {
    const [a, b] = [join(dir, 'trace-4242.isotrace'), join(dir, 'trace-4343.isotrace')];
    const text = encodeHeader(header) + events().map(encodeEvent).join('');
    const follower = new TraceFollower(dir);
    // The first process's trace, read up to a line cut in two, before the second appears.
    writeFileSync(a, text.slice(0, 2345));
    follower.poll();
    writeFileSync(b, encodeHeader({ ...header, pid: 4343 }) + events().slice(0, 5).map(encodeEvent).join(''));
    follower.poll();
    appendFileSync(a, text.slice(2345));
    const traces = follower.finish();
    const parsed = [a, b].map((file) => parseTrace(readFileSync(file)));
    // Kept as they were read: not read again from the files (gone now).
    [a, b].forEach((file) => rmSync(file));
    [a, b].forEach((file, i) => assert.deepEqual(traces.find((t) => t.file === file)!.loaded(), { header: parsed[i]!.header, events: parsed[i]!.list, problems: parsed[i]!.problems }));
  });

  it('a file whose header comes after events: summarized again with its header, its pid kept', () => {
    const file = join(dir, 'trace-4242.isotrace');
    const [first, ...rest] = events();
    writeFileSync(file, encodeEvent(first!) + encodeEvent(rest[0]!) + encodeHeader(header) + rest.slice(1).map(encodeEvent).join(''));
    const expected = whole(file);
    assert.equal(expected.summary.isolates[0]?.pid, 4242, 'the rows are the header\'s process');
    assert.deepEqual(made(new TraceFollower(dir).finish()[0]!), expected);
  });
});
