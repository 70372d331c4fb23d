// The collector, in the main thread: it owns the trace. It writes the header, holds every
// traced thread's ring, and takes their records on a timer. Records are formatted where
// they are, in the ring; a ring more than half full has its records copied out instead, so
// the rings do not fill (the main thread's own, when full, is copied out at once).
// Formatting records as NDJSON for the sinks costs more than recording them, and the main
// thread is usually one of the busy ones, so the collector formats within a budget: about
// 0.5% of the last drain interval when the main thread was busy, up to 80% of it when it
// was idle. A timer that fires late means the thread was held by a long synchronous run:
// busy. What the budget leaves waits, as compact binary records, in the rings or the
// backlog (bounded: past MAX_BACKLOG_BYTES it is formatted whatever the budget).
// trace.flush(), trace.stop() and the process's exit format everything, so events of
// threads that were terminated or crashed still reach the sinks.
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { encodeEvent, encodeHeader, makeHeader } from '../../protocol/traceEncode';
import { createRing, RingReader, DEFAULT_RING_BYTES } from './ring';
import { Backlog, MAX_BACKLOG_BYTES } from './backlog';
import { ORIGIN_ENV, processMicros } from './processClock';
import { RING_CHANNEL, type CollectorLink, type RingAnnouncement, type TracerCore } from './coreApi';
import type { TraceSink } from './sinks';

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

/** The share of the main thread's time formatting may take when it was busy, and idle. */
const BUSY_SHARE = 0.005;
const IDLE_SHARE = 0.8;
const MIN_BUDGET_MS = 0.25;

/** How long one timed drain may format (ms): a share of the last interval, from 0.5% when
 * the event loop was busy (`utilization` 1) to 80% when it was idle. `elapsed` is the time
 * since the last drain; past two intervals the timer was held up by a synchronous run, so
 * the thread counts as busy whatever the utilization says (it may average in idle time from
 * long before). */
export function formattingBudgetMs(elapsed: number, utilization: number, intervalMs: number): number {
  const busy = elapsed > 2 * intervalMs || !Number.isFinite(utilization) ? 1 : Math.min(1, Math.max(0, utilization));
  const share = BUSY_SHARE + (IDLE_SHARE - BUSY_SHARE) * (1 - busy);
  return Math.max(MIN_BUDGET_MS, Math.min(elapsed, intervalMs) * share);
}

const encoder = new TextEncoder();

function inheritedOrigin(): number | undefined {
  const value = Number(process.env[ORIGIN_ENV]);
  // Not from the future, and not from before the machine started.
  return Number.isFinite(value) && value > 0 && value <= processMicros() ? value : undefined;
}

/** Starts the trace of this process in `core` (the main thread's). */
export function startCollector(core: TracerCore, options: CollectorOptions): CollectorLink {
  return new Collector(core, options);
}

class Collector implements CollectorLink {
  readonly heapIntervalMs: number;
  readonly captureLocations: boolean;
  readonly ringBytes: number;
  /** t = 0: inherited from the parent process when it was traced (one clock for every process
   * of a trace), else now. */
  readonly origin = inheritedOrigin() ?? processMicros();
  private readonly sinks: TraceSink[];
  private readonly rings = new Map<number, RingReader>();
  private readonly channel: BroadcastChannel;
  private readonly timer: NodeJS.Timeout;
  private readonly drainIntervalMs: number;
  private readonly backlog = new Backlog();
  private lastDrain = performance.now();
  private lastUtilization = performance.eventLoopUtilization();
  private uncaught: Error | undefined;
  /** The program is ending: the main thread's ring is taken after the others. */
  private exiting = false;
  /** What ISOSCOPE_CLOCK_ORIGIN held before this trace set it. */
  private inheritedEnv: string | undefined;
  private stopped = false;

