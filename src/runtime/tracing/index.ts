// The tracer, as one bundle (dist/tracing.cjs) shared by the runtime and the preload, so a
// thread has one recorder whichever of them loaded first. Loading it in a worker that its
// parent traced starts recording that worker; loading it in the main thread with
// ISOSCOPE_TRACE or ISOSCOPE_SINK set starts the trace.
import { getEnvironmentData, isMainThread, threadId } from 'node:worker_threads';
import { attachThread, record, type ThreadTraceConfig } from './recorder';
import { sampleHeap, startHeapSampler } from './heapSampler';
import { traceNow } from './clock';
import { ENV_KEY } from './childThreads';
import { startFromEnvironment } from './api';

export { trace, startFromEnvironment, type TraceStartOptions } from './api';
export { tracingOn, record, newMessageId, threadConfig } from './recorder';
export { traceNow } from './clock';
export { beginChild, type TracedChild, type SpawnDetails } from './childThreads';
export { markInternal, quietly } from './internal';
export { estimateSize, transferredBytes } from './messageSize';
export { installWorkerThreadsPatch } from './workerThreadsPatch';
export type { LiveTraceServer, LiveTraceHandlers } from './liveServer';
// The format's reader and summary, for tools that read traces (same code as the CLI's).
export { TraceReader, parseTrace, formatProblem, type TraceProblem, type ParsedTrace, type TraceReaderHandlers } from '../../protocol/traceReader';
export { summarize, type TraceSummary, type IsolateSummary, type TraceTotals } from '../../protocol/traceSummary';
export type { TraceSink, FileSink, MemorySink, SocketSink, SocketSinkOptions } from './sinks';

if (!isMainThread) {
  const config = getEnvironmentData(ENV_KEY) as ThreadTraceConfig | undefined;
  if (config?.ring instanceof SharedArrayBuffer) {
    attachThread(config);
    record({ type: 'running', t: traceNow(), isolate: threadId });
    startHeapSampler(config.heapIntervalMs);
    // The last sample of a thread that ends by itself (terminate() gives no chance).
    process.on('exit', sampleHeap);
  }
} else {
  startFromEnvironment();
}
