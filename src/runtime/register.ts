// `node --require isoscope/register app.js`: traces a program that never imported isoscope.
// Installs the worker_threads and child_process wrappers (in the main thread and, through
// the inherited preload, in every worker and child process) and starts the trace from
// ISOSCOPE_TRACE / ISOSCOPE_SINK.
// With neither variable set, the trace goes to ./isoscope-<pid>.isotrace.
import { tracer } from './tracing/core';
// The wrappers are bundled here, not taken from the tools bundle: a worker then starts
// without parsing the collector, the sinks and the readers (and loading node:net and
// node:crypto for them), which only the main thread needs, and only when a trace starts.
import { installPreload } from './tracing/preload';
import { startFromEnvironment } from './tracing/traceApi';
import { isNodeInternalThread } from './tracing/nodeThreads';

// Node runs NODE_OPTIONS preloads in its own threads too (a loader's module-hooks thread):
// none of the program runs there, so the preload does nothing there.
if (!isNodeInternalThread()) {
  // Once per thread, whichever copy of isoscope's preload comes first.
  if (tracer.claimPreload(__filename)) installPreload(tracer);
  startFromEnvironment(process.env, 'isoscope-%p.isotrace');
}
