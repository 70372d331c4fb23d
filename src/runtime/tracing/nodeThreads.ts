// Threads Node starts for itself: the module-hooks thread that `module.register()`, tsx and
// every custom loader start (one per thread that registers hooks). Node runs NODE_OPTIONS
// preloads there too, but none of the program runs there: the tracer must neither record
// there nor touch its ports (wrapping them hung programs at their first import).
import * as workerThreads from 'node:worker_threads';

/** True in a thread Node started for itself. Such a thread has no parentPort (every
 * Worker's thread has one); Node 22.14+ also says so directly. */
export function isNodeInternalThread(): boolean {
  const said = (workerThreads as { isInternalThread?: boolean }).isInternalThread;
  return said === true || (!workerThreads.isMainThread && workerThreads.parentPort === null);
}
