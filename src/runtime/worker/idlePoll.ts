// After a task, a pool isolate polls its port for the next one for boot.idleSpinMs. Waking
// a thread that sleeps on its event loop costs ~50 µs on a VM; a short poll catches the next
// task of a busy pool without ever parking the thread in Atomics.wait (which would freeze
// the inspector and async work), and it returns to the event loop when the window ends.
// A task taken by the poll finishes inside it and asks to poll again: that request only
// sets `pollAgain`, so back-to-back tasks loop here instead of nesting on the stack.
// Polling only pays while the thread has a core of its own. On a machine with more runnable
// threads than cores it keeps a core from the thread that would send the next task (measured
// on 2 shared cores at load 5-8: a 100 µs poll made the sequential round trip 1.2-1.5x
// piscina's, no poll ~1.0x). So by default (boot.idleSpinAdaptive) the isolate polls only
// while the load average of the other processes leaves a core spare (spareCore.ts), and stops
// for a while when it sees that it lost its core in the middle of a poll.
import { receiveMessageOnPort } from 'node:worker_threads';
import { handleControl } from './control';
import { bootData, toParent } from './parentLink';
import { leavesCoreSpare, nextOwnLoad, type OwnLoad } from './spareCore';

/** A gap this long (ms) between two looks at the clock means the thread lost its core. */
const PREEMPTED_MS = 0.05;
/** How long a thread that lost its core while polling sleeps on its event loop instead (ms). */
const BACK_OFF_MS = 50;
/** How often the load average is read (ms). */
const LOAD_EVERY_MS = 250;

let polling = false;
let pollAgain = false;
/** No polling until then (ms). */
let quietUntil = 0;
let loadReadAt = -Infinity;
let coreSpare = true;
let own: OwnLoad | undefined;

/** After a task: takes the next task off the parent's port if it comes within the window. */
export function pollForNextTask(): void {
  const boot = bootData();
  const spinMs = boot.idleSpinMs ?? 0;
  if (spinMs <= 0) return;
  if (polling) {
    pollAgain = true;
    return;
  }
  const adaptive = boot.idleSpinAdaptive === true;
  let now = performance.now();
  if (adaptive && (now < quietUntil || !spareCore(now))) return;
  const port = toParent();
  const posted = boot.controlSignal;
  polling = true;
  try {
    do {
      pollAgain = false;
      now = performance.now();
      const until = now + spinMs;
      // The parent counts what it posts (controlSignal): the loop reads that count, and takes
      // the port's lock (which the parent's post needs too) only once something was posted.
      for (let spins = 1; ; spins++) {
        if (Atomics.load(posted, 0) > 0) {
          const next = receiveMessageOnPort(port);
          if (next) {
            handleControl(next.message);
            break;
          }
        }
        if ((spins & 31) !== 0) continue;
        const last = now;
        now = performance.now();
        if (now >= until) break;
        if (adaptive && now - last > PREEMPTED_MS) {
          quietUntil = now + BACK_OFF_MS;
          break;
        }
      }
    } while (pollAgain);
  } finally {
    polling = false;
  }
}

/** Whether the load average of the other processes leaves a core spare for polling. */
function spareCore(now: number): boolean {
  if (now - loadReadAt >= LOAD_EVERY_MS) {
    loadReadAt = now;
    // node:os is loaded on the first look, not with the runtime, which every isolate loads.
    const { availableParallelism, loadavg } = require('node:os') as typeof import('node:os');
    const { user, system } = process.cpuUsage();
    // The first look starts from the process's average use over its life so far.
    own = own ? nextOwnLoad(own, user + system, now) : { cores: (user + system) / 1000 / Math.max(1, process.uptime() * 1000), cpuMicros: user + system, at: now };
    coreSpare = leavesCoreSpare(loadavg()[0]!, own.cores, availableParallelism());
  }
  return coreSpare;
}
