// The trace format's events: one discriminated union on `type`. Every event names the
// isolate it is about (`isolate`: the thread id, 0 for the main thread), when it happened
// (`t`: microseconds since the trace started, on one clock for every thread and process of
// the trace) and, in a trace of several processes, the process (`pid`).
// docs/trace-format.md shows an example of each. Change a field's meaning only together with
// TRACE_VERSION; the reader turns version 1 events into these.
import type { Micros } from './time';

export const TRACE_FORMAT = 'isotrace';
export const TRACE_VERSION = 2;

/** An isolate's id: its worker thread id; 0 is the main thread. */
export type IsolateId = number;

/** A place in the user's source. */
export interface SourceLocation {
  url: string;
  line: number;
  column: number;
}

/** The first line of an .isotrace file: the trace, and its first process. */
export interface TraceHeader {
  format: typeof TRACE_FORMAT;
  version: number;
  /** The unit of every `t`: microseconds since `startTime`. */
  clock: 'us';
  pid: number;
  /** The process that started it (version 2). */
  ppid?: number;
  argv: string[];
  /** Wall-clock time (ISO 8601) at t = 0. */
  startTime: string;
  node?: string;
  /** Where t = 0 is on the machine's monotonic clock, in µs (version 2): the processes of
   * one trace share it, so their times compare directly. */
  origin?: number;
}

interface EventBase {
  t: Micros;
  isolate: IsolateId;
  /** The process, in a trace of several; absent: the header's process. */
  pid?: number;
}

/** One more process of a trace that holds several (the header names the first): its
 * events carry its `pid`. `isolate` is 0, `t` when it started being traced. */
export interface ProcessEvent extends EventBase {
  type: 'process';
  pid: number;
  ppid?: number;
  argv: string[];
  node?: string;
}

/** How an isolate was started. `worker` is a plain worker_threads Worker (the preload). */
export type SpawnKind = 'function' | 'module' | 'run' | 'pool' | 'worker';

/** The parent asked for a new isolate. `isolate` is the child; `parent` the spawner. */
export interface SpawnEvent extends EventBase {
  type: 'spawn';
  parent: IsolateId;
  debugName: string;
  kind: SpawnKind;
  /** The entry function's name, or the module's URL or file. */
  entry: string;
  location?: SourceLocation;
}

/** The isolate's thread is running its entry. */
export interface RunningEvent extends EventBase {
  type: 'running';
}

/** Who asked for a kill, pause or resume: an isolate, or the editor (src/protocol/liveControl.ts). */
export type Requester = IsolateId | 'editor';

export interface PausedEvent extends EventBase {
  type: 'paused';
  /** Present when the editor paused it. */
  by?: Requester;
}

export interface ResumedEvent extends EventBase {
  type: 'resumed';
  by?: Requester;
}

/** Someone asked for `isolate` to be killed. `by` is the isolate that asked, or the editor. */
export interface KillEvent extends EventBase {
  type: 'kill';
  by: Requester;
  priority: 'immediate' | 'beforeNextEvent';
  location?: SourceLocation;
  /** The thread was waiting for work (blocked in Atomics.wait, as tinypool's and piscina's
   * idle workers are) when it was ended: a pool shutting down, no work cut short. */
  idle?: true;
}

/** How an isolate ended. */
export type ExitReason = 'returned' | 'exited' | 'killed' | 'error';

export interface ExitEvent extends EventBase {
  type: 'exit';
  reason: ExitReason;
  /** The thread's exit code, when known. */
  code?: number;
  error?: { message: string; stack?: string };
}

/** A ReceivePort, RawReceivePort or MessagePort opened in `isolate`. */
export interface PortOpenEvent extends EventBase {
  type: 'portOpen';
  port: string;
  debugName?: string;
}

export interface PortCloseEvent extends EventBase {
  type: 'portClose';
  port: string;
}

/** Names a message: the `seq`-th message on channel `channel`. Channel numbers are unique
 * in the trace; a send and its receives carry the same pair. */
export interface MessageRef {
  channel: number;
  seq: number;
  /** The process that numbered the channel when it is not this event's own: an IPC link
   * between processes is numbered by the parent. Only in single-process traces (a trace of
   * several processes renumbers channels to be unique and drops it). */
  chpid?: number;
}

/** A message left `isolate`. Its receive events carry the same channel and seq. */
export interface SendEvent extends EventBase, MessageRef {
  type: 'send';
  /** The port it went to, when the runtime knows it. */
  port?: string;
  /** The isolate it went to, when known at send time. */
  to?: IsolateId;
  /** The process it went to, when not this one (a child process's IPC). */
  toPid?: number;
  /** Estimated size of the structured clone, in bytes. */
  bytes: number;
  /** Bytes that moved without a copy (transferred ArrayBuffers). */
  transferred: number;
  /** Of `bytes`, those of ArrayBuffers and typed arrays that were copied (not transferred);
   * absent when none. */
  bufferBytes?: number;
  location?: SourceLocation;
}

/** A message was handled in `isolate` (its listener ran). */
export interface ReceiveEvent extends EventBase, MessageRef {
  type: 'receive';
  port?: string;
}

/** A sample of the isolate's heap and how busy its event loop was since the last sample. */
export interface HeapEvent extends EventBase {
  type: 'heap';
  used: number;
  total: number;
  external: number;
  /** Event-loop utilization since the previous sample, 0..1. */
  elu: number;
}

/** Events that were lost (held for want of room in a full ring when their thread or the
 * trace ended, or past its bound; or queued for a live reader that fell behind): the trace
 * has a gap here. */
export interface DroppedEvent extends EventBase {
  type: 'dropped';
  count: number;
}

export type TraceEvent =
  | ProcessEvent
  | SpawnEvent
  | RunningEvent
  | PausedEvent
  | ResumedEvent
  | KillEvent
  | ExitEvent
  | PortOpenEvent
  | PortCloseEvent
  | SendEvent
  | ReceiveEvent
  | HeapEvent
  | DroppedEvent;

export type TraceEventType = TraceEvent['type'];

/** The event of one type. */
export type TraceEventOf<K extends TraceEventType> = Extract<TraceEvent, { type: K }>;
