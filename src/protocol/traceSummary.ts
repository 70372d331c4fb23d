// One row per isolate (grouped by process in a trace of several) and the totals: what
// `isoscope summary` prints, and what the timeline shows in its table. Pure: it runs over
// events from any reader.
import type { ExitReason, IsolateId, TraceEvent, TraceHeader } from './traceEvents';
import { MessagePairs } from './messagePairs';

export interface IsolateSummary {
  /** The process it ran in (null when the trace has no header to say). */
  pid: number | null;
  id: IsolateId;
  debugName: string;
  parentId: IsolateId | null;
  /** Microseconds since the trace started. */
  spawnedAt: number;
  exitedAt: number | null;
  exitReason: ExitReason | 'running';
  /** Killed while it waited for work (a pool library shutting down its idle worker). */
  killedIdle?: true;
  messagesSent: number;
  messagesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  peakHeapBytes: number;
  /** Share of its sampled life the isolate's event loop was busy, 0..100 (ELU). */
  busyPercent: number;
}

/** A process of the trace: the header's first, then each process event's. */
export interface ProcessSummary {
  pid: number | null;
  ppid: number | null;
  argv: string[];
  isolates: number;
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
  processes: ProcessSummary[];
  /** By process, in the order of `processes`; then by isolate id. */
  isolates: IsolateSummary[];
  totals: TraceTotals;
}

interface Working extends IsolateSummary {
  busyWeighted: number;
  sampledUs: number;
  lastSampleAt: number;
}

/** Summarises a trace's events (in any order); `header` names the trace's first process. */
export function summarize(events: Iterable<TraceEvent>, header?: TraceHeader): TraceSummary {
  const summarizer = new TraceSummarizer(header);
  for (const event of events) summarizer.add(event);
  return summarizer.finish();
}

/** summarize() fed one event at a time, as a trace is read (isoscope record reads its traces
 * while the program runs, so the summary is ready soon after the program ends): add() keeps
 * what the summary needs of each event, not the event; finish() pairs the messages and
 * weighs the heap samples. */
export class TraceSummarizer {
  private readonly headerPid: number | null;
  private readonly processes: Map<number | null, ProcessSummary>;
  private readonly rows = new Map<number | null, Map<IsolateId, Working>>();
  private readonly headerRows: Working[] = [];
  private readonly messages = new MessagePairs<Working>();
  private readonly heaps: { sample: Extract<TraceEvent, { type: 'heap' }>; row: Working }[] = [];
  private duration = 0;
  private dropped = 0;
  private transferred = 0;
  private finished: TraceSummary | undefined;

  constructor(header?: TraceHeader) {
    this.headerPid = header?.pid ?? null;
    this.processes = new Map([[this.headerPid, { pid: this.headerPid, ppid: header?.ppid ?? null, argv: header?.argv ?? [], isolates: 0 }]]);
    this.row(this.headerPid, 0);
  }

  private row(pid: number | null, id: IsolateId): Working {
    // The header's process, the one of most events, has its rows at hand by id.
    if (pid === this.headerPid) {
      const known = this.headerRows[id];
      if (known) return known;
    }
    let inProcess = this.rows.get(pid);
    if (!inProcess) this.rows.set(pid, (inProcess = new Map()));
    let r = inProcess.get(id);
    if (!r) {
      r = {
        pid, id, debugName: id === 0 ? 'main' : `isolate ${id}`, parentId: null, spawnedAt: 0, exitedAt: null, exitReason: 'running',
        messagesSent: 0, messagesReceived: 0, bytesSent: 0, bytesReceived: 0, peakHeapBytes: 0, busyPercent: 0,
        busyWeighted: 0, sampledUs: 0, lastSampleAt: -1,
      };
      inProcess.set(id, r);
    }
    if (pid === this.headerPid && Number.isInteger(id) && id >= 0 && id < 1 << 16) this.headerRows[id] = r;
    return r;
  }

