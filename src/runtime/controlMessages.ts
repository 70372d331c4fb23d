// The messages between an isolate's worker thread and the thread that spawned it, and the
// control requests any holder of an Isolate object sends to that parent. Named types, one
// union each way, starting with a ready handshake (after piscina's types.ts).
import type { MessagePort } from 'node:worker_threads';
import type { Capability } from './capability';
import type { SerializedError } from './errors';
import type { SendPort } from './sendPort';
import type { MessageId, ThreadTraceConfig } from './tracing/coreApi';

export const BOOT_MARK = 'isoscope-isolate/1';

/** What an isolate runs: a function shipped as source, or a module's main(args, message). */
export type EntrySpec =
  | { kind: 'function'; name: string; expression: string; aliases: string[]; callerUrl: string | undefined }
  | { kind: 'module'; url: string; args: string[] };

/** workerData of every isolate the runtime starts. */
export interface BootData {
  mark: typeof BOOT_MARK;
  /** `isolate`: Isolate.spawn/spawnUri. `run`: one Isolate.run computation (maybe a spare
   * waiting for its job). `pool`: an IsolatePool worker. */
  role: 'isolate' | 'run' | 'pool';
  debugName: string;
  controlPort: SendPort | null;
  pauseCapability: Capability | null;
  terminateCapability: Capability | null;
  errorsAreFatal: boolean;
  startPaused: boolean;
  /** Count of messages the parent posted and the isolate has not handled yet. The isolate
   * checks it before each event, so a kill or pause sent before a message acts first. */
  controlSignal: Int32Array;
  /** Pool isolates: how long to poll for the next task after one finishes (ms). */
  idleSpinMs?: number;
  /** Pool isolates: poll only while a core is spare (the default), not whatever the load. */
  idleSpinAdaptive?: boolean;
  /** Pool isolates: the isolate stores the id of each task here as it starts it, so the pool
   * knows, if the isolate dies, which of the tasks sent ahead to it never began. */
  startedTask?: Int32Array;
  entry?: EntrySpec;
  message?: unknown;
  job?: RunJob;
  /** V8's code cache of the runtime's bundles, for worker/threadEntry.ts. */
  codeCache?: RuntimeCodeCache;
  /** Where to post the code cache this isolate makes, when the parent has none yet. */
  codeCacheReply?: MessagePort;
}

/** V8's code cache of dist/index.cjs and dist/tracing.cjs (see runtimeCodeCache.ts); one
 * that was loaded before the thread entry ran (by the preload) has none. */
export interface RuntimeCodeCache {
  index?: Uint8Array;
  tracing?: Uint8Array;
  /** The sources the cache was made from: V8 checks only a source's length, so a bundle
   * rebuilt on disk while the program runs would be compiled wrongly from a stale cache. */
  indexSource?: string;
  tracingSource?: string;
}

/** One Isolate.run computation. */
export interface RunJob {
  debugName: string;
  entry: Extract<EntrySpec, { kind: 'function' }>;
  args: unknown[];
  /** The trace's message id for the computation's arguments, when traced. */
  trace?: MessageId;
  /** On a thread that ran an earlier computation: the isolate this one is (its id, its own
   * capabilities, and the ring it records into when traced). */
  as?: { id: number; pause: Capability; terminate: Capability; trace: ThreadTraceConfig | undefined };
}

/** What a spare needs to become a spawned isolate: what BootData would have said. */
export type SpawnOrder = Pick<BootData, 'debugName' | 'errorsAreFatal' | 'startPaused' | 'entry' | 'message'>;

/** One IsolatePool task. The function's source is sent once per worker, then its id. */
export interface PoolTask {
  id: number;
  fnId: number;
  entry?: Extract<EntrySpec, { kind: 'function' }>;
  /** The arguments as the pool copied them: an array, in a MARKED frame when it holds runtime
   * objects (decodeMessage). */
  args: unknown;
  trace?: MessageId;
}

/** What became of one IsolatePool task, with the trace id of its result message. */
export type PoolResult =
  | ({ id: number; ok: true; value: unknown } & Traced)
  | ({ id: number; ok: false; error: SerializedError } & Traced);

/** Parent -> isolate, on the worker's own port. A control message names the isolate it is
 * for (`to`): a thread Isolate.run reuses has been other isolates before, and one meant for
 * an earlier computation is dropped. */
export type ToIsolate =
  | { type: 'pause'; to: number; capability: string; by?: 'editor' }
  | { type: 'resume'; to: number; capability: string; by?: 'editor' }
  | { type: 'kill'; to: number }
  | { type: 'ping'; to: number; port: SendPort; response: unknown }
  | { type: 'setErrorsFatal'; to: number; value: boolean }
  | { type: 'run'; job: RunJob }
  /** A spare (started for Isolate.run, never used) becomes the isolate Isolate.spawn starts. */
  | { type: 'spawn'; order: SpawnOrder }
  /** Pool tasks, run one after another in this order; several travel in one message when
   * the pool has more waiting. */
  | { type: 'tasks'; tasks: PoolTask[] };

/** How an isolate ended. */
export type ExitReason = 'returned' | 'exited' | 'killed' | 'error';

/** Isolate -> parent. */
export type FromIsolate =
  | { type: 'ready' }
  | { type: 'loadFailed'; error: SerializedError }
  | { type: 'uncaught'; error: SerializedError; fatal: boolean }
  | { type: 'exiting'; reason: ExitReason }
  | ({ type: 'result'; ok: true; value: unknown } & Traced)
  | ({ type: 'result'; ok: false; error: SerializedError } & Traced)
  /** An Isolate.run computation's thread, a turn of its event loop after the result: it
   * stays for the next computation (it left nothing behind), or it ends now. `ok`: the
   * computation returned (else it threw). */
  | { type: 'over'; stays: boolean; ok: boolean }
  /** The result of one pool task. */
  | ({ type: 'taskDone' } & PoolResult);

/** A result's trace message id, when traced. */
interface Traced {
  trace?: MessageId;
}


/** Kill and ping priorities, Isolate.immediate and Isolate.beforeNextEvent. They live here,
 * beside the requests that carry them, so the thread that acts on a request reads them
 * without importing the Isolate class (which imports that thread's request handling). */
export const IMMEDIATE = 0;
export const BEFORE_NEXT_EVENT = 1;

/** Requests sent through Isolate.controlPort to the thread that hosts the isolate. */
export type ControlRequest =
  | { op: 'pause'; target: number; auth: Capability | null; capability: Capability }
  | { op: 'resume'; target: number; capability: Capability }
  | { op: 'kill'; target: number; auth: Capability | null; priority: number }
  | { op: 'ping'; target: number; port: SendPort; response: unknown; priority: number }
  | { op: 'addOnExit'; target: number; port: SendPort; response: unknown }
  | { op: 'removeOnExit'; target: number; port: SendPort }
  | { op: 'addError'; target: number; port: SendPort }
  | { op: 'removeError'; target: number; port: SendPort }
  | { op: 'setErrorsFatal'; target: number; auth: Capability | null; value: boolean };
