// One isolate of an IsolatePool, as the pool sees it: the tasks it holds (sent and not yet
// answered, in the order it runs them), how a batch of them travels to it, and which of them
// it had begun when it died. The pool decides who gets what (pool.ts); this keeps the books.
import type { TransferListItem } from 'node:worker_threads';
import type { ChildIsolate } from './childIsolate';
import type { EntrySpec, PoolTask } from './controlMessages';
import { tracer } from './tracing/core';

const { beginSend, recordSend } = tracer;

/** A task given to IsolatePool.run, from its call until it settles. */
export interface QueuedTask {
  id: number;
  fnId: number;
  entry: Extract<EntrySpec, { kind: 'function' }>;
  /** Its arguments as copied by run() (wire.ts snapshotMessage: the isolate decodes them). */
  args: unknown;
  /** What moves with them as the caller asked: its transfer list's buffers (in the copy) and
   * the ports of runtime objects in them. */
  transfer: TransferListItem[] | undefined;
  /** The copy's own big buffers, moved to the isolate rather than copied a second time (the
   * trace counts them copied: the caller's run() copied them). */
  moves: TransferListItem[] | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Its send's trace id, once posted while tracing. */
  trace?: PoolTask['trace'];
  /** The isolate it was last given to. */
  worker?: PoolIsolate;
  /** How many isolates ended holding it before it began (it fails after MAX_LOST). */
  lost?: number;
}

/** A task is given back to the queue this many times when its isolate ends before beginning
 * it; then it fails (an isolate that cannot start would be started again for ever). */
export const MAX_LOST = 2;

export class PoolIsolate {
  readonly child: ChildIsolate;
  /** Where the isolate writes the id of each task as it starts it (see lost()). */
  readonly startedTask: Int32Array;
  /** Tasks posted to it and not settled, in the order it runs them. */
  readonly inFlight: QueuedTask[] = [];
  /** When it was last seen to start work or finish some (ms, for the pacer). */
  busySince = 0;
  /** A task that may be aborted runs alone: aborting kills its isolate. */
  private alone = false;
  /** Being killed (a task was aborted): it takes no more tasks. */
  dying = false;
  /** Functions whose source it has. */
  private readonly knows = new Set<number>();
  /** Tasks gathered for its next message. */
  private outgoing: QueuedTask[] = [];

  constructor(child: ChildIsolate, startedTask: Int32Array) {
    this.child = child;
    this.startedTask = startedTask;
  }

  /** Whether it can take `task` now, holding at most `depth` tasks. An isolate is topped up
   * once it is down to half of them, so each message carries several tasks. */
  canTake(task: QueuedTask, depth: number): boolean {
    const busy = this.inFlight.length;
    if (this.dying || this.alone || busy >= depth || (task.signal && busy > 0)) return false;
    return this.outgoing.length > 0 || busy <= depth >> 1;
  }

  /** Gives it `task`, to go with its next post(); true when it is the first of that message. */
  take(task: QueuedTask): boolean {
    if (this.inFlight.length === 0) {
      this.busySince = performance.now();
      this.child.worker.ref();
    }
    this.inFlight.push(task);
    task.worker = this;
    if (task.signal) this.alone = true;
    this.outgoing.push(task);
    return this.outgoing.length === 1;
  }

  /** Posts the tasks gathered by take() in one message; when one of them cannot be sent, each
   * goes on its own. Returns the tasks that could not be sent, with why. */
  post(): [QueuedTask, unknown][] {
    const batch = this.outgoing;
    this.outgoing = [];
    for (const task of batch) {
      const pending = beginSend();
      if (pending) {
        task.trace = pending.id;
        // (Its own buffers count as copied, as the caller's run() copied them.)
        recordSend(pending, task.args, { to: this.child.id, transfer: task.transfer });
      }
    }
    try {
      this.postTasks(batch);
      return [];
    } catch (error) {
      if (batch.length === 1) return [[batch[0]!, error]];
    }
    const unsent: [QueuedTask, unknown][] = [];
    for (const task of batch) {
      try {
        this.postTasks([task]);
      } catch (error) {
        unsent.push([task, error]);
      }
    }
    return unsent;
  }

  private postTasks(tasks: QueuedTask[]): void {
    let transfer: TransferListItem[] | undefined;
    let shipping: number[] | undefined;
    const messages: PoolTask[] = [];
    for (const task of tasks) {
      const message: PoolTask = { id: task.id, fnId: task.fnId, args: task.args };
      if (!this.knows.has(task.fnId) && !shipping?.includes(task.fnId)) {
        message.entry = task.entry;
        (shipping ??= []).push(task.fnId);
      }
      if (task.trace) message.trace = task.trace;
      if (task.transfer) transfer = transfer ? transfer.concat(task.transfer) : task.transfer;
      if (task.moves) transfer = transfer ? transfer.concat(task.moves) : task.moves;
      messages.push(message);
    }
    this.child.post({ type: 'tasks', tasks: messages }, transfer);
    if (shipping) for (const fnId of shipping) this.knows.add(fnId);
  }

  /** The task it is running now, if it has begun one it holds. */
  running(): QueuedTask | undefined {
    const started = Atomics.load(this.startedTask, 0);
    return this.inFlight.find((task) => (task.id | 0) === started);
  }

  /** Takes a task off it; with none left, it does not keep the program alive. */
  forget(task: QueuedTask): void {
    const at = this.inFlight.indexOf(task);
    if (at === 0) this.inFlight.shift();
    else if (at > 0) this.inFlight.splice(at, 1);
    if (task.signal) this.alone = false;
    if (this.inFlight.length === 0) this.child.worker.unref();
  }

  /** After it ended: the tasks it held that it had begun, and those it never began. */
  lost(): { begun: QueuedTask[]; notBegun: QueuedTask[] } {
    const held = this.inFlight.splice(0);
    const started = Atomics.load(this.startedTask, 0);
    // Stored as an int32: compared as one (ids past 2^31 wrap there).
    const last = held.findIndex((task) => (task.id | 0) === started);
    return { begun: held.slice(0, last + 1), notBegun: held.slice(last + 1) };
  }
}
