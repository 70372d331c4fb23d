// Writing the trace format: the header line and one line per event. Events the runtime
// records by the thousand (send, receive) skip JSON.stringify: their fields are numbers and
// ids the runtime made, so a template is exact and several times faster.
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceHeader } from './traceEvents';

/** The header of a trace of this process. `origin` is where t = 0 is on the monotonic clock
 * (µs), `startTime` the wall-clock time then. */
export function makeHeader(process: { pid: number; ppid?: number; argv: string[]; node?: string }, startTime: Date, origin?: number): TraceHeader {
  const header: TraceHeader = { format: TRACE_FORMAT, version: TRACE_VERSION, clock: 'us', pid: process.pid, argv: process.argv, startTime: startTime.toISOString() };
  if (process.ppid !== undefined) header.ppid = process.ppid;
  if (process.node !== undefined) header.node = process.node;
  if (origin !== undefined) header.origin = origin;
  return header;
}

export function encodeHeader(header: TraceHeader): string {
  return JSON.stringify(header) + '\n';
}

/** One NDJSON line (with its newline) for an event. */
export function encodeEvent(event: TraceEvent): string {
  switch (event.type) {
    case 'send':
      if (event.location === undefined && event.pid === undefined && event.chpid === undefined && event.toPid === undefined) {
        return `{"type":"send","t":${event.t},"isolate":${event.isolate},"channel":${event.channel},"seq":${event.seq}${event.port === undefined ? '' : `,"port":"${event.port}"`}${event.to === undefined ? '' : `,"to":${event.to}`},"bytes":${event.bytes},"transferred":${event.transferred}${event.bufferBytes ? `,"bufferBytes":${event.bufferBytes}` : ''}}\n`;
      }
      break;
    case 'receive':
      if (event.pid === undefined && event.chpid === undefined) {
        return `{"type":"receive","t":${event.t},"isolate":${event.isolate},"channel":${event.channel},"seq":${event.seq}${event.port === undefined ? '' : `,"port":"${event.port}"`}}\n`;
      }
      break;
  }
  return JSON.stringify(event) + '\n';
}
