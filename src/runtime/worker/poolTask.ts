// The worker side of IsolatePool: the isolate runs task after task. A function's source comes
// with its first task on this isolate and is compiled once; later tasks name it by id.
import type { FromIsolate, PoolTask } from '../controlMessages';
import { compileEntry } from '../entryCompiler';
import { Errors, serializeError } from '../errors';
import { tracer } from '../tracing/core';
import type { MessageId } from '../tracing/coreApi';
import { pollForNextTask } from './idlePoll';
import { send } from './parentLink';

const { beginSend, recordReceive, recordSend } = tracer;

const taskFunctions = new Map<number, (...args: unknown[]) => unknown>();

/** One IsolatePool task; the isolate stays for the next. */
export function runTask(task: PoolTask): void {
  recordReceive(task.trace);
  const done = (message: FromIsolate & { trace?: MessageId }): void => {
    const pending = beginSend();
    if (pending) message.trace = pending.id;
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
