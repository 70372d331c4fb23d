// What a worker thread runs when it is an isolate: decode the boot data, install the
// isolate's error handling and control channel, load the entry, say ready, run.
import { parentPort, receiveMessageOnPort, threadId, workerData, type MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { capabilityId } from './capability';
import { BOOT_MARK, type BootData, type FromIsolate, type ToIsolate, type RunJob, type PoolTask } from './controlMessages';
import { compileEntry, importFrom } from './entryCompiler';
import { Errors, serializeError } from './errors';
import { setCurrentIsolate } from './isolate';
import { context } from './isolateContext';
import { decodeMessage, postEncoded } from './wire';
import { MARKED, frameKind, type MarkedFrame } from './frames';
import { tracer } from './tracing/core';

const { beginSend, markInternal, recordReceive, recordSend } = tracer;

let port: MessagePort;
let boot: BootData;
let errorsAreFatal = true;

function send(message: FromIsolate): void {
  postEncoded(message, (payload, transfer) => port.postMessage(payload, transfer));
}

/** Reports an error nobody caught; with errors fatal, the isolate then ends. */
function reportUncaught(error: unknown): void {
  send({ type: 'uncaught', error: serializeError(error), fatal: errorsAreFatal });
  if (errorsAreFatal) {
    send({ type: 'exiting', reason: 'error' });
    process.exit(1);
  }
}

/** Calls user code; a throw or a rejected promise is an uncaught error of the isolate. */
function invoke(call: () => unknown): void {
  try {
    const result = call();
    if (result instanceof Promise) result.then(undefined, reportUncaught);
  } catch (error) {
    reportUncaught(error);
  }
}

/** True in a worker thread the runtime started as an isolate. */
export function isIsolateWorker(): boolean {
  if (parentPort === null || typeof workerData !== 'object' || workerData === null) return false;
  const data = (frameKind(workerData) === MARKED ? (workerData as MarkedFrame).m : workerData) as { mark?: unknown } | null;
  return data?.mark === BOOT_MARK;
}

export function bootIsolate(): void {
  port = markInternal(parentPort!);
  boot = decodeMessage(workerData) as BootData;
  context.debugName = boot.debugName;
  errorsAreFatal = boot.errorsAreFatal;
  setCurrent(boot, boot.debugName);
  process.on('uncaughtException', reportUncaught);
  process.on('unhandledRejection', reportUncaught);
  port.on('message', handleControl);
  // Control messages overtake the events queued behind them on other ports.
  context.beforeEvent = () => {
    while (Atomics.load(boot.controlSignal, 0) > 0) {
      const next = receiveMessageOnPort(port);
      if (!next) break;
      handleControl(next.message);
    }
  };
  if (boot.role === 'isolate') void startIsolate(boot);
  else if (boot.role === 'run') {
    if (boot.job) runJob(boot.job, boot);
    else send({ type: 'ready' }); // A spare: wait on the port (kept alive) for a job.
  } else send({ type: 'ready' });
}

/** Every message from the parent, whether the event loop or a poll took it off the port. */
function handleControl(raw: unknown): void {
  Atomics.sub(boot.controlSignal, 0, 1);
  onControl(decodeMessage(raw) as ToIsolate, boot);
}

function setCurrent(boot: BootData, debugName: string): void {
  if (boot.controlPort) setCurrentIsolate(threadId, debugName, boot.controlPort, boot.pauseCapability, boot.terminateCapability);
}

async function startIsolate(boot: BootData): Promise<void> {
  // An isolate lives while it has work: its control channel alone does not keep it alive,
  // unless it is paused (then it waits for its resume).
  port.unref();
  context.onPausedChange = (paused) => (paused ? port.ref() : port.unref());
  const entry = boot.entry!;
  let run: () => unknown;
  try {
    if (entry.kind === 'function') {
      const fn = compileEntry(entry);
      run = () => fn(boot.message);
    } else {
      const module = (await importFrom(pathToFileURL(`${process.cwd()}/`).href)(entry.url)) as Record<string, unknown>;
      const main = (module['main'] ?? (module['default'] as Record<string, unknown> | undefined)?.['main']) as ((args: string[], message: unknown) => unknown) | undefined;
      if (typeof main !== 'function') throw Errors.moduleHasNoMain(entry.url);
      run = () => main(entry.args, boot.message);
    }
  } catch (error) {
    send({ type: 'loadFailed', error: serializeError(error) });
    process.exit(1);
  }
  if (boot.startPaused) context.pause(capabilityId(boot.pauseCapability!));
  send({ type: 'ready' });
  context.deliver(() => invoke(run));
}

function onControl(message: ToIsolate, boot: BootData): void {
  switch (message.type) {
    case 'pause':
      context.pause(message.capability);
      return;
    case 'resume':
      context.resume(message.capability);
      return;
    case 'kill':
      send({ type: 'exiting', reason: 'killed' });
      process.exit(0);
      return;
    case 'ping':
      message.port.send(message.response);
      return;
    case 'setErrorsFatal':
      errorsAreFatal = message.value;
      return;
    case 'run':
      runJob(message.job, boot);
      return;
    case 'task':
      runTask(message.task);
      return;
  }
}

/** One Isolate.run computation; the result moves back (buffers transferred) and the
 * isolate ends, as with Isolate.exit. */
function runJob(job: RunJob, boot: BootData): void {
  context.debugName = job.debugName;
  setCurrent(boot, job.debugName);
  // Whatever the computation leaves behind, its error ends the run.
  errorsAreFatal = true;
  recordReceive(job.trace);
  const finish = (message: FromIsolate & { trace?: string }, reason: 'returned' | 'error', moveBuffers: boolean): never => {
    let pending = beginSend();
    if (pending) message.trace = pending.msg;
    try {
      postEncoded(message, (payload, transfer) => {
        // Once, though a refused transfer makes postEncoded post a second time.
        recordSend(pending, message.type === 'result' && message.ok ? message.value : message, { transfer });
        pending = undefined;
        port.postMessage(payload, transfer);
      }, { moveBuffers });
    } catch (error) {
      send({ type: 'result', ok: false, error: serializeError(Errors.resultUnsendable(serializeError(error))) });
    }
    send({ type: 'exiting', reason });
    process.exit(0);
  };
  let result: unknown;
  try {
    result = compileEntry(job.entry)(...job.args);
  } catch (error) {
    finish({ type: 'result', ok: false, error: serializeError(error) }, 'error', false);
  }
  Promise.resolve(result).then(
    (value) => finish({ type: 'result', ok: true, value }, 'returned', true),
    (error) => finish({ type: 'result', ok: false, error: serializeError(error) }, 'error', false),
  );
}

const taskFunctions = new Map<number, (...args: unknown[]) => unknown>();

/** After a task, a pool isolate polls its port for the next one for boot.idleSpinMs. Waking
 * a thread that sleeps on its event loop costs ~50 µs on a VM; a short poll catches the next
 * task of a busy pool without ever parking the thread in Atomics.wait (which would freeze
 * the inspector and async work), and it returns to the event loop when the window ends.
 * A task taken by the poll finishes inside it and asks to poll again: that request only
 * sets `pollAgain`, so back-to-back tasks loop here instead of nesting on the stack. */
let polling = false;
let pollAgain = false;

function pollForNextTask(): void {
  const spinMs = boot.idleSpinMs ?? 0;
  if (spinMs <= 0) return;
  if (polling) {
    pollAgain = true;
    return;
  }
  polling = true;
  try {
    do {
      pollAgain = false;
      const until = performance.now() + spinMs;
      while (performance.now() < until) {
        const next = receiveMessageOnPort(port);
        if (next) {
          handleControl(next.message);
          break;
        }
      }
    } while (pollAgain);
  } finally {
    polling = false;
  }
}

/** One IsolatePool task; the isolate stays for the next. */
function runTask(task: PoolTask): void {
  recordReceive(task.trace);
  const done = (message: FromIsolate & { trace?: string }): void => {
    const pending = beginSend();
    if (pending) message.trace = pending.msg;
    try {
      recordSend(pending, message.type === 'taskDone' && message.ok ? message.value : message);
      send(message);
    } catch (error) {
      send({ type: 'taskDone', id: task.id, ok: false, error: serializeError(Errors.resultUnsendable(serializeError(error))) });
    }
    pollForNextTask();
  };
  try {
    let fn = taskFunctions.get(task.fnId);
    if (!fn) {
      fn = compileEntry(task.entry!);
      taskFunctions.set(task.fnId, fn);
    }
    const result = fn(...task.args);
    if (result instanceof Promise) {
      result.then(
        (value) => done({ type: 'taskDone', id: task.id, ok: true, value }),
        (error) => done({ type: 'taskDone', id: task.id, ok: false, error: serializeError(error) }),
      );
    } else done({ type: 'taskDone', id: task.id, ok: true, value: result });
  } catch (error) {
    done({ type: 'taskDone', id: task.id, ok: false, error: serializeError(error) });
  }
}
