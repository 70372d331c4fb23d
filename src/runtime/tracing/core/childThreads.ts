// Tracing a new worker thread: before the Worker is constructed, the parent makes the
// child's ring and puts it (with the trace's clock origin and settings) in the environment
// data Node copies into every new worker; after, it hands the ring to the collector, writes
// the spawn event, and only then lets the collector read the child's events — so a child
// never appears in the trace before its spawn. While a child runs, the parent samples it when
// it cannot sample itself (a thread blocked in Atomics.wait: see threadStats.ts).
import { BroadcastChannel, isMainThread, setEnvironmentData } from 'node:worker_threads';
import type { SpawnEvent } from '../../../protocol/traceEvents';
import type { Micros } from '../../../protocol/time';
import { createRing, RingReader } from '../ring';
import { RING_CHANNEL, type CollectorLink, type RingAnnouncement, type SpawnDetails, type ThreadTraceConfig, type TracedChild as TracedChildApi } from '../coreApi';
import { record, threadConfig, tracingOn } from './recorder';
import { roundMicros, traceNow } from './clock';
import { quietly } from './internal';
import { isolateId } from './identity';
import { busyShare, ChildStats, createThreadStats } from './threadStats';

/** What the parent reads of a child's Worker: its event loop, as Node measures it. */
interface ObservedWorker {
  performance: { eventLoopUtilization(current?: EventLoopUtilization, previous?: EventLoopUtilization): EventLoopUtilization };
}
type EventLoopUtilization = import('node:perf_hooks').EventLoopUtilization;

/** The announced children of this thread that still run. */
const running = new Set<TracedChild>();

/** The environment-data key a traced worker finds its ThreadTraceConfig under. */
export const ENV_KEY = 'isoscope:trace';

let collector: CollectorLink | undefined;

/** The main thread's collector registers itself here. */
export function setCollector(value: CollectorLink | undefined): void {
  collector = value;
}

/** The main thread's collector, while a trace runs. */
export function currentCollector(): CollectorLink | undefined {
  return collector;
}

/** A child thread being started under tracing. */
class TracedChild implements TracedChildApi {
  private readonly ring: SharedArrayBuffer;
  private flags: RingReader | undefined;
  private readonly stats = createThreadStats();
  private readonly child = new ChildStats(this.stats);
  private worker: ObservedWorker | undefined;
  /** The parent's last reading of the child's event loop and its waits. */
  private lastLoop: EventLoopUtilization | undefined;
  private lastWaited = 0;

  /** What the child records with: a thread about to start finds it in its environment data;
   * a running thread that Isolate.run reuses is handed it with its next computation. */
  readonly config: ThreadTraceConfig;

  constructor(config: ThreadTraceConfig, running = false) {
    this.ring = createRing(config.ringBytes);
    this.config = { ...config, ring: this.ring, stats: this.stats };
    if (!running) setEnvironmentData(ENV_KEY, this.config);
  }

  /** Call right after the Worker constructor, whether it threw or not. */
  endConstruction(): void {
    setEnvironmentData(ENV_KEY, undefined);
  }

  /** Hands the ring to the collector and records the spawn of isolate `child` (by default the
   * worker's thread), at `t` (by default now). */
  announce(worker: { threadId: number }, details: SpawnDetails, child = worker.threadId, t: Micros = traceNow()): void {
    if (isMainThread) this.flags = collector?.adopt(child, this.ring);
    else {
      quietly(() => {
        const channel = new BroadcastChannel(RING_CHANNEL);
        channel.postMessage({ threadId: child, ring: this.ring } satisfies RingAnnouncement);
        channel.close();
      });
    }
    this.flags ??= new RingReader(this.ring);
    if (typeof (worker as Partial<ObservedWorker>).performance?.eventLoopUtilization === 'function') {
      this.worker = worker as unknown as ObservedWorker;
      running.add(this);
    }
    if (tracingOn()) {
      const event: SpawnEvent = { type: 'spawn', t, isolate: child, parent: isolateId(), kind: details.kind, debugName: details.debugName, entry: details.entry };
      if (details.location) event.location = details.location;
      record(event);
    }
    this.flags.announce();
  }

  /** The thread is gone: the collector drains its ring one last time and lets it go. */
  exited(): void {
    running.delete(this);
    (this.flags ?? new RingReader(this.ring)).markExited();
  }

  waiting(): boolean {
    // A pool's worker that has just sent its last result may not be back in Atomics.wait yet
    // (a few µs of its own code): a millisecond for it to get there, so that its shutdown is
    // not taken for work cut short. (A worker at work costs its killer that millisecond.)
    const until = performance.now() + 1;
    while (!this.child.waiting()) if (performance.now() > until) return false;
    return true;
  }

  /** Reads the child's event loop (Node's count, from this thread) and its waits; records a
   * heap sample for it when it has made none of its own for 1.5 intervals: its heap as it
   * last measured it, and the share of the time since the last reading that it was busy
   * (in its loop and not blocked in Atomics.wait). */
  sampleIfStarved(now: number, intervalMs: number): void {
    const loop = this.worker!.performance.eventLoopUtilization();
    const waited = this.child.waited(now);
    const previous = this.lastLoop;
    const waitedMs = (waited - this.lastWaited) / 1000;
    this.lastLoop = loop;
    this.lastWaited = waited;
    const own = this.child.lastSample();
    if (previous === undefined || own === undefined || now - own.t < 1500 * intervalMs) return;
    const delta = this.worker!.performance.eventLoopUtilization(loop, previous);
    record({ type: 'heap', t: roundMicros(now), isolate: own.isolate, used: own.used, total: own.total, external: own.external, elu: busyShare(delta.active, delta.idle, waitedMs) });
  }
}

/** Samples, from this thread, the running children that cannot sample themselves. */
export function sampleStarvedChildren(now: number, intervalMs: number): void {
  if (!tracingOn()) return;
  for (const child of running) child.sampleIfStarved(now, intervalMs);
}

/** Starts tracing a child about to be constructed, when this thread is traced. `extra`
 * goes into the child's configuration (the preload's parentPort link). */
export function beginChild(extra: Pick<ThreadTraceConfig, 'link'> = {}): TracedChild | undefined {
  const config = threadConfig();
  return config && tracingOn() ? new TracedChild({ ...config, link: undefined, ...extra }) : undefined;
}

/** Starts tracing the next computation of a running thread that Isolate.run reuses (it
 * attaches `config` with becomeIsolate), when this thread is traced. */
export function beginReuse(): TracedChild | undefined {
  const config = threadConfig();
  return config && tracingOn() ? new TracedChild({ ...config, link: undefined }, true) : undefined;
}
