// IsolatePool: isolates that stay and take task after task, for throughput (the piscina use
// case). A function's source goes to each isolate once; later tasks send only its id.
// Each isolate runs its tasks one at a time. When more tasks wait than isolates are free,
// the pool sends some ahead (several in one message), enough to cover about a millisecond of
// work, so an isolate never waits a round trip for its next task (see taskPacer.ts). What
// each isolate holds, and how its batch travels, is poolIsolate.ts.
import { MessagePort, type TransferListItem } from 'node:worker_threads';
import type { FromIsolate, PoolResult } from './controlMessages';
import { Errors, RemoteError, reviveError } from './errors';
import { callerLocation } from './callerLocation';
import { shipFunction } from './entrySource';
import { MAX_LOST, PoolIsolate, type QueuedTask as Task } from './poolIsolate';
import { startIsolateWorker } from './startWorker';
import { TaskPacer } from './taskPacer';
import { TaskQueue } from './taskQueue';
import { Encoding, snapshotMessage, type WireSnapshot } from './wire';
import { tracer } from './tracing/core';

const { recordReceive } = tracer;

export interface PoolOptions {
  /** How many isolates at most (default: the machine's available parallelism). */
  size?: number;
  /** Base name of the pool's isolates in traces and the debugger. */
  debugName?: string;
  /** After a task, an isolate polls this long (µs) for the next one before it goes back to
   * sleep on its event loop; this cuts the round trip of back-to-back tasks by ~5x while the
   * machine has a core to spare. 0 turns it off. Default: 100, and only while the load
   * average leaves a core spare (polling on a busy machine slows the round trip); a value
   * given here polls whatever the load. */
  idleSpinMicroseconds?: number;
}

export interface PoolRunOptions<A extends unknown[] = unknown[]> {
  args?: A;
  /** ArrayBuffers (or MessagePorts) in `args` to move to the isolate instead of copying. */
  transfer?: TransferListItem[];
  /** Aborting drops a waiting task, or kills the isolate running it; rejects with AbortError. */
  signal?: AbortSignal;
}

type FunctionEntry = Task['entry'];

