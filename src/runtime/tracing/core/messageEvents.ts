// Send and receive events of messages that carry their id: the runtime's own work messages
// (Isolate.run computations, IsolatePool tasks and their results) and the preload's
// envelopes. Such a send is recorded before its post, so a thread terminated right after
// posting cannot leave a receive without its send. (Messages on counted channels — ports,
// a worker's parentPort link, MessageChannels — are recorded with recordSendRecord and
// recordReceiveRecord instead: see channelIds.ts.)
import { threadId } from 'node:worker_threads';
import type { SendEvent, SourceLocation } from '../../../protocol/traceEvents';
import { messageId } from '../../../protocol/traceEncode';
import type { PendingSend, RawMicros, SendDetails } from '../coreApi';
import { estimateSize, transferredBytes } from '../messageSize';
import { newMessageId, record, tracingOn } from './recorder';
import { roundMicros, traceNow } from './clock';

/** Starts a traced send (its id and time), or undefined when tracing is off. */
export function beginSend(): PendingSend | undefined {
  return tracingOn() ? { msg: newMessageId(), t: traceNow() } : undefined;
}

/** Records the send of `payload`; call it before posting. */
export function recordSend(pending: PendingSend | undefined, payload: unknown, details: SendDetails = {}): void {
  if (!pending || !tracingOn()) return;
  const event: SendEvent = { type: 'send', t: pending.t as SendEvent['t'], isolate: threadId, msg: pending.msg, bytes: details.bytes ?? estimateSize(payload), transferred: details.transferred ?? transferredBytes(details.transfer) };
  if (details.port !== undefined) event.port = details.port;
  if (details.to !== undefined) event.to = details.to;
  if (details.location) event.location = details.location;
  record(event);
}

/** A send on a numbered channel that needs more than a binary record (a source location).
 * `to` is -1 when not known. */
export function recordChannelSend(channel: number, seq: number, t: RawMicros, details: { bytes: number; transferred: number; to: number; port?: string; location: SourceLocation | undefined }): void {
  const { to, ...rest } = details;
  recordSend({ msg: messageId(channel, seq >>> 0), t: roundMicros(t) }, undefined, { ...rest, ...(to >= 0 ? { to } : {}) });
}

/** Records that this thread is now handling the message with this trace id. */
export function recordReceive(msg: string | undefined, port?: string): void {
  if (msg !== undefined && tracingOn()) record({ type: 'receive', t: traceNow(), isolate: threadId, msg, ...(port !== undefined ? { port } : {}) });
}
