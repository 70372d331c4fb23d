// `isoscope export --format chrome`: the Chrome Trace Event format, which Perfetto UI and
// chrome://tracing open. One process per traced process, one thread per isolate (named by thread_name metadata), each
// isolate's lifetime and pauses as slices, each delivered message as a flow arrow from a
// "send" slice on the sender's thread to a "receive" slice on the receiver's, and each isolate's
// heap as a counter track.
import type { IsolateId, TraceEvent, TraceHeader } from '../protocol/traceEvents';
import { summarize } from '../protocol/traceSummary';
import { messageKey } from '../protocol/messageKey';
import { processTitle } from '../protocol/processTitle';

interface ChromeEvent {
  name: string;
  ph: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number;
  bp?: string;
  s?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, unknown>;
}

/** Message slices need a width to hold their flow arrows' ends; 1 µs is the smallest. */
const MARK_US = 1;

export function toChromeTrace(header: TraceHeader | undefined, events: TraceEvent[]): ChromeTrace {
  const headerPid = header?.pid ?? 1;
  const pidOf = (event: TraceEvent): number => event.pid ?? headerPid;
  const out: ChromeEvent[] = [];
  const { processes, isolates, totals } = summarize(events, header);
  const end = totals.durationUs;
  for (const process of processes) {
    const pid = process.pid ?? headerPid;
    out.push({ name: 'process_name', ph: 'M', pid, args: { name: processTitle(process) } });
  }
  for (const isolate of isolates) {
    const pid = isolate.pid ?? headerPid;
    out.push({ name: 'thread_name', ph: 'M', pid, tid: isolate.id, args: { name: `${isolate.debugName} (#${isolate.id})` } });
    out.push({ name: 'thread_sort_index', ph: 'M', pid, tid: isolate.id, args: { sort_index: isolate.id } });
    out.push({
      name: isolate.debugName,
      cat: 'isolate',
      ph: 'X',
      pid,
      tid: isolate.id,
      ts: isolate.spawnedAt,
      dur: Math.max(MARK_US, (isolate.exitedAt ?? end) - isolate.spawnedAt),
      args: { exitReason: isolate.exitReason, parent: isolate.parentId, messagesSent: isolate.messagesSent, messagesReceived: isolate.messagesReceived },
    });
  }
  const sendOf = new Map<number | string, { pid: number; isolate: IsolateId; t: number }>();
  for (const event of events) if (event.type === 'send') sendOf.set(messageKey(event.channel, event.seq), { pid: pidOf(event), isolate: event.isolate, t: event.t });
  let flows = 0;
  const pausedSince = new Map<string, { pid: number; tid: number; t: number }>();
  for (const event of events) {
    const pid = pidOf(event);
    const tid = event.isolate;
    switch (event.type) {
      case 'send': {
        out.push({ name: 'send', cat: 'message', ph: 'X', pid, tid, ts: event.t, dur: MARK_US, args: { channel: event.channel, seq: event.seq, bytes: event.bytes, transferred: event.transferred, ...(event.bufferBytes ? { bufferBytes: event.bufferBytes } : {}), ...(event.port ? { port: event.port } : {}) } });
        break;
      }
      case 'receive': {
        const send = sendOf.get(messageKey(event.channel, event.seq));
        out.push({ name: 'receive', cat: 'message', ph: 'X', pid, tid, ts: event.t, dur: MARK_US, args: { channel: event.channel, seq: event.seq, ...(send ? { queueLatencyUs: Math.round((event.t - send.t) * 10) / 10 } : {}) } });
        // One arrow per delivery (a BroadcastChannel message has several), from its send.
        if (send) {
          const id = ++flows;
          out.push({ name: 'message', cat: 'message', ph: 's', pid: send.pid, tid: send.isolate, ts: send.t, id });
          out.push({ name: 'message', cat: 'message', ph: 'f', bp: 'e', pid, tid, ts: event.t, id });
        }
        break;
      }
      case 'heap':
        out.push({ name: `heap #${tid}`, cat: 'heap', ph: 'C', pid, tid, ts: event.t, args: { used: event.used, total: event.total, external: event.external } });
        break;
      case 'paused':
        pausedSince.set(`${pid}:${tid}`, { pid, tid, t: event.t });
        break;
      case 'resumed': {
        const since = pausedSince.get(`${pid}:${tid}`);
        pausedSince.delete(`${pid}:${tid}`);
        if (since !== undefined) out.push({ name: 'paused', cat: 'isolate', ph: 'X', pid, tid, ts: since.t, dur: Math.max(MARK_US, event.t - since.t) });
        break;
      }
      case 'kill':
        // A kill shows on the lane of who asked; the editor's, on the killed isolate's own.
        out.push({ name: `kill (${event.priority})`, cat: 'isolate', ph: 'i', s: 't', pid, tid: event.by === 'editor' ? tid : event.by, ts: event.t, args: { target: event.isolate, ...(event.by === 'editor' ? { by: 'editor' } : {}), ...(event.idle ? { idle: true } : {}) } });
        break;
      case 'exit':
        out.push({ name: `exit: ${event.reason}`, cat: 'isolate', ph: 'i', s: 't', pid, tid, ts: event.t, args: { code: event.code, ...(event.error ? { error: event.error.message } : {}) } });
        break;
      case 'dropped':
        out.push({ name: `${event.count} events dropped`, cat: 'trace', ph: 'i', s: 'g', pid, tid, ts: event.t });
        break;
      default:
        break;
    }
  }
  for (const { pid, tid, t } of pausedSince.values()) out.push({ name: 'paused', cat: 'isolate', ph: 'X', pid, tid, ts: t, dur: Math.max(MARK_US, end - t) });
  return { traceEvents: out, displayTimeUnit: 'ms', otherData: { source: 'isoscope', ...(header ? { startTime: header.startTime, traceVersion: header.version } : {}) } };
}
