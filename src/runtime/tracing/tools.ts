// The tracer's tools, in their own bundle (dist/tracingTools.cjs): the collector and its sinks
// (the main thread of a traced process), the live reader, the trace reader and summary (the
// CLI, the extension). Every isolate loads the tracer core (dist/tracing.cjs) and the
// runtime, and the preload's threads its wrappers (dist/register.cjs); none has to parse
// these to start. The tools keep no per-thread tracing state: what needs the recorder is
// handed the thread's core.
export { startCollector, formattingBudgetMs } from './collector';
export { FileSink, MemorySink, SocketSink } from './sinks';
/** The live reader, loaded when one listens (with node:net and node:crypto, which a program
 * traced to a file never needs). */
export const listenForTraces: typeof import('./liveServer').listenForTraces = (...args) => (require('./liveServer') as typeof import('./liveServer')).listenForTraces(...args);
export { TraceReader, parseTrace, formatProblem } from '../../protocol/traceReader';
export { summarize } from '../../protocol/traceSummary';
export { Backlog } from './backlog';
export { createRing, RingReader } from './ring';
export { RingWriter } from './ringWriter';
export { estimateSize, transferredBytes } from './messageSize';