  constructor(private readonly core: TracerCore, options: CollectorOptions) {
    this.sinks = options.sinks;
    this.heapIntervalMs = options.heapIntervalMs ?? 100;
    this.captureLocations = options.captureLocations ?? false;
    this.ringBytes = options.ringBytes ?? DEFAULT_RING_BYTES;
    // Every process this one starts while it traces (spawnSync and shells included) inherits
    // t = 0; put back as it was when the trace stops.
    this.inheritedEnv = process.env[ORIGIN_ENV];
    process.env[ORIGIN_ENV] = String(this.origin);
    const startTime = new Date(Date.now() - (processMicros() - this.origin) / 1000);
    this.emit(encoder.encode(encodeHeader(makeHeader({ pid: process.pid, ppid: process.ppid, argv: process.argv, node: process.version }, startTime, this.origin))));
    const ring = createRing(this.ringBytes);
    const main = new RingReader(ring);
    main.announce();
    this.rings.set(threadId, main);
    core.attachThread(
      { ring, origin: this.origin, heapIntervalMs: this.heapIntervalMs, captureLocations: this.captureLocations, ringBytes: this.ringBytes },
      () => this.take(true),
    );
    core.record({ type: 'running', t: core.traceNow(), isolate: threadId });
    core.startHeapSampler(this.heapIntervalMs);
    // Its own traffic stays out of the trace (a BroadcastChannel talks through a MessagePort).
    this.channel = core.quietly(() => new BroadcastChannel(RING_CHANNEL));
    this.channel.onmessage = (event) => {
      const { threadId: id, ring: announced } = (event as unknown as { data: RingAnnouncement }).data;
      this.adopt(id, announced);
    };
    this.channel.unref();
    this.drainIntervalMs = options.drainIntervalMs ?? 50;
    this.timer = setInterval(() => this.drainWithinBudget(), this.drainIntervalMs);
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

  /** Moves every record from the rings to the sinks, formatted. */
  drain(): void {
    this.take();
    this.backlog.format(this.emit);
  }

  /** Queues every new record of the rings in the backlog: lent, or copied (which frees the
   * ring's room at once) when the ring is more than half full or `free` is set. */
  private take(free = false): void {
    const main = this.exiting ? this.rings.get(threadId) : undefined;
    for (const [id, ring] of this.rings) if (ring !== main) this.takeRing(id, ring, free);
    if (main) this.takeRing(threadId, main, free);
  }

  private takeRing(id: number, ring: RingReader, free: boolean): void {
    if (!ring.announced) return;
    const exited = ring.exited;
    const runs = ring.lend();
    if (runs) this.backlog.addRuns(id, runs, ring);
    if (free || (!exited && ring.fill > 0.5)) this.backlog.copyLent(ring);
    const dropped = ring.takeDropped(this.stopped);
    if (dropped > 0) this.backlog.addLines(encoder.encode(encodeEvent({ type: 'dropped', t: this.core.traceNow(), isolate: id, count: dropped })));
    if (exited) this.rings.delete(id);
  }

  /** The timer's drain: formats for as long as the budget described at the top allows. */
  private drainWithinBudget(): void {
    this.take();
    const now = performance.now();
    const utilization = performance.eventLoopUtilization(performance.eventLoopUtilization(), this.lastUtilization).utilization;
    const deadline = this.backlog.bytes > MAX_BACKLOG_BYTES ? Infinity : now + formattingBudgetMs(now - this.lastDrain, utilization, this.drainIntervalMs);
    this.backlog.format(this.emit, deadline);
    this.lastDrain = performance.now();
    this.lastUtilization = performance.eventLoopUtilization();
  }

  private readonly emit = (bytes: Uint8Array): void => {
    for (const sink of this.sinks) sink.write(bytes);
  };

  /** Ends the trace: a last heap sample, a last drain, sinks closed. Threads stop recording. */
  stop(): void {
    if (this.stopped) return;
    this.core.sampleHeap();
    this.finish();
  }

  private finish(): void {
    this.stopped = true;
    if (this.inheritedEnv === undefined) delete process.env[ORIGIN_ENV];
    else process.env[ORIGIN_ENV] = this.inheritedEnv;
    this.core.stopHeapSampler();
    // Threads stop recording first (and stop moving the records they hold into their rings):
    // the last drain then takes all there is, and counts what is still held as dropped.
    for (const ring of this.rings.values()) ring.disable();
    this.drain();
    this.rings.clear();
    this.core.detachThread();
    clearInterval(this.timer);
    this.channel.close();
    process.off('uncaughtExceptionMonitor', this.onUncaught);
    process.off('exit', this.onExit);
    for (const sink of this.sinks) sink.close();
  }

  private readonly onUncaught = (error: Error): void => {
    this.uncaught = error instanceof Error ? error : new Error(String(error));
  };

  /** The main isolate's end: its last sample and exit event, then everything is drained.
   * The exit is the last of the process's events in the trace, as readers take the program's
   * end (the findings engine decides then what it held back for threads' late events): what
   * every thread recorded before it is taken first (the main thread's ring first, as always,
   * so a spawn comes before the child's own events), then the other threads' last events,
   * then the exit. */
  private readonly onExit = (code: number): void => {
    if (this.stopped || !this.core.tracingOn()) return;
    // No turn of the event loop is left: the sinks write what they get at once.
    for (const sink of this.sinks) sink.beginExit?.();
    this.core.sampleHeap();
    this.take();
    this.exiting = true;
    const error = this.uncaught;
    this.core.record({
      type: 'exit',
      t: this.core.traceNow(),
      isolate: threadId,
      reason: error ? 'error' : code === 0 ? 'returned' : 'exited',
      code,
      ...(error ? { error: { message: error.message, stack: error.stack ?? String(error) } } : {}),
    });
    this.finish();
  };
}
