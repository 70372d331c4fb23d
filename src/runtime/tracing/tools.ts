// The tracer's tools, in their own bundle (dist/tracingTools.cjs): the collector and its sinks
// (the main thread of a traced process), the live reader, the trace reader and summary (the
// CLI, the extension), and the worker_threads wrappers (the preload). Every isolate loads the
// tracer core (dist/tracing.cjs); none has to parse these to start. They take the core's
// state (recorder, clock, rings…) from dist/tracing.cjs, so a thread still has one of each.
export { Collector, formattingBudgetMs } from './collector';
export { FileSink, MemorySink, SocketSink } from './sinks';
export { listenForTraces } from './liveServer';
export { installWorkerThreadsPatch } from './workerThreadsPatch';
export { TraceReader, parseTrace, formatProblem } from '../../protocol/traceReader';
export { summarize } from '../../protocol/traceSummary';
export { Backlog } from './backlog';
