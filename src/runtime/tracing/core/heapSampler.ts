// Samples this thread's heap and event-loop utilization into the trace: once when the
// thread starts being traced, every interval while it runs, and once as it exits. Time
// blocked in Atomics.wait counts as idle, and each interval the thread also samples those of
// its children that cannot sample themselves (threadStats.ts).
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { HeapEvent } from '../../../protocol/traceEvents';
import { record, threadConfig, tracingOn } from './recorder';
import { rawNow, traceNow } from './clock';
import { busyShare, publishSample, timeWaits, waitedMicros } from './threadStats';
import { sampleStarvedChildren } from './childThreads';
import { isolateId } from './identity';

let timer: NodeJS.Timeout | undefined;
let last: EventLoopUtilization | undefined;
let lastWaited = 0;

/** Records one heap sample now. */
export function sampleHeap(): void {
  if (!tracingOn()) return;
  // process.memoryUsage() has V8's heap figures too, without loading node:v8 (0.6–2 ms of
  // each traced thread's start).
  const heap = process.memoryUsage();
  const now = performance.eventLoopUtilization();
  const delta = last ? performance.eventLoopUtilization(now, last) : now;
  last = now;
  const waited = waitedMicros();
  const elu = busyShare(delta.active, delta.idle, (waited - lastWaited) / 1000);
  lastWaited = waited;
  const event: HeapEvent = { type: 'heap', t: traceNow(), isolate: isolateId(), used: heap.heapUsed, total: heap.heapTotal, external: heap.external, elu };
  record(event);
  publishSample(event);
}

export function startHeapSampler(intervalMs: number): void {
  stopHeapSampler();
  timeWaits(threadConfig()?.stats);
  sampleHeap();
  if (intervalMs > 0) {
    timer = setInterval(() => {
      sampleHeap();
      sampleStarvedChildren(rawNow(), intervalMs);
    }, intervalMs);
    // Sampling must never keep a program alive.
    timer.unref();
  }
}

export function stopHeapSampler(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
