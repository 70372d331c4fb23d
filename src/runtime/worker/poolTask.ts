// The worker side of IsolatePool: the isolate runs task after task, one at a time in the order
// they came (a task that returns a promise is awaited before the next starts). The pool sends
// tasks ahead, several in one message when it has more waiting; their results go back
// together when they finish close together. A function's source comes with its first task on
// this isolate and is compiled once; later tasks name it by id.
import type { PoolResult, PoolTask } from '../controlMessages';
import { compileEntry } from '../entryCompiler';
import { Errors, serializeError } from '../errors';
import { context } from '../isolateContext';
import { TaskQueue } from '../taskQueue';
import { tracer } from '../tracing/core';
import { pollForNextTask } from './idlePoll';
import { bootData, send } from './parentLink';

const { beginSend, recordReceive, recordSend } = tracer;

/** Results wait to share one message for at most this long (ms). */
const HOLD_RESULTS_MS = 0.5;

const taskFunctions = new Map<number, (...args: unknown[]) => unknown>();
const waiting = new TaskQueue<PoolTask>();
let running = false;
let results: PoolResult[] = [];
let heldSince = 0;
let flushOnExit = false;

/** Takes the tasks of one message from the pool; runs them (and any waiting) in order. The
 * isolate stays for the next. */
export function runTask(tasks: PoolTask[]): void {
  if (!flushOnExit) {
    // A task or a kill that ends the isolate must not take the results held so far with it.
    flushOnExit = true;
    process.on('exit', flushResults);
  }
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
      flushResults();
      void outcome.then((result) => {
        hold(result);
        runWaiting();
      });
      return;
    }
    hold(outcome);
    if (performance.now() - heldSince >= HOLD_RESULTS_MS) flushResults();
    // A kill, ping or another batch posted meanwhile acts between tasks, as between events.
    context.beforeEvent?.();
  }
  running = false;
  flushResults();
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
    const value = fn(...task.args);
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

function hold(result: PoolResult): void {
  if (results.length === 0) heldSince = performance.now();
  results.push(result);
}

/** Sends the held results in one message, each traced as its own send. */
function flushResults(): void {
  if (results.length === 0) return;
  const sending = results;
  results = [];
  for (const result of sending) {
    const pending = beginSend();
    if (pending) result.trace = pending.id;
    recordSend(pending, result.ok ? result.value : result);
  }
  try {
    // One result goes as a flat message: a primitive value then needs no encoding walk.
    if (sending.length === 1) send({ type: 'taskDone', ...sending[0]! });
    else send({ type: 'tasksDone', results: sending });
  } catch {
    // One of them cannot be copied: send them one by one, that one as its error.
    for (const result of sending) sendOne(result);
  }
}

function sendOne(result: PoolResult): void {
  try {
    send({ type: 'taskDone', ...result });
  } catch (error) {
    const failed: PoolResult = { id: result.id, ok: false, error: serializeError(Errors.resultUnsendable(serializeError(error))) };
    if (result.trace) failed.trace = result.trace;
    send({ type: 'taskDone', ...failed });
  }
}
