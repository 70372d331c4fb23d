// What a traced thread tells its parent about itself, in a little shared memory its parent
// makes (ThreadTraceConfig.stats): how long it has blocked in Atomics.wait, and its last heap
// sample. A thread that waits in Atomics.wait between tasks (tinypool's and piscina's
// workers do) never returns to its event loop, so its heap sampler's timer never fires, and
// Node counts the whole wait as loop time: the thread would show one sample in its life and
// 100% busy. So every traced thread times its Atomics.wait calls, a wait counts as idle in its
// own samples, and its parent samples it (sampleStarvedChildren) while it cannot.
// Each slot has one writer (the thread); the parent only reads. Times are on the trace clock.
import type { HeapEvent } from '../../../protocol/traceEvents';
import { rawNow } from './clock';
import { flushHeld } from './recorder';

/** Float64 slots. */
const WAITED = 0; // µs spent in Atomics.wait, in total
const WAITING_SINCE = 1; // when the wait in progress began; 0 when not waiting
const SAMPLED_AT = 2; // the thread's last own heap sample (0: none yet)
const USED = 3;
const TOTAL = 4;
const EXTERNAL = 5;
const ISOLATE = 6; // the isolate its heap samples are recorded for
const SLOTS = 7;

export function createThreadStats(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * 8);
}

/** This thread's own slots (a main thread has no parent to read them, but keeps them alike). */
let own: Float64Array<ArrayBufferLike> = new Float64Array(SLOTS);
let waited = 0;
let installed = false;

/** Starts timing this thread's Atomics.wait calls, publishing into `stats` when given. */
export function timeWaits(stats: SharedArrayBuffer | undefined): void {
  if (stats) {
    own = new Float64Array(stats);
    // The total so far: a parent reads differences from its first reading on (a thread that
    // Isolate.run reuses is handed new slots for each computation).
    own[WAITED] = waited;
  }
  if (installed) return;
  installed = true;
  const nodeWait = Atomics.wait;
  // Atomics.wait(a, i, v) and (a, i, v, undefined) are the same call (no timeout): four
  // parameters always passed keep this a plain call. (Its name and length stay Node's.)
  const timed = function wait(typedArray: Int32Array | BigInt64Array, index: number, value: never, timeout?: number): 'ok' | 'not-equal' | 'timed-out' {
    // Records held for want of room in the ring go in now: the thread may block for long.
    flushHeld();
    const started = rawNow();
    own[WAITING_SINCE] = started;
    try {
      return nodeWait(typedArray as Int32Array, index, value, timeout);
    } finally {
      waited += rawNow() - started;
      own[WAITED] = waited;
      own[WAITING_SINCE] = 0;
    }
  };
  // (Named here too: the bundle's minifier drops a function expression's name.)
  Atomics.wait = Object.defineProperty(timed, 'name', { value: 'wait' }) as typeof Atomics.wait;
}

/** µs this thread has blocked in Atomics.wait since it was traced. */
export function waitedMicros(): number {
  return waited;
}

/** Publishes this thread's own heap sample, for its parent to repeat while it cannot sample. */
export function publishSample(sample: HeapEvent): void {
  own[SAMPLED_AT] = sample.t;
  own[ISOLATE] = sample.isolate;
  own[USED] = sample.used;
  own[TOTAL] = sample.total;
  own[EXTERNAL] = sample.external;
}

/** The share of a span the thread was busy: in its event loop (Node's `active`, ms) and not
 * blocked in Atomics.wait (`waitedMs`), to three decimals. */
export function busyShare(active: number, idle: number, waitedMs: number): number {
  const span = active + idle;
  if (!(span > 0)) return 0;
  return Math.min(1, Math.max(0, Math.round(((active - waitedMs) / span) * 1000) / 1000));
}

/** A child's slots, as its parent reads them. */
export class ChildStats {
  private readonly slots: Float64Array;
  constructor(stats: SharedArrayBuffer) {
    this.slots = new Float64Array(stats);
  }
  /** µs the child has blocked in Atomics.wait until `now`, the wait in progress included.
   * (Read while a wait ends, that wait may be missed: a sample then shows the child busier,
   * never idler, than it was.) */
  waited(now: number): number {
    const total = this.slots[WAITED]!;
    const since = this.slots[WAITING_SINCE]!;
    return total + (since > 0 && now > since ? now - since : 0);
  }
  /** Whether it is blocked in Atomics.wait now (waiting for its next task). */
  waiting(): boolean {
    return this.slots[WAITING_SINCE]! > 0;
  }
  /** Its last own heap sample, or undefined when it has made none. */
  lastSample(): { t: number; isolate: number; used: number; total: number; external: number } | undefined {
    const s = this.slots;
    return s[SAMPLED_AT]! > 0 ? { t: s[SAMPLED_AT]!, isolate: s[ISOLATE]!, used: s[USED]!, total: s[TOTAL]!, external: s[EXTERNAL]! } : undefined;
  }
}
