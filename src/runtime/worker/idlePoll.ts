// After a task, a pool isolate polls its port for the next one for boot.idleSpinMs. Waking
// a thread that sleeps on its event loop costs ~50 µs on a VM; a short poll catches the next
// task of a busy pool without ever parking the thread in Atomics.wait (which would freeze
// the inspector and async work), and it returns to the event loop when the window ends.
// A task taken by the poll finishes inside it and asks to poll again: that request only
// sets `pollAgain`, so back-to-back tasks loop here instead of nesting on the stack.
import { receiveMessageOnPort } from 'node:worker_threads';
import { handleControl } from './control';
import { bootData, toParent } from './parentLink';

let polling = false;
let pollAgain = false;

/** After a task: takes the next task off the parent's port if it comes within the window. */
export function pollForNextTask(): void {
  const spinMs = bootData().idleSpinMs ?? 0;
  if (spinMs <= 0) return;
  if (polling) {
    pollAgain = true;
    return;
  }
  const port = toParent();
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
