// The worker side of IsolatePool: the isolate runs task after task, one at a time in the order
// they came (a task that returns a promise is awaited before the next starts). The pool sends
// tasks ahead, several in one message when it has more waiting. Each result goes back as soon
// as its task ends: one held back to share a message with the next would be lost if the
// isolate were killed meanwhile (holding them for 0.5 ms gained little once tasks come in
// batches, and lost completed tasks to a kill in half the runs of the kill test). A
// function's source comes with its first task on this isolate and is compiled once; later
// tasks name it by id.
import type { PoolResult, PoolTask } from '../controlMessages';
import { compileEntry } from '../entryCompiler';
import { Errors, serializeError } from '../errors';
import { context } from '../isolateContext';
import { TaskQueue } from '../taskQueue';
import { decodeMessage } from '../wire';
import { tracer } from '../tracing/core';
import { pollForNextTask } from './idlePoll';
import { bootData, send } from './parentLink';

const { beginSend, recordReceive, recordSend } = tracer;

const taskFunctions = new Map<number, (...args: unknown[]) => unknown>();
const waiting = new TaskQueue<PoolTask>();
let running = false;

/** Takes the tasks of one message from the pool; runs them (and any waiting) in order. The
 * isolate stays for the next. */
export function runTask(tasks: PoolTask[]): void {
  for (const task of tasks) waiting.push(task);
  if (!running) runWaiting();
}

/** Runs waiting tasks until none is left or one returns a promise (the rest then wait for it). */
function runWaiting(): void {
  running = true;
  const startedTask = bootData().startedTask;
  for (let task = waiting.shift(); task; task = waiting.shift()) {
    if (startedTask) Atomics.store(startedTask, 0, task.id);
    recordReceive(task.trace);
    const outcome = start(task);
    if (outcome instanceof Promise) {
      void outcome.then((result) => {
        sendResult(result);
        runWaiting();
      });
      return;
    }
    sendResult(outcome);
    // A kill, ping or another batch posted meanwhile acts between tasks, as between events.
    context.beforeEvent?.();
  }
  running = false;
  pollForNextTask();
}

/** Calls the task's function: its result, or a promise of it when the function is async. */
function start(task: PoolTask): PoolResult | Promise<PoolResult> {
  const { id } = task;
  try {
    let fn = taskFunctions.get(task.fnId);
    if (!fn) {
      fn = compileEntry(task.entry!);
      taskFunctions.set(task.fnId, fn);
    }
    const value = fn(...(decodeMessage(task.args) as unknown[]));
    if (value instanceof Promise) {
      return value.then(
        (resolved): PoolResult => ({ id, ok: true, value: resolved }),
        (error): PoolResult => ({ id, ok: false, error: serializeError(error) }),
      );
    }
    return { id, ok: true, value };
  } catch (error) {
    return { id, ok: false, error: serializeError(error) };
  }
}

/** Sends a result as a flat message (a primitive value then needs no encoding walk); one that
 * cannot be copied goes back as the error saying so, under the same trace id. */
function sendResult(result: PoolResult): void {
  const pending = beginSend();
  if (pending) result.trace = pending.id;
  recordSend(pending, result.ok ? result.value : result);
  try {
    send({ type: 'taskDone', ...result });
  } catch (error) {
    const failed: PoolResult = { id: result.id, ok: false, error: serializeError(Errors.resultUnsendable(serializeError(error))) };
    if (result.trace) failed.trace = result.trace;
    send({ type: 'taskDone', ...failed });
  }
}
