// The tracer core's contract. A thread has one tracer core: the first Isoscope
// copy loaded in the thread registers its core on globalThis, and every later copy (the
// extension's preload beside the program's own `isoscope`, say) uses that one instead of
// its own (core/index.ts). So everything that reaches per-thread tracing state does so
// through this interface, and copies agree on it by TRACER_ABI: change a member's meaning,
// the ring layout, the environment data or the preload's frames only together with it.
import type { Micros } from '../../protocol/time';
import type { SourceLocation, SpawnEvent, TraceEvent } from '../../protocol/traceEvents';
import type { RingReader } from './ring';

/** The version of this contract; copies with the same number share one core. */
export const TRACER_ABI = 3;

/** Microseconds since the trace started, unrounded: for binary records, which the collector
 * rounds as it formats them (off the busy thread). */
export type RawMicros = number & { readonly __raw: unique symbol };

/** Worker threads whose parent is itself a worker announce their ring on this channel. */
export const RING_CHANNEL = `isoscope:trace-rings:${process.pid}`;

export interface RingAnnouncement {
  threadId: number;
  ring: SharedArrayBuffer;
}

/** What a traced thread needs to know; a parent hands it to each worker it starts. */
export interface ThreadTraceConfig {
  ring: SharedArrayBuffer;
  /** t = 0 on the process-wide clock. */
  origin: number;
  heapIntervalMs: number;
  captureLocations: boolean;
  ringBytes: number;
  /** A plain worker's link to its parent (the preload numbers both directions). */
  link?: { down: number; up: number; parent: number } | undefined;
  /** What the thread tells its parent (core/threadStats.ts); none in the main thread. */
  stats?: SharedArrayBuffer | undefined;
}

/** The trace id of a message that carries it ([channel, seq]): the runtime's work messages
 * (Isolate.run, IsolatePool tasks and their results) and the preload's envelopes. */
export type MessageId = readonly [channel: number, seq: number];

/** A send about to happen: its id goes into the payload, the event is recorded with recordSend(). */
export interface PendingSend {
  id: MessageId;
  t: number;
}

export interface SendDetails {
  /** The size, when it was measured before encoding marked the message (default: estimated now). */
  bytes?: number;
  to?: number;
  port?: string;
  /** The transfer list, read before the post (transferring empties the buffers). */
  transfer?: readonly unknown[] | undefined;
  /** The bytes moved, when already counted (default: counted from `transfer`). */
  transferred?: number;
  /** Of `bytes`, the copied bytes of buffers, when already counted (default: counted by the size
   * estimate made when `bytes` is not given; none when it is). */
  bufferBytes?: number;
  location?: SourceLocation | undefined;
}

export type SpawnDetails = Pick<SpawnEvent, 'kind' | 'debugName' | 'entry' | 'location'>;

/** A child thread being started under tracing (core/childThreads.ts). */
export interface TracedChild {
  /** Call right after the Worker constructor, whether it threw or not. */
  endConstruction(): void;
  /** What the child records with (a reused thread is handed it with its next computation). */
  readonly config: ThreadTraceConfig;
  /** Hands the ring to the collector and records the spawn of isolate `child` (by default the
   * worker's thread), at `t` (by default now: a thread already running is given its work
   * first, and may record before). The parent watches `worker`'s event loop, for a child that
   * cannot sample itself. */
  announce(worker: { threadId: number }, details: SpawnDetails, child?: number, t?: Micros): void;
  /** The thread is gone: the collector drains its ring one last time and lets it go. */
  exited(): void;
  /** Whether the thread is blocked in Atomics.wait now (waiting for work, as a pool
   * library's idle worker is), or gets there within a millisecond. */
  waiting(): boolean;
}

/** What the core needs of the main thread's collector. */
export interface CollectorLink {
  /** Takes a thread's ring into the trace. */
  adopt(id: number, ring: SharedArrayBuffer): RingReader;
  drain(): void;
  stop(): void;
}

