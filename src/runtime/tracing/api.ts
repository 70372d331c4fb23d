// `import { trace } from 'isoscope'`: start and stop tracing from code, with any sinks.
import { isMainThread } from 'node:worker_threads';
import type { Collector, CollectorOptions } from './collector';
import type { FileSink, MemorySink, SocketSink, SocketSinkOptions, TraceSink } from './sinks';
import type { LiveTraceHandlers, LiveTraceServer } from './liveServer';
import { setCollector } from './childThreads';
import { tracingOn } from './recorder';

// Every isolate loads this file; the collector, the sinks and the live reader (with
// node:net and node:crypto) load only when a trace starts, to keep isolate start-up cheap.
const collectorModule = (): typeof import('./collector') => require('./collector');
const sinksModule = (): typeof import('./sinks') => require('./sinks');

export interface TraceStartOptions extends Omit<CollectorOptions, 'sinks'> {
  /** Where events go: one sink or several (trace.fileSink, trace.socketSink, trace.memorySink). */
  sink: TraceSink | TraceSink[];
}

let collector: Collector | undefined;

export const trace = {
  /** Starts tracing this process: the main isolate and every isolate or worker started
   * from now on. Threads that are already running are not traced. */
  start(options: TraceStartOptions): void {
    if (!isMainThread) throw new Error('isoscope: trace.start() must be called in the main thread (it owns the trace); isolates started from there are traced too.');
    if (tracingOn()) throw new Error('isoscope: tracing is already on (ISOSCOPE_TRACE, ISOSCOPE_SINK or an earlier trace.start()); call trace.stop() first.');
    const sinks = Array.isArray(options.sink) ? options.sink : [options.sink];
    if (sinks.length === 0 || sinks.some((s) => typeof s?.write !== 'function')) throw new TypeError('isoscope: trace.start() needs a sink: trace.fileSink(path), trace.socketSink({ path, token }) or trace.memorySink().');
    collector = new (collectorModule().Collector)({ ...options, sinks });
    setCollector(collector);
  },

  /** Ends the trace: drains every isolate's events into the sinks and closes them. */
  stop(): void {
    collector?.stop();
    collector = undefined;
    setCollector(undefined);
  },

  /** Moves every event recorded so far into the sinks now. */
  flush(): void {
    collector?.drain();
  },

  /** True while this process is being traced. */
  get active(): boolean {
    return tracingOn();
  },

  fileSink: (path: string): FileSink => new (sinksModule().FileSink)(path),
  memorySink: (): MemorySink => new (sinksModule().MemorySink)(),
  socketSink: (options: SocketSinkOptions): SocketSink => new (sinksModule().SocketSink)(options),
  /** Opens a live reader that traced programs can stream to (see ISOSCOPE_SINK). */
  listen: (handlers: LiveTraceHandlers, options?: { path?: string }): Promise<LiveTraceServer> =>
    (require('./liveServer') as typeof import('./liveServer')).listenForTraces(handlers, options),
};

/** Starts tracing from ISOSCOPE_TRACE / ISOSCOPE_SINK, as `isoscope record` and the preload
 * set them. A setting that cannot be used is reported on stderr in one line; the program
 * runs on untraced rather than failing. */
export function startFromEnvironment(env: NodeJS.ProcessEnv = process.env, defaultFile?: string): void {
  if (!isMainThread || tracingOn()) return;
  const sinks: TraceSink[] = [];
  const file = env['ISOSCOPE_TRACE'] || (env['ISOSCOPE_SINK'] ? undefined : defaultFile);
  if (file) {
    const path = file.replace(/%p/g, String(process.pid));
    try {
      sinks.push(trace.fileSink(path));
      if (!env['ISOSCOPE_TRACE']) process.once('exit', () => process.stderr.write(`isoscope: trace written to ${path}\n`));
    } catch (error) {
      process.stderr.write(`isoscope: cannot write the trace to ${path} (${(error as Error).message}); running untraced\n`);
    }
  }
  const socket = env['ISOSCOPE_SINK'];
  if (socket) {
    const token = env['ISOSCOPE_SINK_TOKEN'];
    if (!token) process.stderr.write('isoscope: ISOSCOPE_SINK is set but ISOSCOPE_SINK_TOKEN is not; not streaming the trace\n');
    else sinks.push(trace.socketSink({ path: socket, token }));
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
