// Where a finding is on the timeline (webview/src/model/findingPlaces.ts): the lane of the
// isolate it names, of its process; the range choosing it zooms to; what it selects.
import assert from 'node:assert/strict';
import { TRACE_FORMAT, type TraceEvent } from '../../../src/protocol/traceEvents';
import type { Finding } from '../../../src/protocol/findings/findingTypes';
import { micros } from '../../../src/protocol/time';
import { TraceModel } from '../../../webview/src/model/traceModel';
import { findingLane, findingRange, findingSelection, placeFindings } from '../../../webview/src/model/findingPlaces';

const t = (n: number) => n as TraceEvent['t'];

/** main (pid 10) spawns a, which sends main a message; another process (pid 20) has its own isolate 1. */
function model(): TraceModel {
  const m = new TraceModel();
  m.header = { format: TRACE_FORMAT, version: 2, clock: 'us', pid: 10, argv: [], startTime: '2026-01-01T00:00:00Z' };
  m.addEvents([
    { type: 'running', t: t(0), isolate: 0 },
    { type: 'spawn', t: t(10), isolate: 1, parent: 0, debugName: 'a', kind: 'function', entry: 'f' },
    { type: 'send', t: t(100), isolate: 1, channel: 3, seq: 7, to: 0, bytes: 8, transferred: 0 },
    { type: 'receive', t: t(400), isolate: 0, channel: 3, seq: 7 },
    { type: 'spawn', t: t(50), isolate: 1, pid: 20, parent: 0, debugName: 'other', kind: 'function', entry: 'g' },
    { type: 'running', t: t(1_000_000), isolate: 0 },
  ] as TraceEvent[]);
  return m;
}

const finding = (over: Partial<Finding>): Finding => ({ rule: 'blocked-thread', severity: 'warning', isolate: 1, start: micros(100), message: 'm', ...over });

describe('timeline findings: where each is', () => {
  it('is on the lane of the isolate it names, in its process; nowhere when the trace has no such isolate', () => {
    const m = model();
    const lanes = m.lanes.length;
    assert.equal(findingLane(finding({}), m)?.debugName, 'a');
    assert.equal(findingLane(finding({ pid: 10 }), m)?.debugName, 'a');
    assert.equal(findingLane(finding({ pid: 20 }), m)?.debugName, 'other');
    assert.equal(findingLane(finding({ isolate: 9 }), m), undefined);
    assert.equal(findingLane(finding({ pid: 99 }), m), undefined);
    // Looking one up makes no lane or process.
    assert.equal(m.lanes.length, lanes);
    assert.equal(m.processes.list.length, 2);
  });

  it('zooms to its span with a tenth more each side, or to a fortieth of the trace each side of a moment (at least 1 ms)', () => {
    const m = model();
    assert.deepEqual(findingRange(finding({ start: micros(1000), end: micros(2000) }), m), [900, 2100]);
    assert.deepEqual(findingRange(finding({ start: micros(500_000) }), m), [475_000, 525_000]);
    const short = new TraceModel();
    short.addEvents([{ type: 'running', t: t(0), isolate: 0 }, { type: 'running', t: t(100), isolate: 0 }] as TraceEvent[]);
    assert.deepEqual(findingRange(finding({ isolate: 0, start: micros(50) }), short), [-950, 1050]);
  });

  it('selects the first message it names that the trace holds, else its lane', () => {
    const m = model();
    const [withMessages, missingMessage, none] = placeFindings([
      finding({ related: { messages: [{ channel: 3, seq: 7 }] } }),
      finding({ related: { messages: [{ channel: 5, seq: 1 }] } }),
      finding({ isolate: 9 }),
    ], m);
    assert.deepEqual(findingSelection(withMessages!, m), { kind: 'message', row: m.messages.row(3, 7) });
    assert.deepEqual(findingSelection(missingMessage!, m), { kind: 'lane', lane: m.lanes.find((l) => l.debugName === 'a') });
    assert.equal(findingSelection(none!, m), undefined);
  });
});
