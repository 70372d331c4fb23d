// isoscope: Dart's isolate model on Node's worker_threads.
// This bundle is also what every isolate's worker thread runs: see the end of the file.
import { Isolate } from './isolate';
import { ReceivePort, RawReceivePort } from './receivePort';
import { SendPort } from './sendPort';
import { Capability } from './capability';
import { TransferableTypedData } from './transferableTypedData';
import { RemoteError, IsolateSpawnException, IsolateMessageError, IsolateStateError, AbortError } from './errors';
import { IsolatePool } from './pool';
import { compute } from './compute';
import { setRuntimeApi } from './entryCompiler';
import { bootIsolate, isIsolateWorker } from './worker/boot';
import { startFromEnvironment } from './tracing/traceApi';

export { Isolate, ReceivePort, RawReceivePort, SendPort, Capability, TransferableTypedData };
export { RemoteError, IsolateSpawnException, IsolateMessageError, IsolateStateError, AbortError };
export { IsolatePool, compute };
export type { SpawnOptions } from './spawn';
export type { RunOptions } from './run';
export type { PoolOptions, PoolRunOptions } from './pool';
export { trace, type TraceStartOptions } from './tracing/traceApi';
export { TraceReader, parseTrace, formatProblem, summarize } from './tracing/readers';
export type { TraceProblem, ParsedTrace, TraceReaderHandlers } from '../protocol/traceReader';
export type { TraceSummary, IsolateSummary, TraceTotals } from '../protocol/traceSummary';
export type { TraceSink, FileSink, MemorySink, SocketSink, SocketSinkOptions } from './tracing/sinks';
export type { LiveTraceServer, LiveTraceHandlers, LiveTraceOptions } from './tracing/liveServer';
export type * from '../protocol/traceEvents';

// Entry functions see the same API by name inside their isolate.
setRuntimeApi({
  Isolate, ReceivePort, RawReceivePort, SendPort, Capability, TransferableTypedData,
  RemoteError, IsolateSpawnException, IsolatePool, compute,
});

// A program that imports isoscope is traced by ISOSCOPE_TRACE / ISOSCOPE_SINK alone.
startFromEnvironment();
if (isIsolateWorker()) bootIsolate();
