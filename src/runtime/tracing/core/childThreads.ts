// Tracing a new worker thread: before the Worker is constructed, the parent makes the
// child's ring and puts it (with the trace's clock origin and settings) in the environment
// data Node copies into every new worker; after, it hands the ring to the collector, writes
// the spawn event, and only then lets the collector read the child's events — so a child
// never appears in the trace before its spawn.
import { BroadcastChannel, isMainThread, setEnvironmentData, threadId } from 'node:worker_threads';
import type { SpawnEvent } from '../../../protocol/traceEvents';
import { createRing, RingReader } from '../ring';
import { RING_CHANNEL, type CollectorLink, type RingAnnouncement, type SpawnDetails, type ThreadTraceConfig, type TracedChild as TracedChildApi } from '../coreApi';
import { record, threadConfig, tracingOn } from './recorder';
import { traceNow } from './clock';
import { quietly } from './internal';

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

  constructor(config: ThreadTraceConfig) {
    this.ring = createRing(config.ringBytes);
    setEnvironmentData(ENV_KEY, { ...config, ring: this.ring });
  }

  /** Call right after the Worker constructor, whether it threw or not. */
  endConstruction(): void {
    setEnvironmentData(ENV_KEY, undefined);
  }

  /** Hands the ring to the collector and records the spawn. */
  announce(worker: { threadId: number }, details: SpawnDetails): void {
    const child = worker.threadId;
    if (isMainThread) this.flags = collector?.adopt(child, this.ring);
    else {
      quietly(() => {
        const channel = new BroadcastChannel(RING_CHANNEL);
        channel.postMessage({ threadId: child, ring: this.ring } satisfies RingAnnouncement);
        channel.close();
      });
    }
    this.flags ??= new RingReader(this.ring);
    if (tracingOn()) {
      const event: SpawnEvent = { type: 'spawn', t: traceNow(), isolate: child, parent: threadId, kind: details.kind, debugName: details.debugName, entry: details.entry };
      if (details.location) event.location = details.location;
      record(event);
    }
    this.flags.announce();
  }

  /** The thread is gone: the collector drains its ring one last time and lets it go. */
  exited(): void {
    (this.flags ?? new RingReader(this.ring)).markExited();
  }
}

/** Starts tracing a child about to be constructed, when this thread is traced. `extra`
 * goes into the child's configuration (the preload's parentPort link). */
export function beginChild(extra: Pick<ThreadTraceConfig, 'link'> = {}): TracedChild | undefined {
  const config = threadConfig();
  return config && tracingOn() ? new TracedChild({ ...config, link: undefined, ...extra }) : undefined;
}
