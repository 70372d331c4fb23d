// Message ids without sending them: a message is named by its channel (one sending end and
// one receiving end, which deliver in order) and its sequence number on that channel, which
// the sender and the receiver each count for themselves. Channel numbers come from one
// counter in shared memory that every thread of the process shares: the main thread makes it
// when the tracer loads, and Node copies the environment data (and so the shared memory)
// into every worker started afterwards.
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

const ENV_KEY = 'isoscope:channel-ids';

function sharedCounter(): Int32Array {
  let memory = getEnvironmentData(ENV_KEY);
  if (!(memory instanceof SharedArrayBuffer)) {
    memory = new SharedArrayBuffer(4);
    setEnvironmentData(ENV_KEY, memory);
  }
  return new Int32Array(memory as SharedArrayBuffer);
}

const counter = sharedCounter();

/** A channel number no other channel of this process has. */
export function newChannelId(): number {
  return Atomics.add(counter, 0, 1) + 1;
}
