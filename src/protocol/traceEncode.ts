// Writing the trace format: the header line and one line per event. Events the runtime
// records by the thousand (send, receive) skip JSON.stringify: their fields are numbers and
// ids the runtime made, so a template is exact and several times faster.
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceHeader } from './traceEvents';

/** The header of a trace started now by this process. */
export function makeHeader(pid: number, argv: string[], startTime: Date, node?: string): TraceHeader {
  const header: TraceHeader = { format: TRACE_FORMAT, version: TRACE_VERSION, clock: 'us', pid, argv, startTime: startTime.toISOString() };
  if (node !== undefined) header.node = node;
  return header;
}

export function encodeHeader(header: TraceHeader): string {
  return JSON.stringify(header) + '\n';
}

/** One NDJSON line (with its newline) for an event. */
export function encodeEvent(event: TraceEvent): string {
  switch (event.type) {
    case 'send':
      if (event.location === undefined) {
        return `{"type":"send","t":${event.t},"isolate":${event.isolate},"msg":"${event.msg}"${event.port === undefined ? '' : `,"port":"${event.port}"`}${event.to === undefined ? '' : `,"to":${event.to}`},"bytes":${event.bytes},"transferred":${event.transferred}}\n`;
      }
      break;
    case 'receive':
      return `{"type":"receive","t":${event.t},"isolate":${event.isolate},"msg":"${event.msg}"${event.port === undefined ? '' : `,"port":"${event.port}"`}}\n`;
  }
  return JSON.stringify(event) + '\n';
}

/** A message's id in the trace: its channel, then its number on that channel. */
export function messageId(channel: number, seq: number): string {
  return `${channel}:${seq}`;
}
