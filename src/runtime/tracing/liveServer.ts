// The reading end of a live trace for Node programs: liveSocket.ts's server, with each
// accepted program's text read as events by its own streaming TraceReader (or handed on
// unread, for a reader that parses elsewhere).
import { TraceReader, type TraceProblem } from '../../protocol/traceReader';
import type { TraceEvent, TraceHeader } from '../../protocol/traceEvents';
import { listenForTraceText, type LiveTraceOptions, type LiveTraceServer } from './liveSocket';

export type { LiveTraceOptions, LiveTraceServer } from './liveSocket';

export interface LiveTraceHandlers {
  /** A program said hello with the right token. */
  onConnect?(pid: number): void;
  /** Unparsed: each frame of trace text an accepted program sent (whole NDJSON lines, its
   * header line first). When this is given the events are not read here. */
  onText?(text: Uint8Array, pid: number): void;
  onHeader?(header: TraceHeader, pid: number): void;
  onEvent?(event: TraceEvent, pid: number): void;
  onProblem?(problem: TraceProblem, pid: number): void;
  /** A connection was refused (wrong token, bad frame, too many waiting); says why. */
  onRejected?(reason: string): void;
  /** A program's stream ended. */
  onEnd?(pid: number): void;
}

/** Listens for traced programs on a fresh local socket with a fresh secret token. */
export function listenForTraces(handlers: LiveTraceHandlers, options: LiveTraceOptions = {}): Promise<LiveTraceServer> {
  const readers = new Map<number, TraceReader>();
  const reader = (pid: number): TraceReader => {
    let found = readers.get(pid);
    if (!found) {
      found = new TraceReader({
        onHeader: (header) => handlers.onHeader?.(header, pid),
        onEvent: (event) => handlers.onEvent?.(event, pid),
        onProblem: (problem) => handlers.onProblem?.(problem, pid),
      });
      readers.set(pid, found);
    }
    return found;
  };
  return listenForTraceText(
    {
      onConnect: handlers.onConnect,
      onText: handlers.onText ?? ((text, pid) => reader(pid).write(text)),
      onRejected: handlers.onRejected,
      onEnd: (pid) => {
        readers.get(pid)?.end();
        readers.delete(pid);
        handlers.onEnd?.(pid);
      },
    },
    options,
  );
}
