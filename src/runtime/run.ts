// Isolate.run: each computation is a fresh isolate. A computation goes to a booted thread
// when one waits (spareThreads.ts): a spare, or a thread whose earlier computation left
// nothing behind (worker/cleanSlate.ts), where it is a new isolate with its own id, its own
// capabilities and its own lane in the trace. A back-to-back Isolate.run then costs a
// message each way instead of a thread's start.
import type { ChildIsolate } from './childIsolate';
import { Capability } from './capability';
import { Errors, reviveError } from './errors';
import { callerLocation, type SourceLocation } from './callerLocation';
import { adoptChild } from './isolateManager';
import { finished, finishingThread, giveBack, hasRun, keepSpare, markUsed, takeThread } from './spareThreads';
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

/** A new thread for the computation, when none waits (spares are started in spareThreads.ts). */
function startRunIsolate(job: RunJob, location: SourceLocation | undefined): ChildIsolate {
  return startIsolateWorker({ role: 'run', debugName: job.debugName, errorsAreFatal: true, startPaused: false, job }, job.debugName, runSpawn(job, location));
}

function runSpawn(job: RunJob, location: SourceLocation | undefined): SpawnDetails {
  return { kind: 'run', debugName: job.debugName, entry: job.entry.name, ...(location ? { location } : {}) };
}

/** Gives a booted thread its computation; throws IsolateMessageError for unsendable args, and
 * the thread keeps waiting. */
function dispatch(thread: ChildIsolate, job: RunJob, location: SourceLocation | undefined): void {
  let traced: TracedChild | undefined;
  let capabilities: { pause: Capability; terminate: Capability } | undefined;
  if (hasRun(thread)) {
    traced = thread.traceable ? beginReuse() : undefined;
    capabilities = { pause: new Capability(), terminate: new Capability() };
    job.as = { id: newIsolateId(), trace: traced?.config, ...capabilities };
  }
  // The spawn is dated before the post: the thread may start recording before it is announced.
  const t = tracingOn() ? traceNow() : undefined;
  thread.post({ type: 'run', job });
  markUsed(thread);
  if (job.as) {
    thread.becomeIsolate(job.as.id, job.debugName, traced, capabilities!);
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
  const pending = beginSend();
  const job: RunJob = { entry, args: options.args ?? [], debugName: options.debugName ?? (entry.name === 'anonymous' ? 'run' : entry.name), ...(pending ? { trace: pending.id } : {}) };
  const taken = takeThread();
  let child = taken instanceof Promise ? await taken : taken;
  if (signal?.aborted) {
    if (child) giveBack(child);
    throw Errors.aborted('Isolate.run', signal.reason);
  }
  if (child) {
    try {
      dispatch(child, job, location);
    } catch (error) {
      giveBack(child);
      throw error;
    }
  } else {
    child = startRunIsolate(job, location);
    markUsed(child);
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
        done();
        // The thread says a turn later whether it stays (an 'over' message); a computation
        // that finds no waiting thread meanwhile waits for that.
        finishingThread(thread);
        if (message.ok) resolve(message.value as R);
        else reject(reviveError(message.error));
      } else if (message.type === 'over') {
        // Killed meanwhile (an abort, the editor): it does not stay.
        const stays = message.stays && thread.alive && thread.exitReason !== 'killed';
        if (stays) thread.endComputation(message.ok ? 'returned' : 'error');
        finished(thread, stays);
      } else if (message.type === 'uncaught') reject(reviveError(message.error));
    };
    void thread.whenExited().then(() => {
      done();
      finished(thread, false);
      reject(Errors.runEndedWithoutResult(job.debugName, thread.exitCode ?? 0));
    });
  });
  const spare = (): void => keepSpare();
  settled.then(spare, spare);
  return settled;
}
