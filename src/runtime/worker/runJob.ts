// The worker side of Isolate.run: one computation at a time. The result moves back (buffers
// transferred); then, if the computation left nothing behind (cleanSlate.ts), the thread
// stays for the parent's next computation, which is a new isolate; else it ends, as with
// Isolate.exit.
import type { FromIsolate, RunJob } from '../controlMessages';
import { compileEntry } from '../entryCompiler';
import { Errors, serializeError } from '../errors';
import { context } from '../isolateContext';
import { postEncoded } from '../wire';
import { tracer } from '../tracing/core';
import type { MessageId } from '../tracing/coreApi';
import { leftBehind, noteCleanState, noteModuleLoaded } from './cleanSlate';
import { nameIsolate, send, setErrorsFatal, toParent } from './parentLink';

const { beginSend, becomeIsolate, leaveIsolate, recordReceive, recordSend } = tracer;

type Result = Extract<FromIsolate, { type: 'result' }> & { trace?: MessageId };

/** One Isolate.run computation. */
export function runJob(job: RunJob): void {
  if (job.as) {
    becomeIsolate(job.as.id, job.as.trace);
    context.isolateId = job.as.id;
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

/** Whether this thread has finished a computation before. */
let finishedOne = false;

function finish(message: Result, moveBuffers: boolean): void {
  // The first computation of a thread started with it may end before the thread's start-up
  // has (the runtime's code cache goes back to the parent in the turn after the entry's
  // first, see threadEntry.ts): one turn later, what is left open is the computation's.
  if (!finishedOne) {
    finishedOne = true;
    setImmediate(() => setImmediate(() => finish(message, moveBuffers)));
    return;
  }
  const port = toParent();
  message.stays = leftBehind() === undefined;
  let pending = beginSend();
  if (pending) message.trace = pending.id;
  try {
    postEncoded(message, (payload, transfer) => {
      // Once, though a refused transfer makes postEncoded post a second time.
      recordSend(pending, message.ok ? message.value : message, { transfer });
      pending = undefined;
      // A thread that stays records nothing more into this computation's ring.
      if (message.stays) leaveIsolate();
      port.postMessage(payload, transfer);
    }, { moveBuffers });
  } catch (error) {
    message.stays = false;
    send({ type: 'result', ok: false, error: serializeError(Errors.resultUnsendable(serializeError(error))), stays: false });
  }
  if (message.stays) {
    context.debugName = 'spare';
    return;
  }
  send({ type: 'exiting', reason: message.ok ? 'returned' : 'error' });
  process.exit(0);
}
