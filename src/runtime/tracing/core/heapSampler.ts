// Samples this thread's heap and event-loop utilization into the trace: once when the
// thread starts being traced, every interval while it runs, and once as it exits.
import type { EventLoopUtilization } from 'node:perf_hooks';
import { record, tracingOn } from './recorder';
import { traceNow } from './clock';
import { isolateId } from './identity';

let timer: NodeJS.Timeout | undefined;
let last: EventLoopUtilization | undefined;

/** Records one heap sample now. */
export function sampleHeap(): void {
  if (!tracingOn()) return;
  // node:v8 loads on the first sample, not with every isolate.
  const { getHeapStatistics } = require('node:v8') as typeof import('node:v8');
  const heap = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & { external_memory?: number };
  const now = performance.eventLoopUtilization();
  const delta = last ? performance.eventLoopUtilization(now, last) : now;
  last = now;
  const elu = Number.isFinite(delta.utilization) ? Math.min(1, Math.max(0, Math.round(delta.utilization * 1000) / 1000)) : 0;
  record({ type: 'heap', t: traceNow(), isolate: isolateId(), used: heap.used_heap_size, total: heap.total_heap_size, external: heap.external_memory ?? 0, elu });
}

export function startHeapSampler(intervalMs: number): void {
  stopHeapSampler();
  sampleHeap();
  if (intervalMs > 0) {
    timer = setInterval(sampleHeap, intervalMs);
    // Sampling must never keep a program alive.
    timer.unref();
  }
}

export function stopHeapSampler(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
