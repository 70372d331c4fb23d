// The worker side of Isolate.run: one computation at a time. The result moves back (buffers
// transferred); a turn of the event loop later, if the computation left nothing behind
// (cleanSlate.ts), the thread stays for the parent's next computation, which is a new
// isolate; else it ends, as with Isolate.exit. The parent sends no computation to a thread
// before it has said it stays.
import type { FromIsolate, RunJob } from '../controlMessages';
import { compileEntry } from '../entryCompiler';
import { Errors, serializeError } from '../errors';
import { context } from '../isolateContext';
import { postEncoded } from '../wire';
import { tracer } from '../tracing/core';
import type { MessageId } from '../tracing/coreApi';
import { HANDLE_OPEN, PORT_OPEN, leftBehind, noteCleanState, noteModuleLoaded } from './cleanSlate';
import { nameIsolate, send, setCapabilities, setErrorsFatal, toParent } from './parentLink';

/** The id of a reused thread between computations: control meant for the last one is dropped. */
const NO_ISOLATE = -1;

const { beginSend, becomeIsolate, leaveIsolate, recordReceive, recordSend } = tracer;

type Result = Extract<FromIsolate, { type: 'result' }> & { trace?: MessageId };

/** One Isolate.run computation. */
export function runJob(job: RunJob): void {
  if (job.as) {
    becomeIsolate(job.as.id, job.as.trace);
    context.isolateId = job.as.id;
    setCapabilities(job.as.pause, job.as.terminate);
  }
  nameIsolate(job.debugName);
  // Whatever the computation leaves behind, its error ends the run.
  setErrorsFatal(true);
  recordReceive(job.trace);
  noteCleanState();
  let result: unknown;
  try {
    result = compileEntry(job.entry, { fresh: true, onImport: noteModuleLoaded })(...job.args);
  } catch (error) {
    finish({ type: 'result', ok: false, error: serializeError(error) }, false);
    return;
  }
  Promise.resolve(result).then(
    (value) => finish({ type: 'result', ok: true, value }, true),
    (error) => finish({ type: 'result', ok: false, error: serializeError(error) }, false),
  );
}

function finish(message: Result, moveBuffers: boolean): void {
  const port = toParent();
  let pending = beginSend();
  if (pending) message.trace = pending.id;
  let sent = true;
  try {
    postEncoded(message, (payload, transfer) => {
      // Once, though a refused transfer makes postEncoded post a second time.
      recordSend(pending, message.ok ? message.value : message, { transfer });
      pending = undefined;
      port.postMessage(payload, transfer);
    }, { moveBuffers });
  } catch (error) {
    sent = false;
    send({ type: 'result', ok: false, error: serializeError(Errors.resultUnsendable(serializeError(error))) });
  }
  const ok = sent && message.ok;
  if (!sent) {
    end(ok);
    return;
  }
  // What the computation started runs on meanwhile (its promises, the closing of what it
  // closed): the verdict comes once the event loop has turned, through its close phase.
  setImmediate(() => setImmediate(() => decide(ok)));
}

/** How often, a millisecond apart, a handle still open is looked at again before the thread
 * is given up (a handle may still be closing). */
const HANDLE_RETRIES = 10;
/** The same for a message port: what the computation printed keeps the thread's stdio port
 * open until the parent thread has written it, as late as that thread is busy. */
const PORT_RETRIES = 1000;

/** Whether the thread stays for the next computation: it does when the computation left
 * nothing behind (cleanSlate.ts); then it records nothing more for this isolate and is no
 * isolate until the next computation makes it one. */
function decide(ok: boolean, tries = 0): void {
  const left = leftBehind();
  if ((left === HANDLE_OPEN && tries < HANDLE_RETRIES) || (left === PORT_OPEN && tries < PORT_RETRIES)) {
    // Unreferenced, so that it is not itself a timer left open.
    setTimeout(() => decide(ok, tries + 1), 1).unref();
    return;
  }
  if (left !== undefined || context.paused) {
    end(ok);
    return;
  }
  leaveIsolate();
  context.isolateId = NO_ISOLATE;
  context.debugName = 'spare';
  send({ type: 'over', stays: true, ok });
}

/** The computation's isolate ends, and its thread with it. */
function end(ok: boolean): void {
  send({ type: 'over', stays: false, ok });
  send({ type: 'exiting', reason: ok ? 'returned' : 'error' });
  process.exit(0);
}