/** The tracer core: this thread's recorder and everything that shares its state. */
export interface TracerCore {
  readonly abi: number;
  /** The package version of the copy whose core this is, and the file it was loaded from. */
  readonly version: string;
  readonly from: string;
  /** False in a copy that found an incompatible core registered: it never records. */
  readonly canRecord: boolean;

  // Recording. The hot path: callers bind these to local names once.
  /** True while this thread records events; with tracing off, a hook costs this check. */
  tracingOn(): boolean;
  threadConfig(): ThreadTraceConfig | undefined;
  /** Records one event. Call only when tracingOn(). */
  record(event: TraceEvent): void;
  /** A send as a binary record; `bufferBytes` is the copied bytes of buffers in it, `to` and
   * `portId` are -1 when not known. Call only when tracingOn(). */
  recordSendRecord(t: RawMicros, channel: number, seq: number, bytes: number, transferred: number, bufferBytes: number, to: number, portId: number): void;
  /** Message `seq` of `channel` is being handled here, on port `portId` (-1: not a runtime port). */
  recordReceiveRecord(t: RawMicros, channel: number, seq: number, portId: number): void;
  rawNow(): RawMicros;
  traceNow(): Micros;
  /** A channel number no other channel of this process has. */
  newChannelId(): number;
  /** Starts a traced send of a message that carries its id, or undefined when tracing is off. */
  beginSend(): PendingSend | undefined;
  /** Records the send of `payload` (begun with beginSend); call it before posting. */
  recordSend(pending: PendingSend | undefined, payload: unknown, details?: SendDetails): void;
  /** A send on a numbered channel that needs more than a binary record (a source location). */
  recordChannelSend(channel: number, seq: number, t: RawMicros, details: { bytes: number; transferred: number; bufferBytes: number; to: number; port?: string; location: SourceLocation | undefined }): void;
  /** Records that this thread now handles the message with this id. */
  recordReceive(id: MessageId | undefined, port?: string): void;

  // Threads.
  /** Starts tracing a child about to be constructed, when this thread is traced. */
  beginChild(extra?: Pick<ThreadTraceConfig, 'link'>): TracedChild | undefined;
  /** Starts tracing the next computation of a running thread Isolate.run reuses, when this
   * thread is traced: a ring of its own, handed to the thread with the computation. */
  beginReuse(): TracedChild | undefined;
  /** The isolate this thread is now: its threadId, or the computation a reused thread runs. */
  isolateId(): number;
  /** An isolate id no thread and no other computation of this process has. */
  newIsolateId(): number;
  /** In a reused thread: it is now isolate `id`, recording into `config` when traced. */
  becomeIsolate(id: number, config: ThreadTraceConfig | undefined): void;
  /** In a reused thread: its computation is over; nothing more is recorded until the next. */
  leaveIsolate(): void;
  /** Marks a runtime-owned port, channel or worker, whose traffic the preload must leave alone. */
  markInternal<T extends object>(object: T): T;
  isInternal(object: unknown): boolean;
  /** Runs `work` with the preload's wrappers off. */
  quietly<T>(work: () => T): T;
  enterQuiet(): void;
  leaveQuiet(): void;
  isQuiet(): boolean;
  /** True the first time it is called in this thread: the preload's wrappers go in once,
   * whichever copy's preload asks. */
  claimPreload(registerPath: string): boolean;
  /** The register.cjs the preload forces into workers given their own execArgv. */
  preloadPath(): string;

  // The main thread's collector.
  /** Starts recording this thread into `config.ring`; `onFull` drains when the ring is full. */
  attachThread(config: ThreadTraceConfig, onFull?: () => void): void;
  detachThread(): void;
  setCollector(collector: CollectorLink | undefined): void;
  collector(): CollectorLink | undefined;
  /** Records a heap sample now; the sampler repeats it every `intervalMs` (0: never). */
  sampleHeap(): void;
  startHeapSampler(intervalMs: number): void;
  stopHeapSampler(): void;
}
