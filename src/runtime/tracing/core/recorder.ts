// This thread's recorder. Hooks in the runtime and the preload ask `tracingOn()` first, so
// with tracing off an event costs one check. Events go to the thread's ring — messages as
// binary records (the collector formats them), everything else as NDJSON lines — and to
// node:diagnostics_channel (`isoscope:<type>`) for anyone subscribed in this thread.
import { isolateId } from './identity';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IsolateId, ReceiveEvent, SendEvent, TraceEvent, TraceEventType } from '../../../protocol/traceEvents';
import { encodeEvent } from '../../../protocol/traceEncode';
import { ENABLED_FLAG } from '../ring';
import { RingWriter } from '../ringWriter';
import type { MessageId, RawMicros, ThreadTraceConfig } from '../coreApi';
import { roundMicros, setOrigin } from './clock';
import { newChannelId } from './channelIds';

let writer: RingWriter | undefined;
/** The ring's flags, read directly by tracingOn() (the busiest check there is). */
let flags: Int32Array | undefined;
let config: ThreadTraceConfig | undefined;

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
const sendChannel = channelFor('send');
const receiveChannel = channelFor('receive');

/** True while this thread records events. */
export function tracingOn(): boolean {
  return flags !== undefined && flags[ENABLED_FLAG] === 1;
}

export function threadConfig(): ThreadTraceConfig | undefined {
  return config;
}

/** Records one event. Call only when tracingOn(). */
export function record(event: TraceEvent): void {
  writer!.writeLine(encodeEvent(event));
  const channel = channelFor(event.type);
  if (channel.hasSubscribers) channel.publish(event);
}

/** Records a send as a binary record (the hot path: no object, no text). `t` is from
 * rawNow(); `bufferBytes` the copied bytes of buffers in it; `to` is the receiving isolate
 * and `portId` the port there (they make the event's `port`), -1 when not known. Call only
 * when tracingOn(). */
export function recordSendRecord(t: RawMicros, channel: number, seq: number, bytes: number, transferred: number, bufferBytes: number, to: number, portId: number): void {
  writer!.writeSend(t, channel, seq, bytes, transferred, bufferBytes, to, portId);
  if (sendChannel.hasSubscribers) publishSend(t, channel, seq, bytes, transferred, bufferBytes, to, portId);
}

// The diagnostics_channel events of binary records, apart (rarely wanted, and the recording
// functions stay small for the JIT).
function publishSend(t: RawMicros, channel: number, seq: number, bytes: number, transferred: number, bufferBytes: number, to: number, portId: number): void {
  const event: SendEvent = { type: 'send', t: roundMicros(t), isolate: isolateId(), channel, seq: seq >>> 0, bytes, transferred };
  if (bufferBytes > 0) event.bufferBytes = bufferBytes;
  if (portId >= 0 && to >= 0) event.port = `${to}:${portId}`;
  if (to >= 0) event.to = to;
  sendChannel.publish(event);
}

/** Records that this thread is handling message `seq` of `channel`, on its port `portId`
 * (-1 when not a port of the runtime). Call only when tracingOn(). */
export function recordReceiveRecord(t: RawMicros, channel: number, seq: number, portId: number): void {
  writer!.writeReceive(t, channel, seq, portId);
  if (receiveChannel.hasSubscribers) publishReceive(t, channel, seq, portId);
}

function publishReceive(t: RawMicros, channel: number, seq: number, portId: number): void {
  const event: ReceiveEvent = { type: 'receive', t: roundMicros(t), isolate: isolateId() as IsolateId, channel, seq: seq >>> 0 };
  if (portId >= 0) event.port = `${event.isolate}:${portId}`;
  receiveChannel.publish(event);
}

// Messages whose id travels inside them (the runtime's work messages, the preload's
// envelopes) are numbered on one channel of this thread's own.
let ownChannel = 0;
let nextMessage = 0;

/** A message id unique in the process, for a message that carries its id. */
export function newMessageId(): MessageId {
  if (ownChannel === 0) ownChannel = newChannelId();
  return [ownChannel, ++nextMessage];
}

/** Starts recording this thread into `cfg.ring`. */
export function attachThread(cfg: ThreadTraceConfig, onFull?: () => void): void {
  config = cfg;
  writer = new RingWriter(cfg.ring);
  writer.onFull = onFull;
  flags = new Int32Array(cfg.ring, 0, ENABLED_FLAG + 1);
  setOrigin(cfg.origin);
}

/** How long a thread's exit waits, at most, for the collector to take the records it holds
 * outside its ring (RingWriter.hold). */
const EXIT_FLUSH_MS = 1000;

/** Moves the records this thread holds outside its ring into it, as far as there is room
 * (before it blocks in Atomics.wait, say). */
export function flushHeld(): void {
  writer?.flushHeld();
}

/** The thread is ending: the records it holds get up to EXIT_FLUSH_MS to go into its ring. */
export function finishThread(): void {
  writer?.flushHeldBefore(EXIT_FLUSH_MS);
}

export function detachThread(): void {
  writer?.stop();
  writer = undefined;
  flags = undefined;
  config = undefined;
}
