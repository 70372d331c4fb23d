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
import type * as Reader from '../../protocol/traceReader';
import type * as Summary from '../../protocol/traceSummary';

export { trace, startFromEnvironment, type TraceStartOptions } from './api';
export { tracingOn, record, newMessageId, threadConfig, recordSendRecord, recordReceiveRecord } from './recorder';
export { traceNow, rawNow, type RawMicros } from './clock';
export { newChannelId } from './channelIds';
export { beginChild, type TracedChild, type SpawnDetails } from './childThreads';
export { markInternal, quietly } from './internal';
export { beginSend, recordSend, recordReceive, recordChannelSend, type PendingSend } from './messageEvents';
export { estimateSize, transferredBytes } from './messageSize';
export type { LiveTraceServer, LiveTraceHandlers } from './liveServer';
export type { TraceSink, FileSink, MemorySink, SocketSink, SocketSinkOptions } from './sinks';
export type { TraceProblem, ParsedTrace, TraceReaderHandlers } from '../../protocol/traceReader';
export type { TraceSummary, IsolateSummary, TraceTotals } from '../../protocol/traceSummary';
// What the tools bundle (tools.ts → dist/tracingTools.cjs) takes from this one: the state of
// this thread's tracer lives here only.
export * from './ring';
export * from './recorder';
export * from './clock';
export * from './heapSampler';
export * from './internal';
export * from './childThreads';
export * from './messageEvents';
export * from './channelIds';
export * from './messageSize';

// Every isolate loads this bundle, but only tools read traces and only the preload wraps
// worker_threads: those modules are in dist/tracingTools.cjs, loaded on first use.
const readerModule = (): typeof Reader => require('../../protocol/traceReader');

/** The format's streaming reader (the CLI's and the extension's). */
export const TraceReader: typeof Reader.TraceReader = class {
  constructor(...args: ConstructorParameters<typeof Reader.TraceReader>) {
    return new (readerModule().TraceReader)(...args);
  }
} as never;

/** Reads a whole trace held in memory. */
export const parseTrace: typeof Reader.parseTrace = (...args) => readerModule().parseTrace(...args);

/** "error: line 12: …" for people. */
export const formatProblem: typeof Reader.formatProblem = (problem) => readerModule().formatProblem(problem);

/** One row per isolate and the totals, as `isoscope summary --json` prints them. */
export const summarize: typeof Summary.summarize = (events) => (require('../../protocol/traceSummary') as typeof Summary).summarize(events);

/** Wraps worker_threads for programs that never import isoscope (the preload). */
export function installWorkerThreadsPatch(preloadPath: string): void {
  (require('./workerThreadsPatch') as typeof import('./workerThreadsPatch')).installWorkerThreadsPatch(preloadPath);
}

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
