// One row per isolate and the totals: what `isoscope summary` prints, and what the
// timeline shows in its table. Pure: it runs over events from any reader.
import type { ExitReason, IsolateId, TraceEvent } from './traceEvents';

export interface IsolateSummary {
  id: IsolateId;
  debugName: string;
  parentId: IsolateId | null;
  /** Microseconds since the trace started. */
  spawnedAt: number;
  exitedAt: number | null;
  exitReason: ExitReason | 'running';
  messagesSent: number;
  messagesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  peakHeapBytes: number;
  /** Share of its sampled life the isolate's event loop was busy, 0..100 (ELU). */
  busyPercent: number;
}

export interface TraceTotals {
  isolates: number;
  messagesSent: number;
  messagesReceived: number;
  bytesSent: number;
  bytesTransferred: number;
  /** Sum of every isolate's peak heap. */
  peakHeapBytes: number;
  /** Microseconds from the start of the trace to its last event. */
  durationUs: number;
  /** Queue latency (send to receive) of the messages that were received, in microseconds. */
  latencyP50Us: number | null;
  latencyP99Us: number | null;
  latencyMaxUs: number | null;
  droppedEvents: number;
}

export interface TraceSummary {
  isolates: IsolateSummary[];
  totals: TraceTotals;
}

interface Working extends IsolateSummary {
  busyWeighted: number;
  sampledUs: number;
  lastSampleAt: number;
}

/** Summarises a trace's events (in any order). */
export function summarize(events: Iterable<TraceEvent>): TraceSummary {
  const rows = new Map<IsolateId, Working>();
  const row = (id: IsolateId): Working => {
    let r = rows.get(id);
    if (!r) {
      r = {
        id, debugName: id === 0 ? 'main' : `isolate ${id}`, parentId: null, spawnedAt: 0, exitedAt: null, exitReason: 'running',
        messagesSent: 0, messagesReceived: 0, bytesSent: 0, bytesReceived: 0, peakHeapBytes: 0, busyPercent: 0,
        busyWeighted: 0, sampledUs: 0, lastSampleAt: -1,
      };
      rows.set(id, r);
    }
    return r;
  };
  const sends = new Map<string, { t: number; bytes: number }>();
  const receives: { msg: string; t: number; isolate: IsolateId }[] = [];
  const heaps: Extract<TraceEvent, { type: 'heap' }>[] = [];
  let duration = 0;
  let dropped = 0;
  let transferred = 0;
  row(0);
  for (const event of events) {
    if (event.t > duration) duration = event.t;
    switch (event.type) {
      case 'spawn': {
        const r = row(event.isolate);
        r.debugName = event.debugName;
        r.parentId = event.parent;
        r.spawnedAt = event.t;
        break;
      }
      case 'exit': {
        const r = row(event.isolate);
        r.exitedAt = event.t;
        r.exitReason = event.reason;
        break;
      }
      case 'send': {
        const r = row(event.isolate);
        r.messagesSent++;
        r.bytesSent += event.bytes;
        transferred += event.transferred;
        sends.set(event.msg, { t: event.t, bytes: event.bytes });
        break;
      }
      case 'receive':
        row(event.isolate).messagesReceived++;
        receives.push({ msg: event.msg, t: event.t, isolate: event.isolate });
        break;
      case 'heap':
        heaps.push(event);
        break;
      case 'dropped':
        dropped += event.count;
        break;
      default:
        row(event.isolate);
    }
  }
  const latencies: number[] = [];
  for (const receive of receives) {
    const send = sends.get(receive.msg);
    if (!send) continue;
    row(receive.isolate).bytesReceived += send.bytes;
    latencies.push(receive.t - send.t);
  }
  heaps.sort((a, b) => a.t - b.t);
  for (const sample of heaps) {
    const r = row(sample.isolate);
    if (sample.used > r.peakHeapBytes) r.peakHeapBytes = sample.used;
    const since = r.lastSampleAt >= 0 ? r.lastSampleAt : r.spawnedAt;
    const span = Math.max(0, sample.t - since);
    r.busyWeighted += sample.elu * span;
    r.sampledUs += span;
    r.lastSampleAt = sample.t;
  }
  const isolates = [...rows.values()]
    .sort((a, b) => a.id - b.id)
    .map(({ busyWeighted, sampledUs, lastSampleAt, ...r }): IsolateSummary => {
      void lastSampleAt;
      return { ...r, busyPercent: sampledUs > 0 ? Math.round((1000 * busyWeighted) / sampledUs) / 10 : 0 };
    });
  latencies.sort((a, b) => a - b);
  const pick = (q: number): number | null => (latencies.length === 0 ? null : round1(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!));
  return {
    isolates,
    totals: {
      isolates: isolates.length,
      messagesSent: isolates.reduce((n, r) => n + r.messagesSent, 0),
      messagesReceived: isolates.reduce((n, r) => n + r.messagesReceived, 0),
      bytesSent: isolates.reduce((n, r) => n + r.bytesSent, 0),
      bytesTransferred: transferred,
      peakHeapBytes: isolates.reduce((n, r) => n + r.peakHeapBytes, 0),
      durationUs: round1(duration),
      latencyP50Us: pick(0.5),
      latencyP99Us: pick(0.99),
      latencyMaxUs: latencies.length === 0 ? null : round1(latencies[latencies.length - 1]!),
      droppedEvents: dropped,
    },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
