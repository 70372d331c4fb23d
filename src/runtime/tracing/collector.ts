// The collector, in the main thread: it owns the trace. It writes the header, holds every
// traced thread's ring, drains them into the sinks on a timer (and at once when the main
// thread's own ring fills), and on process exit drains everything one last time, so events
// of threads that were terminated or crashed still reach the sink.
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { encodeEvent, encodeHeader, makeHeader } from '../../protocol/traceEncode';
import { createRing, RingReader, DEFAULT_RING_BYTES } from './ring';
import { attachThread, detachThread, record, tracingOn } from './recorder';
import { processMicros, traceNow } from './clock';
import { sampleHeap, startHeapSampler, stopHeapSampler } from './heapSampler';
import type { TraceSink } from './sinks';
import { quietly } from './internal';
import { RING_CHANNEL, type RingAnnouncement } from './childThreads';

export interface CollectorOptions {
  sinks: TraceSink[];
  /** How often each isolate samples its heap; 0 for only at start and exit. Default 100. */
  heapIntervalMs?: number;
  /** Record where each send was called from (costs a stack capture per send). */
  captureLocations?: boolean;
  /** Each thread's ring buffer, in bytes. Default 1 MiB. */
  ringBytes?: number;
  /** How often the rings are drained into the sinks. Default 50 ms. */
  drainIntervalMs?: number;
}

const encoder = new TextEncoder();

export class Collector {
  readonly heapIntervalMs: number;
  readonly captureLocations: boolean;
  readonly ringBytes: number;
  readonly origin = processMicros();
  private readonly sinks: TraceSink[];
  private readonly rings = new Map<number, RingReader>();
  private readonly channel: BroadcastChannel;
  private readonly timer: NodeJS.Timeout;
  private uncaught: Error | undefined;
  private stopped = false;

  constructor(options: CollectorOptions) {
    this.sinks = options.sinks;
    this.heapIntervalMs = options.heapIntervalMs ?? 100;
    this.captureLocations = options.captureLocations ?? false;
    this.ringBytes = options.ringBytes ?? DEFAULT_RING_BYTES;
    this.emit(encoder.encode(encodeHeader(makeHeader(process.pid, process.argv, new Date(), process.version))));
    const ring = createRing(this.ringBytes);
    const main = new RingReader(ring);
    main.announce();
    this.rings.set(threadId, main);
    attachThread(
      { ring, origin: this.origin, heapIntervalMs: this.heapIntervalMs, captureLocations: this.captureLocations, ringBytes: this.ringBytes },
      () => this.drain(),
    );
    record({ type: 'running', t: traceNow(), isolate: threadId });
    startHeapSampler(this.heapIntervalMs);
    // Its own traffic stays out of the trace (a BroadcastChannel talks through a MessagePort).
    this.channel = quietly(() => new BroadcastChannel(RING_CHANNEL));
    this.channel.onmessage = (event) => {
      const { threadId: id, ring: announced } = (event as unknown as { data: RingAnnouncement }).data;
      this.adopt(id, announced);
    };
    this.channel.unref();
    this.timer = setInterval(() => this.drain(), options.drainIntervalMs ?? 50);
    this.timer.unref();
    process.on('uncaughtExceptionMonitor', this.onUncaught);
    process.on('exit', this.onExit);
  }

  /** Takes a thread's ring into the trace. */
  adopt(id: number, ring: SharedArrayBuffer): RingReader {
    const reader = new RingReader(ring);
    if (!this.stopped) this.rings.set(id, reader);
    return reader;
  }

  /** Moves every complete line from the rings to the sinks. */
  drain(): void {
    for (const [id, ring] of this.rings) {
      if (!ring.announced) continue;
      const exited = ring.exited;
      const bytes = ring.take();
      if (bytes) this.emit(bytes);
      const dropped = ring.takeDropped();
      if (dropped > 0) this.emit(encoder.encode(encodeEvent({ type: 'dropped', t: traceNow(), isolate: id, count: dropped })));
      if (exited) this.rings.delete(id);
    }
  }

  private emit(bytes: Uint8Array): void {
    for (const sink of this.sinks) sink.write(bytes);
  }

  /** Ends the trace: a last heap sample, a last drain, sinks closed. Threads stop recording. */
  stop(): void {
    if (this.stopped) return;
    sampleHeap();
    this.finish();
  }

  private finish(): void {
    this.stopped = true;
    stopHeapSampler();
    this.drain();
    for (const ring of this.rings.values()) ring.enabled = false;
    this.rings.clear();
    detachThread();
    clearInterval(this.timer);
    this.channel.close();
    process.off('uncaughtExceptionMonitor', this.onUncaught);
    process.off('exit', this.onExit);
    for (const sink of this.sinks) sink.close();
  }

  private readonly onUncaught = (error: Error): void => {
    this.uncaught = error instanceof Error ? error : new Error(String(error));
  };

  /** The main isolate's end: its last sample and exit event, then everything is drained. */
  private readonly onExit = (code: number): void => {
    if (this.stopped || !tracingOn()) return;
    sampleHeap();
    const error = this.uncaught;
    record({
      type: 'exit',
      t: traceNow(),
      isolate: threadId,
      reason: error ? 'error' : code === 0 ? 'returned' : 'exited',
      code,
      ...(error ? { error: { message: error.message, stack: error.stack ?? String(error) } } : {}),
    });
    this.finish();
  };
}
