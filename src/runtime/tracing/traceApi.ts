// `import { trace } from 'isoscope'`: start and stop tracing from code, with any sinks; and
// the start from ISOSCOPE_TRACE / ISOSCOPE_SINK that the runtime and the preload make. The
// trace belongs to the thread's one tracer core (core/index.ts), whichever copy of isoscope
// started it: this module keeps no state of its own.
import { isMainThread } from 'node:worker_threads';
import { tracer } from './core';
import type { CollectorOptions } from './collector';
import type { FileSink, MemorySink, SocketSink, SocketSinkOptions, TraceSink } from './sinks';
import type { LiveTraceHandlers, LiveTraceOptions, LiveTraceServer } from './liveServer';
import { controlEnabled, dispatchControl, releaseEditorHolds } from './remoteControl';

// Every isolate loads the runtime; the collector, the sinks and the live reader (with node:net
// and node:crypto) are in the tools bundle, loaded only when a trace starts or is read.
const tools = (): typeof import('./tools') => require('./tools');

export interface TraceStartOptions extends Omit<CollectorOptions, 'sinks'> {
  /** Where events go: one sink or several (trace.fileSink, trace.socketSink, trace.memorySink). */
  sink: TraceSink | TraceSink[];
}

export const trace = {
  /** Starts tracing this process: the main isolate and every isolate or worker started
   * from now on. Threads that are already running are not traced. */
  start(options: TraceStartOptions): void {
    if (!isMainThread) throw new Error('isoscope: trace.start() must be called in the main thread (it owns the trace); isolates started from there are traced too.');
    if (!tracer.canRecord) throw new Error(`isoscope: this copy of isoscope (${tracer.from}) cannot trace: another, incompatible copy traces this process (the warning printed at start names it); trace with one version of isoscope.`);
    if (tracer.tracingOn()) throw new Error('isoscope: tracing is already on (ISOSCOPE_TRACE, ISOSCOPE_SINK or an earlier trace.start()); call trace.stop() first.');
    const sinks = Array.isArray(options.sink) ? options.sink : [options.sink];
    if (sinks.length === 0 || sinks.some((s) => typeof s?.write !== 'function')) throw new TypeError('isoscope: trace.start() needs a sink: trace.fileSink(path), trace.socketSink({ path, token }) or trace.memorySink().');
    tracer.setCollector(tools().startCollector(tracer, { ...options, sinks }));
  },

  /** Ends the trace: drains every isolate's events into the sinks and closes them. */
  stop(): void {
    tracer.collector()?.stop();
    tracer.setCollector(undefined);
  },

  /** Moves every event recorded so far into the sinks now. */
  flush(): void {
    tracer.collector()?.drain();
  },

  /** True while this process is being traced. */
  get active(): boolean {
    return tracer.tracingOn();
  },

  fileSink: (path: string): FileSink => new (tools().FileSink)(path),
  memorySink: (): MemorySink => new (tools().MemorySink)(),
  socketSink: (options: SocketSinkOptions): SocketSink => new (tools().SocketSink)(options, tracer.traceNow),
  /** Opens a live reader that traced programs can stream to (see ISOSCOPE_SINK). */
  listen: (handlers: LiveTraceHandlers, options?: LiveTraceOptions): Promise<LiveTraceServer> => tools().listenForTraces(handlers, options),
};

/** Starts tracing from ISOSCOPE_TRACE / ISOSCOPE_SINK, as `isoscope record` and the preload
 * set them. A setting that cannot be used is reported on stderr in one line; the program
 * runs on untraced rather than failing. */
export function startFromEnvironment(env: NodeJS.ProcessEnv = process.env, defaultFile?: string): void {
  // An incompatible copy said why it cannot record when it loaded.
  if (!isMainThread || tracer.tracingOn() || !tracer.canRecord) return;
  const file = env['ISOSCOPE_TRACE'] || (env['ISOSCOPE_SINK'] ? undefined : defaultFile);
  const socket = env['ISOSCOPE_SINK'];
  if (!file && !socket) return;
  const sinks: TraceSink[] = [];
  if (file) {
    const path = file.replace(/%p/g, String(process.pid));
    try {
      sinks.push(trace.fileSink(path));
      if (!env['ISOSCOPE_TRACE']) process.once('exit', () => process.stderr.write(`isoscope: trace written to ${path}\n`));
    } catch (error) {
      process.stderr.write(`isoscope: cannot write the trace to ${path} (${(error as Error).message}); running untraced\n`);
    }
  }
  if (socket) {
    const token = env['ISOSCOPE_SINK_TOKEN'];
    if (!token) process.stderr.write('isoscope: ISOSCOPE_SINK is set but ISOSCOPE_SINK_TOKEN is not; not streaming the trace\n');
    // Started by the extension: its Isolates view may kill, pause and resume isolates.
    else sinks.push(trace.socketSink({ path: socket, token, ...(controlEnabled() ? { onControl: dispatchControl, onControlEnd: releaseEditorHolds } : {}) }));
  }
  if (sinks.length === 0) return;
  const interval = Number(env['ISOSCOPE_HEAP_INTERVAL_MS'] ?? 100);
  const ringBytes = Number(env['ISOSCOPE_TRACE_RING_BYTES'] ?? 0);
  trace.start({
    sink: sinks,
    heapIntervalMs: Number.isFinite(interval) && interval >= 0 ? interval : 100,
    captureLocations: env['ISOSCOPE_CAPTURE_LOCATIONS'] === '1',
    ...(Number.isInteger(ringBytes) && ringBytes >= 4096 ? { ringBytes } : {}),
  });
}
