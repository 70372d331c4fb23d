// Isolate.run: each computation gets a fresh isolate. One spare isolate is kept booted (and
// unreferenced, so it never keeps the program alive) to hide the start-up cost of the next.
import type { ChildIsolate } from './childIsolate';
import { Errors, reviveError } from './errors';
import { callerLocation, type SourceLocation } from './callerLocation';
import { tracer } from './tracing/core';
import type { SpawnDetails } from './tracing/coreApi';

const { beginSend, recordReceive, recordSend, tracingOn } = tracer;
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

let spare: ChildIsolate | undefined;

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

function keepSpare(): void {
  if (spare?.alive) return;
  spare = startRunIsolate(undefined, undefined);
  spare.worker.unref();
}

/** Isolate.run: runs the computation on the spare isolate (or a new one) and settles with its result. */
export async function runInIsolate<R>(computation: unknown, options: RunOptions): Promise<R> {
  const location = callerLocation();
  const entry = shipFunction(computation, 'The computation of Isolate.run', location);
  const { signal } = options;
  if (signal?.aborted) throw Errors.aborted('Isolate.run', signal.reason);
  const pending = beginSend();
  const job: RunJob = { entry, args: options.args ?? [], debugName: options.debugName ?? (entry.name === 'anonymous' ? 'run' : entry.name), ...(pending ? { trace: pending.id } : {}) };
  let child: ChildIsolate;
  // A spare started before tracing was turned on would run untraced: replace it.
  if (spare?.alive && tracingOn() && !spare.traceable) {
    spare.terminate();
    spare = undefined;
  }
  const ready = spare?.alive ? spare : undefined;
  if (ready) {
    ready.post({ type: 'run', job }); // throws IsolateMessageError for unsendable args; the spare stays
    spare = undefined;
    ready.debugName = job.debugName;
    ready.announce(runSpawn(job, location));
    ready.worker.ref();
    child = ready;
  } else {
    child = startRunIsolate(job, location);
  }
  recordSend(pending, job.args, { to: child.id });
  // The next spare starts once this run has settled, off the caller's critical path:
  // starting a Worker costs the calling thread about a millisecond.
  const settled = new Promise<R>((resolve, reject) => {
    const onAbort = (): void => {
      child.terminate();
      reject(Errors.aborted('Isolate.run', signal!.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.onMessage = (message) => {
      if (message.type === 'result') {
        recordReceive(message.trace);
        if (message.ok) resolve(message.value as R);
        else reject(reviveError(message.error));
      } else if (message.type === 'uncaught') reject(reviveError(message.error));
    };
    void child.whenExited().then(() => {
      signal?.removeEventListener('abort', onAbort);
      reject(Errors.runEndedWithoutResult(job.debugName, child.exitCode ?? 0));
    });
  });
  const startSpare = (): void => void setImmediate(keepSpare);
  settled.then(startSpare, startSpare);
  return settled;
}
