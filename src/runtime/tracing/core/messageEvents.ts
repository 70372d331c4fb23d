// Send and receive events of messages that carry their id: the runtime's own work messages
// (Isolate.run computations, IsolatePool tasks and their results) and the preload's
// envelopes. Such a send is recorded before its post, so a thread terminated right after
// posting cannot leave a receive without its send. (Messages on counted channels — ports,
// a worker's parentPort link, MessageChannels — are recorded with recordSendRecord and
// recordReceiveRecord instead: see channelIds.ts.)
import type { SendEvent, SourceLocation } from '../../../protocol/traceEvents';
import type { MessageId, PendingSend, RawMicros, SendDetails } from '../coreApi';
import { copiedBufferBytes, estimateSize, transferredBytes } from '../messageSize';
import { newMessageId, record, tracingOn } from './recorder';
import { roundMicros, traceNow } from './clock';
import { isolateId } from './identity';

/** Starts a traced send (its id and time), or undefined when tracing is off. */
export function beginSend(): PendingSend | undefined {
  return tracingOn() ? { id: newMessageId(), t: traceNow() } : undefined;
}

/** Records the send of `payload`; call it before posting. */
export function recordSend(pending: PendingSend | undefined, payload: unknown, details: SendDetails = {}): void {
  if (!pending || !tracingOn()) return;
  const estimated = details.bytes === undefined;
  const bytes = estimated ? estimateSize(payload) : details.bytes!;
  const transferred = details.transferred ?? transferredBytes(details.transfer);
  // Counted by the estimate just made; a caller that measured the size says it too.
  const bufferBytes = details.bufferBytes ?? (estimated ? copiedBufferBytes(transferred) : 0);
  const event: SendEvent = { type: 'send', t: pending.t as SendEvent['t'], isolate: isolateId(), channel: pending.id[0], seq: pending.id[1], bytes, transferred };
  if (bufferBytes > 0) event.bufferBytes = bufferBytes;
  if (details.port !== undefined) event.port = details.port;
  if (details.to !== undefined) event.to = details.to;
  if (details.location) event.location = details.location;
  record(event);
}

/** A send on a numbered channel that needs more than a binary record (a source location).
 * `to` is -1 when not known. */
export function recordChannelSend(channel: number, seq: number, t: RawMicros, details: { bytes: number; transferred: number; bufferBytes: number; to: number; port?: string; location: SourceLocation | undefined }): void {
  const { to, ...rest } = details;
  recordSend({ id: [channel, seq >>> 0], t: roundMicros(t) }, undefined, { ...rest, ...(to >= 0 ? { to } : {}) });
}

/** Records that this thread is now handling the message with this trace id. */
export function recordReceive(id: MessageId | undefined, port?: string): void {
  if (id !== undefined && tracingOn()) record({ type: 'receive', t: traceNow(), isolate: isolateId(), channel: id[0], seq: id[1], ...(port !== undefined ? { port } : {}) });
}
