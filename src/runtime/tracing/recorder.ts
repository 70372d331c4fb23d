// This thread's recorder. Hooks in the runtime and the preload ask `tracingOn()` first, so
// with tracing off an event costs one check. Events go to the thread's ring as NDJSON, and
// to node:diagnostics_channel (`isoscope:<type>`) for anyone subscribed in this thread.
import { threadId } from 'node:worker_threads';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { TraceEvent, TraceEventType } from '../../protocol/traceEvents';
import { encodeEvent } from '../../protocol/traceEncode';
import { RingWriter } from './ring';
import { setOrigin } from './clock';

/** What a traced thread needs to know; a parent hands it to each worker it starts. */
export interface ThreadTraceConfig {
  ring: SharedArrayBuffer;
  /** t = 0 on the process-wide clock. */
  origin: number;
  heapIntervalMs: number;
  captureLocations: boolean;
  ringBytes: number;
}

let writer: RingWriter | undefined;
let config: ThreadTraceConfig | undefined;
let nextMessage = 0;

const channels = new Map<TraceEventType, diagnosticsChannel.Channel>();

/** The diagnostics channel events of one type are published on. */
export function channelFor(type: TraceEventType): diagnosticsChannel.Channel {
  let channel = channels.get(type);
  if (!channel) {
    channel = diagnosticsChannel.channel(`isoscope:${type}`);
    channels.set(type, channel);
  }
  return channel;
}

/** True while this thread records events. */
export function tracingOn(): boolean {
  return writer !== undefined && writer.enabled;
}

export function threadConfig(): ThreadTraceConfig | undefined {
  return config;
}

/** Records one event. Call only when tracingOn(). */
export function record(event: TraceEvent): void {
  writer!.write(encodeEvent(event));
  const channel = channelFor(event.type);
  if (channel.hasSubscribers) channel.publish(event);
}

/** A message id unique in the process: the sending thread, then a count. */
export function newMessageId(): string {
  return `${threadId}:${++nextMessage}`;
}

/** Starts recording this thread into `cfg.ring`. */
export function attachThread(cfg: ThreadTraceConfig, onFull?: () => void): RingWriter {
  config = cfg;
  writer = new RingWriter(cfg.ring);
  writer.onFull = onFull;
  setOrigin(cfg.origin);
  return writer;
}

export function detachThread(): void {
  writer = undefined;
  config = undefined;
}