  /** Takes the trace's next event. */
  add(event: TraceEvent): void {
    if (this.finished) throw new Error('TraceSummarizer: add() after finish()');
    if (event.t > this.duration) this.duration = event.t;
    const pid = event.pid ?? this.headerPid;
    switch (event.type) {
      case 'process': {
        if (!this.processes.has(event.pid)) this.processes.set(event.pid, { pid: event.pid, ppid: event.ppid ?? null, argv: event.argv, isolates: 0 });
        this.row(pid, 0).spawnedAt = event.t;
        break;
      }
      case 'spawn': {
        const r = this.row(pid, event.isolate);
        r.debugName = event.debugName;
        r.parentId = event.parent;
        r.spawnedAt = event.t;
        break;
      }
      case 'exit': {
        const r = this.row(pid, event.isolate);
        r.exitedAt = event.t;
        r.exitReason = event.reason;
        break;
      }
      case 'kill': {
        const r = this.row(pid, event.isolate);
        if (event.idle) r.killedIdle = true;
        break;
      }
      case 'send': {
        const r = this.row(pid, event.isolate);
        r.messagesSent++;
        r.bytesSent += event.bytes;
        this.transferred += event.transferred;
        this.messages.send(event.channel, event.seq, event.t, event.bytes);
        break;
      }
      case 'receive': {
        const r = this.row(pid, event.isolate);
        r.messagesReceived++;
        this.messages.receive(event.channel, event.seq, event.t, r);
        break;
      }
      case 'heap':
        this.heaps.push({ sample: event, row: this.row(pid, event.isolate) });
        break;
      case 'dropped':
        this.dropped += event.count;
        break;
      default:
        this.row(pid, event.isolate);
    }
  }

  /** The summary of every event added (after it, add() throws). */
  finish(): TraceSummary {
    this.finished ??= this.summary();
    return this.finished;
  }

  private summary(): TraceSummary {
    const { processes, rows } = this;
    const latencies = this.messages.finish();
    const heaps = this.heaps.sort((a, b) => a.sample.t - b.sample.t);
    for (const { sample, row: r } of heaps) {
      if (sample.used > r.peakHeapBytes) r.peakHeapBytes = sample.used;
      const since = r.lastSampleAt >= 0 ? r.lastSampleAt : r.spawnedAt;
      const span = Math.max(0, sample.t - since);
      r.busyWeighted += sample.elu * span;
      r.sampledUs += span;
      r.lastSampleAt = sample.t;
    }
    // Processes in the order they were introduced (events of a process without its process
    // event still get rows, after the rest).
    const order = [...processes.keys(), ...[...rows.keys()].filter((pid) => !processes.has(pid))];
    const isolates: IsolateSummary[] = [];
    for (const pid of order) {
      const inProcess = [...(rows.get(pid)?.values() ?? [])].sort((a, b) => a.id - b.id);
      const known = processes.get(pid);
      if (known) known.isolates = inProcess.length;
      else processes.set(pid, { pid, ppid: null, argv: [], isolates: inProcess.length });
      for (const { busyWeighted, sampledUs, lastSampleAt, ...r } of inProcess) {
        void lastSampleAt;
        isolates.push({ ...r, busyPercent: sampledUs > 0 ? Math.round((1000 * busyWeighted) / sampledUs) / 10 : 0 });
      }
    }
    const pick = (q: number): number | null => (latencies.length === 0 ? null : round1(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!));
    return {
      processes: [...processes.values()],
      isolates,
      totals: {
        isolates: isolates.length,
        messagesSent: isolates.reduce((n, r) => n + r.messagesSent, 0),
        messagesReceived: isolates.reduce((n, r) => n + r.messagesReceived, 0),
        bytesSent: isolates.reduce((n, r) => n + r.bytesSent, 0),
        bytesTransferred: this.transferred,
        peakHeapBytes: isolates.reduce((n, r) => n + r.peakHeapBytes, 0),
        durationUs: round1(this.duration),
        latencyP50Us: pick(0.5),
        latencyP99Us: pick(0.99),
        latencyMaxUs: latencies.length === 0 ? null : round1(latencies[latencies.length - 1]!),
        droppedEvents: this.dropped,
      },
    };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
