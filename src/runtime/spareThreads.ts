// The booted threads this thread keeps for the isolates it starts next: a spare that has run
// nothing yet, and threads whose Isolate.run computation left nothing behind
// (worker/cleanSlate.ts). Isolate.run gives its computation to any of them; Isolate.spawn
// turns a spare that never ran anything into the isolate it starts (spawn.ts). A thread
// whose computation has just returned is `finishing` until it says whether it stays (a turn
// of its event loop later): a computation that finds no waiting thread waits for that
// verdict rather than start a thread. Waiting threads are unreferenced (they never keep the
// program alive), at most one per core; those beyond the first are let go after RELEASE_MS
// without a new isolate, and the last after LAST_RELEASE_MS. Under a debugger no thread waits
// and none is reused: a debugger lists a thread by the name it started with, so each isolate
// starts a thread of its own, named for it.
import type { ChildIsolate } from './childIsolate';
import { startIsolateWorker } from './startWorker';
import { tracer } from './tracing/core';

const { threadConfig, tracingOn } = tracer;

/** Waiting threads, the longest idle first (let go first). */
const idle: ChildIsolate[] = [];
/** Threads whose computation returned, until they say whether they stay. */
const finishing = new Set<ChildIsolate>();
/** Computations waiting for a finishing thread. */
const waiters: ((thread: ChildIsolate | undefined) => void)[] = [];
/** Threads that have run something: a computation there must be told it is a new isolate. */
const used = new WeakSet<ChildIsolate>();
const RELEASE_MS = 2_000;
const LAST_RELEASE_MS = 10_000;
let releaseTimer: NodeJS.Timeout | undefined;
let lastStart = 0;

/** At most one waiting thread per core (node:os is loaded on first need, not in every
 * isolate); none with ISOSCOPE_SPARE_THREADS=0 or under a debugger (every isolate then starts
 * its own thread). */
function idleLimit(): number {
  if (process.env['ISOSCOPE_SPARE_THREADS'] === '0' || underDebugger()) return 0;
  cores ??= Math.max(1, (require('node:os') as typeof import('node:os')).availableParallelism());
  return cores;
}
let cores: number | undefined;

/** Whether a debugger may be attached: VS Code's (js-debug sets VSCODE_INSPECTOR_OPTIONS for
 * the processes it debugs, and their workers inherit it) or any through --inspect. */
function underDebugger(): boolean {
  if (process.env['VSCODE_INSPECTOR_OPTIONS'] !== undefined) return true;
  // Asked on every Isolate.run: the module is looked up once (loaded on first need).
  inspector ??= require('node:inspector') as typeof import('node:inspector');
  return inspector.url() !== undefined;
}
let inspector: typeof import('node:inspector') | undefined;

/** Whether the thread has run something before (its next computation is a new isolate). */
export function hasRun(thread: ChildIsolate): boolean {
  return used.has(thread);
}

/** A spare that has never run anything, started and ready, for Isolate.spawn, if one waits. */
export function takeFreshSpare(): ChildIsolate | undefined {
  if (idleLimit() === 0) return undefined;
  const at = idle.findIndex((thread) => thread.ready && !used.has(thread) && fit(thread));
  return at >= 0 ? idle.splice(at, 1)[0] : undefined;
}

/** The thread runs a computation now. */
export function markUsed(thread: ChildIsolate): void {
  used.add(thread);
  lastStart = performance.now();
}

/** Whether a thread can take an isolate: alive and, while tracing, started traced (else it
 * would run untraced); a spare that has run nothing must have started under this trace (its
 * ring and clock are that trace's), while a used thread is given a ring of this one. */
function fit(thread: ChildIsolate): boolean {
  if (!thread.alive) return false;
  if (!tracingOn()) return true;
  return thread.traceable && (used.has(thread) || thread.traceOrigin === threadConfig()?.origin);
}

/** A thread for the next computation: a waiting one (the one that finished last, whose code
 * is compiled and warm, and one that is ready before a spare still starting), else one that
 * is finishing once it stays; undefined when there is none, or none stayed. */
export function takeThread(): ChildIsolate | Promise<ChildIsolate | undefined> | undefined {
  const reuse = idleLimit() > 0;
  for (let i = idle.length - 1; i >= 0; i--) {
    if (reuse && fit(idle[i]!)) continue;
    idle.splice(i, 1)[0]!.close();
  }
  const at = idle.findLastIndex((thread) => thread.ready);
  const waiting = at >= 0 ? idle.splice(at, 1)[0] : idle.shift();
  if (waiting || !reuse || finishing.size <= waiters.length) return waiting;
  return new Promise((resolve) => waiters.push(resolve));
}

/** The thread's computation has returned; it says later whether it stays (finished()). */
export function finishingThread(thread: ChildIsolate): void {
  finishing.add(thread);
}

/** The finishing thread stays for the next computation (`stays`), or ends. */
export function finished(thread: ChildIsolate, stays: boolean): void {
  if (!finishing.delete(thread)) return;
  if (stays && fit(thread)) {
    const waiter = waiters.shift();
    if (waiter) waiter(thread);
    else park(thread);
  } else if (waiters.length > finishing.size) {
    // Fewer threads to wait for than computations waiting: the last ones start threads.
    waiters.shift()!(undefined);
  }
}

/** A thread taken for an isolate that did not start there waits again. */
export function giveBack(thread: ChildIsolate): void {
  finishing.add(thread);
  finished(thread, true);
}

/** Keeps a thread for the next computation, unless enough wait already. */
function park(thread: ChildIsolate): void {
  if (idle.length >= idleLimit()) {
    thread.close();
    return;
  }
  thread.worker.unref();
  idle.push(thread);
  scheduleRelease();
}

/** Keeps one thread started for the next isolate, off the caller's critical path
 * (starting a Worker costs the calling thread about a millisecond), unless one waits or is
 * finishing; `fresh`: one that has never run anything, as Isolate.spawn needs. */
export function keepSpare(fresh = false): void {
  setImmediate(() => {
    if (idleLimit() === 0) return;
    if (fresh ? idle.some((thread) => thread.alive && !used.has(thread)) : finishing.size > 0 || idle.some((thread) => thread.alive)) return;
    const spare = startIsolateWorker({ role: 'run', debugName: 'spare', errorsAreFatal: true, startPaused: false }, 'isoscope-spare', undefined);
    spare.worker.unref();
    idle.push(spare);
    scheduleRelease();
  });
}

/** Lets go of waiting threads once no computation has started for a while. */
function scheduleRelease(): void {
  if (releaseTimer || idle.length === 0) return;
  const wait = idle.length > 1 ? RELEASE_MS : LAST_RELEASE_MS;
  releaseTimer = setTimeout(() => {
    releaseTimer = undefined;
    if (performance.now() - lastStart >= wait) {
      while (idle.length > 1) idle.shift()!.close();
      if (wait === LAST_RELEASE_MS) idle.shift()?.close();
    }
    scheduleRelease();
  }, wait);
  releaseTimer.unref();
}
