// A worker thread starting to record, and a thread that Isolate.run reuses becoming the
// isolate of its next computation: each computation records into its own ring under its own
// id (the parent made both, see beginReuse), so the trace has one lane per computation, with
// its own spawn, running and exit, as if it had had a thread of its own.
import type { ThreadTraceConfig } from '../coreApi';
import { attachThread, detachThread, finishThread, record, tracingOn } from './recorder';
import { traceNow } from './clock';
import { sampleHeap, startHeapSampler, stopHeapSampler } from './heapSampler';
import { isolateId, setIsolateId } from './identity';

/** Records this thread, as the isolate it now is, into `config.ring`: its running event and
 * its heap samples. */
export function startRecording(config: ThreadTraceConfig): void {
  attachThread(config);
  record({ type: 'running', t: traceNow(), isolate: isolateId() });
  startHeapSampler(config.heapIntervalMs);
  if (!exitHooked) {
    exitHooked = true;
    // A thread that ends by itself (terminate() gives no chance): its last sample, then the
    // records it holds for want of room in its ring.
    process.on('exit', () => {
      sampleHeap();
      finishThread();
    });
  }
}
let exitHooked = false;

/** This thread is now isolate `id`, recording into `config` when the parent traces it. */
export function becomeIsolate(id: number, config: ThreadTraceConfig | undefined): void {
  leaveIsolate();
  setIsolateId(id);
  if (config) startRecording(config);
}

/** The computation this thread ran is over: its last heap sample, then nothing more goes into
 * its ring (the parent records its exit and lets the collector drain the ring). */
export function leaveIsolate(): void {
  if (tracingOn()) sampleHeap();
  stopHeapSampler();
  detachThread();
}
