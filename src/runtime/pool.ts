// IsolatePool: isolates that stay and take task after task, for throughput (the piscina use
// case). A function's source goes to each isolate once; later tasks send only its id.
import type { TransferListItem } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { ChildIsolate } from './childIsolate';
import type { EntrySpec, FromIsolate, PoolTask } from './controlMessages';
import { Errors, RemoteError, reviveError } from './errors';
import { callerLocation } from './callerLocation';
import { shipFunction } from './entrySource';
import { startIsolateWorker } from './startWorker';
import { tracer } from './tracing/core';

const { beginSend, recordReceive, recordSend } = tracer;

export interface PoolOptions {
  /** How many isolates at most (default: the machine's available parallelism). */
  size?: number;
  /** Base name of the pool's isolates in traces and the debugger. */
  debugName?: string;
  /** After a task, an isolate polls this long (µs) for the next one before it goes back to
   * sleep on its event loop; this cuts the round trip of back-to-back tasks by ~5x. 0 turns
   * it off. Default 100. */
  idleSpinMicroseconds?: number;
}

export interface PoolRunOptions<A extends unknown[] = unknown[]> {
  args?: A;
  /** ArrayBuffers (or MessagePorts) in `args` to move to the isolate instead of copying. */
  transfer?: TransferListItem[];
  /** Aborting drops a waiting task, or kills the isolate running it; rejects with AbortError. */
  signal?: AbortSignal;
}

type FunctionEntry = Extract<EntrySpec, { kind: 'function' }>;

interface Task {
  id: number;
  fnId: number;
  entry: FunctionEntry;
  args: unknown[];
  transfer: TransferListItem[] | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  worker?: PoolIsolate;
}

interface PoolIsolate {
  child: ChildIsolate;
  knows: Set<number>;
  task: Task | undefined;
}

export class IsolatePool {
  readonly size: number;
  private readonly debugName: string;
  private readonly idleSpinMs: number;
  private readonly isolates: PoolIsolate[] = [];
  private readonly idle: PoolIsolate[] = [];
  private readonly queue: Task[] = [];
  private readonly functions = new WeakMap<Function, { fnId: number; entry: FunctionEntry }>();
  private nextFnId = 1;
  private nextTaskId = 1;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(options: PoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`IsolatePool: size must be a whole number of at least 1, got ${String(options.size)}.`);
    this.size = size;
    this.debugName = options.debugName ?? 'pool';
    this.idleSpinMs = Math.max(0, options.idleSpinMicroseconds ?? 100) / 1000;
  }

  /** Runs `fn(...args)` on one of the pool's isolates. `fn` travels as source: it must be
   * self-contained. Rejects with the task's error (same name, message, remote stack). */
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
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.nextTaskId++, fnId: shipped.fnId, entry: shipped.entry, args: options.args ?? [],
        transfer: options.transfer, signal, onAbort: undefined, resolve: resolve as (value: unknown) => void, reject,
      };
      if (signal) {
        task.onAbort = () => this.abort(task);
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      const isolate = this.idle.pop() ?? (this.isolates.length < this.size ? this.startIsolate() : undefined);
      if (isolate) this.assign(isolate, task);
      else this.queue.push(task);
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
    const child = startIsolateWorker({ role: 'pool', debugName: name, errorsAreFatal: true, startPaused: false, idleSpinMs: this.idleSpinMs }, name, {
      kind: 'pool',
      debugName: name,
      entry: 'IsolatePool',
    });
    const isolate: PoolIsolate = { child, knows: new Set(), task: undefined };
    child.onMessage = (message) => this.onMessage(isolate, message);
    void child.whenExited().then(() => this.onExit(isolate));
    this.isolates.push(isolate);
    return isolate;
  }

  private assign(isolate: PoolIsolate, task: Task): void {
    isolate.task = task;
    task.worker = isolate;
    const known = isolate.knows.has(task.fnId);
    const message: PoolTask = { id: task.id, fnId: task.fnId, args: task.args };
    if (!known) message.entry = task.entry;
    const pending = beginSend();
    try {
      if (pending) {
        message.trace = pending.id;
        recordSend(pending, task.args, { to: isolate.child.id, transfer: task.transfer });
      }
      isolate.child.post({ type: 'task', task: message }, task.transfer);
    } catch (error) {
      isolate.task = undefined;
      this.settle(task, () => task.reject(error));
      this.release(isolate);
      return;
    }
    isolate.knows.add(task.fnId);
    isolate.child.worker.ref();
  }

  private onMessage(isolate: PoolIsolate, message: FromIsolate): void {
    const task = isolate.task;
    if (message.type === 'taskDone' && task && task.id === message.id) {
      recordReceive(message.trace);
      isolate.task = undefined;
      if (message.ok) this.settle(task, () => task.resolve(message.value));
      else this.settle(task, () => task.reject(reviveError(message.error)));
      this.release(isolate);
    } else if (message.type === 'uncaught' && task) {
      // The isolate will end (errors are fatal); its task fails with the error.
      isolate.task = undefined;
      this.settle(task, () => task.reject(reviveError(message.error)));
    }
  }

  private onExit(isolate: PoolIsolate): void {
    this.isolates.splice(this.isolates.indexOf(isolate), 1);
    const idleAt = this.idle.indexOf(isolate);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const task = isolate.task;
    if (task) {
      isolate.task = undefined;
      this.settle(task, () => task.reject(new RemoteError(`IsolatePool: isolate "${isolate.child.debugName}" exited (code ${isolate.child.exitCode}) while running a task.`, '')));
    }
    if (!this.closing || this.queue.length > 0) while (this.queue.length > 0 && this.isolates.length < this.size) this.assign(this.startIsolate(), this.queue.shift()!);
    this.checkDrained();
  }

  private release(isolate: PoolIsolate): void {
    const next = this.queue.shift();
    if (next) {
      this.assign(isolate, next);
      return;
    }
    // Idle isolates do not keep the program alive.
    isolate.child.worker.unref();
    this.idle.push(isolate);
    this.checkDrained();
  }

  private abort(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (task.worker?.task === task) {
      task.worker.task = undefined;
      task.worker.child.terminate();
    } else return;
    this.settle(task, () => task.reject(Errors.aborted('IsolatePool.run', task.signal?.reason)));
    this.checkDrained();
  }

  private settle(task: Task, action: () => void): void {
    if (task.onAbort) task.signal?.removeEventListener('abort', task.onAbort);
    action();
  }

  private checkDrained(): void {
    if (this.drained && this.queue.length === 0 && this.isolates.every((i) => i.task === undefined)) {
      const drained = this.drained;
      this.drained = undefined;
      drained();
    }
  }
}
