// The summary made as the events come (TraceSummarizer, which isoscope record feeds while the
// program runs) pairs each receive with its send as summarize() of the whole trace does: with
// the last send of its message, whichever of the two comes first in the trace.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TraceEvent } from '../../../src/protocol/traceEvents';
import { TraceSummarizer, type TraceSummary } from '../../../src/protocol/traceSummary';
import { messageKey } from '../../../src/protocol/messageKey';
import { formatSummary } from '../../../src/cli/summaryTable';

const t = (n: number) => n as TraceEvent['t'];
const send = (at: number, isolate: number, channel: number, seq: number, bytes: number): TraceEvent => ({ type: 'send', t: t(at), isolate, channel, seq, bytes, transferred: 0 });
const receive = (at: number, isolate: number, channel: number, seq: number): TraceEvent => ({ type: 'receive', t: t(at), isolate, channel, seq });

function fedOneByOne(events: TraceEvent[]): TraceSummary {
  const summarizer = new TraceSummarizer();
  for (const event of events) summarizer.add(event);
  return summarizer.finish();
}

/** Each isolate's received bytes and the latencies (p50, p99, max), from the rows. */
function pairing(summary: TraceSummary): unknown {
  const { latencyP50Us, latencyP99Us, latencyMaxUs } = summary.totals;
  return { received: summary.isolates.map((r) => [r.id, r.bytesReceived]), latencyP50Us, latencyP99Us, latencyMaxUs };
}

describe('trace summary, made as the events come', () => {
  it('pairs a receive read before its send, each receive of a broadcast, and a message sent twice with its last send', () => {
    const events = [
      send(100, 0, 1, 1, 10),
      receive(150, 1, 1, 1),
      // Read before its send (the collector writes each thread's records in turn).
      receive(300, 1, 1, 2),
      send(200, 0, 1, 2, 20),
      // A broadcast: one receive before the send, one after.
      receive(410, 1, 2, 1),
      send(400, 0, 2, 1, 5),
      receive(450, 2, 2, 1),
      // Sent twice: the receive between the sends pairs with the last one.
      send(500, 0, 3, 1, 7),
      receive(520, 2, 3, 1),
      send(600, 0, 3, 1, 9),
    ];
    const expected = { received: [[0, 0], [1, 35], [2, 14]], latencyP50Us: 50, latencyP99Us: 100, latencyMaxUs: 100 };
    assert.deepEqual(pairing(fedOneByOne(events)), expected);
    // Without the second send, the receive pairs with the first.
    assert.deepEqual(pairing(fedOneByOne(events.slice(0, -1))), { received: [[0, 0], [1, 35], [2, 12]], latencyP50Us: 50, latencyP99Us: 100, latencyMaxUs: 100 });
  });

  it('on any trace of sends and receives in any order, pairs as the whole trace does (channels and seqs small and past 32 bits; thousands of messages, so the tables grow)', () => {
    const channel = fc.oneof(fc.constantFrom(0, 1, 2 ** 31, 2 ** 40), fc.nat({ max: 300 }));
    const seq = fc.oneof(fc.constantFrom(0, 1, 2 ** 31 - 1, 2 ** 33), fc.nat({ max: 20 }), fc.nat({ max: 5000 }));
    const message = fc.record({ isolate: fc.nat({ max: 3 }), channel, seq, at: fc.nat({ max: 1000 }), bytes: fc.nat({ max: 100 }), sends: fc.boolean() });
    fc.assert(
      fc.property(fc.oneof(fc.array(message, { maxLength: 60 }), fc.array(message, { minLength: 1000, maxLength: 4000 })), (messages) => {
        const events = messages.map((m) => (m.sends ? send(m.at, m.isolate, m.channel, m.seq, m.bytes) : receive(m.at, m.isolate, m.channel, m.seq)));
        // The pairing by definition: each receive with the last send of its key in the trace.
        const last = new Map<number | string, { t: number; bytes: number }>();
        for (const e of events) if (e.type === 'send') last.set(messageKey(e.channel, e.seq), e);
        const received = new Map<number, number>();
        const latencies: number[] = [];
        for (const e of events) {
          if (e.type !== 'receive') continue;
          const paired = last.get(messageKey(e.channel, e.seq));
          if (!paired) continue;
          received.set(e.isolate, (received.get(e.isolate) ?? 0) + paired.bytes);
          latencies.push(e.t - paired.t);
        }
        latencies.sort((a, b) => a - b);
        const summary = fedOneByOne(events);
        for (const row of summary.isolates) assert.equal(row.bytesReceived, received.get(row.id) ?? 0);
        const at = (q: number) => (latencies.length === 0 ? null : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
        assert.deepEqual([summary.totals.latencyP50Us, summary.totals.latencyP99Us, summary.totals.latencyMaxUs], [at(0.5), at(0.99), at(1)]);
      }),
      { numRuns: 200 },
    );
  });

  it('says which isolates were killed while they waited for work (a pool library shutting down)', () => {
    const spawn = (id: number): TraceEvent => ({ type: 'spawn', t: t(10), isolate: id, parent: 0, debugName: `worker ${id}`, kind: 'worker', entry: 'w.js' });
    const kill = (id: number, idle?: true): TraceEvent => ({ type: 'kill', t: t(900), isolate: id, by: 0, priority: 'immediate', ...(idle ? { idle } : {}) });
    const exit = (id: number): TraceEvent => ({ type: 'exit', t: t(950), isolate: id, reason: 'killed' });
    const summary = fedOneByOne([spawn(1), spawn(2), kill(1, true), kill(2), exit(1), exit(2)]);
    assert.deepEqual(summary.isolates.map((r) => [r.id, r.exitReason, r.killedIdle]), [[0, 'running', undefined], [1, 'killed', true], [2, 'killed', undefined]]);
    const table = formatSummary(summary);
    assert.match(table, /worker 1 .* killed idle /);
    assert.match(table, /worker 2 .* killed +\d/);
  });

  it('takes no event after its summary is made', () => {
    const summarizer = new TraceSummarizer();
    summarizer.add(send(1, 0, 1, 1, 1));
    summarizer.finish();
    assert.throws(() => summarizer.add(receive(2, 1, 1, 1)), /after finish/);
  });
});
