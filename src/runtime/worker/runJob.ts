// The worker side of Isolate.run: one computation per isolate.
import type { FromIsolate, RunJob } from '../controlMessages';
import { compileEntry } from '../entryCompiler';
import { Errors, serializeError } from '../errors';
import { postEncoded } from '../wire';
import { tracer } from '../tracing/core';
import type { MessageId } from '../tracing/coreApi';
import { nameIsolate, send, setErrorsFatal, toParent } from './parentLink';

const { beginSend, recordReceive, recordSend } = tracer;

/** One Isolate.run computation; the result moves back (buffers transferred) and the
 * isolate ends, as with Isolate.exit. */
export function runJob(job: RunJob): void {
  const port = toParent();
  nameIsolate(job.debugName);
  // Whatever the computation leaves behind, its error ends the run.
  setErrorsFatal(true);
  recordReceive(job.trace);
  const finish = (message: FromIsolate & { trace?: MessageId }, reason: 'returned' | 'error', moveBuffers: boolean): never => {
    let pending = beginSend();
    if (pending) message.trace = pending.id;
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
