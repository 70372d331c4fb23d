// Tracing a new worker thread: before the Worker is constructed, the parent makes the
// child's ring and puts it (with the trace's clock origin and settings) in the environment
// data Node copies into every new worker; after, it hands the ring to the collector, writes
// the spawn event, and only then lets the collector read the child's events — so a child
// never appears in the trace before its spawn.
import { BroadcastChannel, isMainThread, setEnvironmentData, threadId, type Worker } from 'node:worker_threads';
import type { SpawnEvent } from '../../protocol/traceEvents';
import { createRing, RingReader } from './ring';
import { record, threadConfig, tracingOn, type ThreadTraceConfig } from './recorder';
import { traceNow } from './clock';
import { quietly } from './internal';
import type { Collector } from './collector';

/** Worker threads whose parent is itself a worker announce their ring on this channel. */
export const RING_CHANNEL = `isoscope:trace-rings:${process.pid}`;

export interface RingAnnouncement {
  threadId: number;
  ring: SharedArrayBuffer;
}

/** The environment-data key a traced worker finds its ThreadTraceConfig under. */
export const ENV_KEY = 'isoscope:trace';

let collector: Collector | undefined;

/** The main thread's collector registers itself here. */
export function setCollector(value: Collector | undefined): void {
  collector = value;
}

export type SpawnDetails = Pick<SpawnEvent, 'kind' | 'debugName' | 'entry' | 'location'>;

/** A child thread being started under tracing. */
export class TracedChild {
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
  announce(worker: Worker, details: SpawnDetails): void {
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