export class IsolatePool {
  readonly size: number;
  private readonly debugName: string;
  private readonly idleSpinMs: number;
  private readonly idleSpinAdaptive: boolean;
  private readonly isolates: PoolIsolate[] = [];
  private readonly queue = new TaskQueue<Task>();
  private readonly pacer = new TaskPacer();
  private readonly functions = new WeakMap<Function, { fnId: number; entry: FunctionEntry }>();
  private nextFnId = 1;
  private nextTaskId = 1;
  private dispatchQueued = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(options: PoolOptions = {}) {
    // node:os is loaded here, not with the runtime, which every isolate's thread loads.
    const size = options.size ?? (require('node:os') as typeof import('node:os')).availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`IsolatePool: size must be a whole number of at least 1, got ${String(options.size)}.`);
    this.size = size;
    this.debugName = options.debugName ?? 'pool';
    const spin = options.idleSpinMicroseconds ?? 100;
    if (!Number.isFinite(spin) || spin < 0) throw new RangeError(`IsolatePool: idleSpinMicroseconds must be a number of at least 0, got ${String(options.idleSpinMicroseconds)}.`);
    this.idleSpinMs = spin / 1000;
    this.idleSpinAdaptive = options.idleSpinMicroseconds === undefined;
  }

  /** Runs `fn(...args)` on one of the pool's isolates. `fn` travels as source: it must be
   * self-contained. `args` are copied (and `transfer` moved) by this call, as Isolate.run
   * does: changing them afterwards does not change the task. Rejects with the task's error
   * (same name, message, remote stack), or at once with IsolateMessageError when `args`
   * cannot be copied. */
  run<R, A extends unknown[] = []>(fn: (...args: A) => R | Promise<R>, options: PoolRunOptions<A> = {}): Promise<Awaited<R>> {
    if (this.closing) return Promise.reject(Errors.poolClosed());
    let shipped = this.functions.get(fn);
    if (!shipped) {
      try {
        shipped = { fnId: this.nextFnId++, entry: shipFunction(fn, 'The task of IsolatePool.run', callerLocation()) };
      } catch (error) {
        return Promise.reject(error);
      }
      this.functions.set(fn, shipped);
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(Errors.aborted('IsolatePool.run', signal.reason));
    let args: WireSnapshot & { moves: TransferListItem[] };
    try {
      args = copyArgs(options.args ?? [], options.transfer);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.nextTaskId++, fnId: shipped.fnId, entry: shipped.entry, args: args.payload,
        transfer: args.transfer.length > 0 ? args.transfer : undefined, moves: args.moves.length > 0 ? args.moves : undefined, signal, onAbort: undefined, resolve: resolve as (value: unknown) => void, reject,
      };
      if (signal) {
        task.onAbort = () => this.abort(task);
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.queueDispatch();
    });
  }

  /** Isolates currently started. */
  get threadCount(): number {
    return this.isolates.length;
  }

  /** Stops taking tasks, lets queued and running ones finish, then ends the isolates. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.drained = resolve;
      this.checkDrained();
    }).then(async () => {
      // Drained: every isolate is idle, its work done. Ending it is no kill (the trace says
      // `returned`, as a run's isolate does).
      await Promise.all(this.isolates.map((isolate) => {
        isolate.child.close();
        return isolate.child.whenExited();
      }));
    });
    return this.closing;
  }

  private startIsolate(): PoolIsolate {
    const name = `${this.debugName}-${this.isolates.length + 1}`;
    const startedTask = new Int32Array(new SharedArrayBuffer(4));
    const child = startIsolateWorker({ role: 'pool', debugName: name, errorsAreFatal: true, startPaused: false, idleSpinMs: this.idleSpinMs, idleSpinAdaptive: this.idleSpinAdaptive, startedTask }, name, {
      kind: 'pool',
      debugName: name,
      entry: 'IsolatePool',
    });
    const isolate = new PoolIsolate(child, startedTask);
    child.onMessage = (message) => this.onMessage(isolate, message);
    void child.whenExited().then(() => this.onExit(isolate));
    this.isolates.push(isolate);
    return isolate;
  }

  /** Hands queued tasks to isolates: each to the least busy isolate with room, starting new
   * isolates up to `size` before sending any ahead; then one message per isolate. */
  private dispatch(): void {
    this.dispatchQueued = false;
    const depth = this.pacer.depth();
    const sending: PoolIsolate[] = [];
    for (let task = this.queue.peek(); task; task = this.queue.peek()) {
      const isolate = this.isolateFor(task, depth);
      if (!isolate) break;
      this.queue.shift();
      if (isolate.take(task)) sending.push(isolate);
    }
    for (const isolate of sending) for (const [task, error] of isolate.post()) this.unsent(isolate, task, error);
    this.checkDrained();
  }

  private isolateFor(task: Task, depth: number): PoolIsolate | undefined {
    let best: PoolIsolate | undefined;
    for (const isolate of this.isolates) {
      if (!isolate.canTake(task, depth)) continue;
      if (!best || isolate.inFlight.length < best.inFlight.length) best = isolate;
      if (isolate.inFlight.length === 0) break;
    }
    if ((!best || best.inFlight.length > 0) && this.isolates.length < this.size) return this.startIsolate();
    return best;
  }

  /** A task that could not be posted fails; its isolate is free for the next. */
  private unsent(isolate: PoolIsolate, task: Task, error: unknown): void {
    isolate.forget(task);
    this.settle(task, () => task.reject(error));
    this.queueDispatch();
  }

  private onMessage(isolate: PoolIsolate, message: FromIsolate): void {
    if (message.type === 'taskDone') {
      const now = performance.now();
      this.pacer.observe(now - isolate.busySince);
      isolate.busySince = now;
      this.finish(isolate, message);
      this.dispatch();
    } else if (message.type === 'uncaught') {
      // The isolate will end (errors are fatal); the task it runs fails with the error. One it
      // has not begun (sent ahead) is not to blame: it goes back to the queue when it ends.
      const task = isolate.running();
      if (!task) return;
      isolate.forget(task);
      this.settle(task, () => task.reject(reviveError(message.error)));
    }
  }

  private finish(isolate: PoolIsolate, result: PoolResult): void {
    recordReceive(result.trace);
    const task = isolate.inFlight[0];
    // Not the next one: that task was aborted and its isolate killed.
    if (!task || task.id !== result.id) return;
    isolate.forget(task);
    if (result.ok) this.settle(task, () => task.resolve(result.value));
    else this.settle(task, () => task.reject(reviveError(result.error)));
  }

  /** An isolate ended: the tasks it had begun fail, those it had not begun go first in the
   * queue for the other isolates (or a new one). */
  private onExit(isolate: PoolIsolate): void {
    this.isolates.splice(this.isolates.indexOf(isolate), 1);
    const { begun, notBegun } = isolate.lost();
    for (const task of begun) {
      this.settle(task, () => task.reject(new RemoteError(`IsolatePool: isolate "${isolate.child.debugName}" exited (code ${isolate.child.exitCode}) while running a task.`, '')));
    }
    // An isolate that ended before it began anything may be one that cannot start: its tasks
    // are given to another isolate only so many times.
    const retried = notBegun.filter((task) => {
      // What it moved (its transfer list, the ports of runtime objects in its arguments) went
      // to the isolate that ended: there is nothing left to give another.
      if (task.transfer || task.moves) {
        this.settle(task, () => task.reject(new RemoteError(`IsolatePool: isolate "${isolate.child.debugName}" exited (code ${isolate.child.exitCode}) before running this task, and the buffers or ports its arguments moved had gone to it; the task cannot be given to another isolate.`, '')));
        return false;
      }
      task.lost = (task.lost ?? 0) + 1;
      if (task.lost <= MAX_LOST) return true;
      this.settle(task, () => task.reject(new RemoteError(`IsolatePool: ${task.lost} isolates of "${this.debugName}" exited (the last with code ${isolate.child.exitCode}) before running this task.`, '')));
      return false;
    });
    this.queue.unshiftAll(retried);
    if (this.queue.length > 0) this.dispatch();
    else this.checkDrained();
  }

  private abort(task: Task): void {
    if (this.queue.remove(task)) {
      // Never sent: the ports it holds (a SendPort's, say) are closed, as a failed send's are.
      for (const item of task.transfer ?? []) if (item instanceof MessagePort) item.close();
    } else {
      const isolate = task.worker;
      if (!isolate?.inFlight.includes(task)) return;
      isolate.forget(task);
      isolate.dying = true;
      isolate.child.terminate();
    }
    this.settle(task, () => task.reject(Errors.aborted('IsolatePool.run', task.signal?.reason)));
    this.checkDrained();
  }

  /** Tasks queued in one go leave together: the dispatch waits for this turn's run() calls. */
  private queueDispatch(): void {
    if (this.dispatchQueued) return;
    this.dispatchQueued = true;
    queueMicrotask(() => this.dispatch());
  }

  private settle(task: Task, action: () => void): void {
    if (task.onAbort) task.signal?.removeEventListener('abort', task.onAbort);
    action();
  }

  private checkDrained(): void {
    if (this.drained && this.queue.length === 0 && this.isolates.every((i) => i.inFlight.length === 0)) {
      const drained = this.drained;
      this.drained = undefined;
      drained();
    }
  }
}

/** The copy's own buffers are moved to the isolate, not copied again, when they hold this
 * much: a second copy of big data costs as much as the first (32 MB: 43 → 86 ms a task), while
 * a task with moved buffers cannot be given to another isolate if the one it was sent ahead to
 * dies before running it. */
const MOVE_COPIED_BYTES = 1 << 20;

/** The task's arguments as they are at the run() call, and the copy's own buffers to move.
 * Primitives only (the common case of small tasks) need no clone: a copy of the array is
 * enough. */
function copyArgs(args: unknown[], transfer: TransferListItem[] | undefined): WireSnapshot & { moves: TransferListItem[] } {
  if (!transfer?.length && args.every(isPrimitive)) return { payload: args.slice(), transfer: [], moves: [] };
  const copy = snapshotMessage(args, transfer);
  const own = new Encoding(true);
  own.visit(copy.payload);
  const moves = own.transfer.filter((buffer) => !copy.transfer.includes(buffer));
  const bytes = moves.reduce((sum, buffer) => sum + (buffer as ArrayBuffer).byteLength, 0);
  return { ...copy, moves: bytes >= MOVE_COPIED_BYTES ? moves : [] };
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol');
}
