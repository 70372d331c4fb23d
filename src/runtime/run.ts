// Isolate.run: each computation is a fresh isolate. Threads are kept booted between
// computations (unreferenced, so they never keep the program alive): a spare that has run
// nothing yet, and threads whose computation left nothing behind (worker/cleanSlate.ts), each
// of which runs its next computation as a new isolate, with its own id and lane in the trace.
// A back-to-back Isolate.run then costs a message each way instead of a thread's start.
import { availableParallelism } from 'node:os';
import type { ChildIsolate } from './childIsolate';
import { Errors, reviveError } from './errors';
import { callerLocation, type SourceLocation } from './callerLocation';
import { adoptChild } from './isolateManager';
import { tracer } from './tracing/core';
import type { SpawnDetails, TracedChild } from './tracing/coreApi';

const { beginReuse, beginSend, newIsolateId, recordReceive, recordSend, traceNow, tracingOn } = tracer;
import { shipFunction } from './entrySource';
import { startIsolateWorker } from './startWorker';
import type { RunJob } from './controlMessages';

export interface RunOptions<A extends unknown[] = unknown[]> {
  /** Arguments for the computation, copied to its isolate. */
  args?: A;
  /** A name for the isolate, shown in traces and the debugger. */
  debugName?: string;
  /** Aborting kills the isolate and rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Booted threads waiting for a computation, the longest idle first (let go first). */
const idle: ChildIsolate[] = [];
/** Threads that have run a computation, which the next one there must be told it is new. */
const used = new WeakSet<ChildIsolate>();
/** How many threads are kept idle at most, and how long the ones beyond the first are kept. */
const MAX_IDLE = Math.max(1, availableParallelism());
const IDLE_RELEASE_MS = 2_000;
let releaseTimer: NodeJS.Timeout | undefined;
let lastRun = 0;

function startRunIsolate(job: RunJob | undefined, location: SourceLocation | undefined): ChildIsolate {
  const debugName = job?.debugName ?? 'spare';
  return startIsolateWorker(
    { role: 'run', debugName, errorsAreFatal: true, startPaused: false, ...(job ? { job } : {}) },
    job ? debugName : 'isoscope-spare',
    job ? runSpawn(job, location) : undefined,
  );
}

function runSpawn(job: RunJob, location: SourceLocation | undefined): SpawnDetails {
  return { kind: 'run', debugName: job.debugName, entry: job.entry.name, ...(location ? { location } : {}) };
}

/** A thread for the next computation, if one waits: the one that finished last (its code is
 * compiled and warm), and one that is ready before a spare still starting. A thread started
 * before tracing was turned on would run untraced: it is let go. */
function takeIdle(): ChildIsolate | undefined {
  for (let i = idle.length - 1; i >= 0; i--) {
    const thread = idle[i]!;
    if (thread.alive && !(tracingOn() && !thread.traceable)) continue;
    idle.splice(i, 1);
    thread.close();
  }
  const at = idle.findLastIndex((thread) => thread.ready);
  return at >= 0 ? idle.splice(at, 1)[0] : idle.shift();
}

/** Keeps a thread whose computation is over for the next one, unless enough wait already. */
function park(thread: ChildIsolate): void {
  if (!thread.alive) return;
  if (idle.length >= MAX_IDLE) {
    thread.close();
    return;
  }
  thread.worker.unref();
  idle.push(thread);
  scheduleRelease();
}

/** Keeps one thread booted for the next computation. */
function keepSpare(): void {
  if (idle.some((thread) => thread.alive)) return;
  const spare = startRunIsolate(undefined, undefined);
  spare.worker.unref();
  idle.push(spare);
}

/** Threads beyond the first are let go once no computation has started for IDLE_RELEASE_MS. */
function scheduleRelease(): void {
  if (releaseTimer || idle.length <= 1) return;
  releaseTimer = setTimeout(() => {
    releaseTimer = undefined;
    const quiet = performance.now() - lastRun;
    if (quiet < IDLE_RELEASE_MS) {
      scheduleRelease();
      return;
    }
    while (idle.length > 1) idle.shift()!.close();
  }, IDLE_RELEASE_MS);
  releaseTimer.unref();
}

/** Gives a booted thread its computation; throws IsolateMessageError for unsendable args, and
 * the thread stays idle. */
function dispatch(thread: ChildIsolate, job: RunJob, location: SourceLocation | undefined): void {
  let traced: TracedChild | undefined;
  if (used.has(thread)) {
    traced = thread.traceable ? beginReuse() : undefined;
    job.as = { id: newIsolateId(), trace: traced?.config };
  }
  // The spawn is dated before the post: the thread may start recording before it is announced.
  const t = tracingOn() ? traceNow() : undefined;
  thread.post({ type: 'run', job });
  used.add(thread);
  if (job.as) {
    thread.becomeIsolate(job.as.id, job.debugName, traced);
    adoptChild(thread);
  } else thread.debugName = job.debugName;
  thread.announce(runSpawn(job, location), t);
  thread.worker.ref();
}

/** Isolate.run: runs the computation on a booted thread (or a new one) and settles with its result. */
export async function runInIsolate<R>(computation: unknown, options: RunOptions): Promise<R> {
  const location = callerLocation();
  const entry = shipFunction(computation, 'The computation of Isolate.run', location);
  const { signal } = options;
  if (signal?.aborted) throw Errors.aborted('Isolate.run', signal.reason);
  lastRun = performance.now();
  const pending = beginSend();
  const job: RunJob = { entry, args: options.args ?? [], debugName: options.debugName ?? (entry.name === 'anonymous' ? 'run' : entry.name), ...(pending ? { trace: pending.id } : {}) };
  let child = takeIdle();
  if (child) {
    try {
      dispatch(child, job, location);
    } catch (error) {
      park(child);
      throw error;
    }
  } else {
    child = startRunIsolate(job, location);
    used.add(child);
  }
  const thread = child;
  recordSend(pending, job.args, { to: thread.id });
  let over = false;
  const settled = new Promise<R>((resolve, reject) => {
    const onAbort = (): void => {
      if (over) return;
      thread.terminate();
      reject(Errors.aborted('Isolate.run', signal!.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      over = true;
      signal?.removeEventListener('abort', onAbort);
    };
    thread.onMessage = (message) => {
      if (message.type === 'result') {
        recordReceive(message.trace);
        // The thread is idle before the caller hears the result, so a call made right after
        // finds it waiting.
        if (message.stays) {
          done();
          thread.endComputation(message.ok ? 'returned' : 'error');
          park(thread);
        }
        if (message.ok) resolve(message.value as R);
        else reject(reviveError(message.error));
      } else if (message.type === 'uncaught') reject(reviveError(message.error));
    };
    void thread.whenExited().then(() => {
      done();
      reject(Errors.runEndedWithoutResult(job.debugName, thread.exitCode ?? 0));
    });
  });
  // A spare is started once this run has settled, off the caller's critical path (starting
  // a Worker costs the calling thread about a millisecond), when no thread waits.
  const startSpare = (): void => void setImmediate(keepSpare);
  settled.then(startSpare, startSpare);
  return settled;
}
