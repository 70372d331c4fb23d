// Message ids without sending them: a message is named by its channel (one sending end and
// one receiving end, which deliver in order) and its sequence number on that channel, which
// the sender and the receiver each count for themselves. Channel numbers come from one
// counter in shared memory that every thread of the process shares: the main thread makes it
// when the tracer loads, and Node copies the environment data (and so the shared memory)
// into every worker started afterwards.
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

/** A counter in shared memory under `key` of the environment data: made by the first thread
 * that asks (the main thread, as the tracer loads), found by every worker started after. */
export function sharedCounter(key: string): Int32Array {
  let memory = getEnvironmentData(key);
  if (!(memory instanceof SharedArrayBuffer)) {
    memory = new SharedArrayBuffer(4);
    setEnvironmentData(key, memory);
  }
  return new Int32Array(memory as SharedArrayBuffer);
}

const counter = sharedCounter('isoscope:channel-ids');

/** A channel number no other channel of this process has. */
export function newChannelId(): number {
  return Atomics.add(counter, 0, 1) + 1;
}
