// The runtime's one link to the tracer (dist/tracing.cjs, shared with the preload): every
// runtime file imports it from here, so the bundle requires it once, not once per file.
import * as tracer from './tracing/index';

export * from './tracing/index';

// What a traced message calls, as plain local bindings: a name read through the other
// bundle's exports is a getter call each time, which showed in profiles of busy ports.
export const tracingOn = tracer.tracingOn;
export const rawNow = tracer.rawNow;
export const estimateSize = tracer.estimateSize;
export const transferredBytes = tracer.transferredBytes;
export const recordSendRecord = tracer.recordSendRecord;
export const recordReceiveRecord = tracer.recordReceiveRecord;
export const threadConfig = tracer.threadConfig;
