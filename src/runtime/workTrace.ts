// Work handed to an isolate (an Isolate.run computation, an IsolatePool task) and its
// result travel on the runtime's control channel, not on user ports; they are traced as
// messages all the same, so the timeline shows what went in and what came back.
import { estimateSize, newMessageId, record, traceNow, tracingOn, transferredBytes } from './tracer';
import { context } from './isolateContext';

/** A send about to happen: its id goes into the payload, the event is recorded with send(). */
export interface PendingSend {
  msg: string;
  t: number;
}

/** Starts a traced send, or undefined when tracing is off. */
export function beginSend(): PendingSend | undefined {
  return tracingOn() ? { msg: newMessageId(), t: traceNow() } : undefined;
}

/** Records the send (call it before posting, so a kill right after cannot lose it). */
export function recordSend(pending: PendingSend | undefined, payload: unknown, options: { to?: number; transfer?: readonly unknown[] } = {}): void {
  if (!pending || !tracingOn()) return;
  record({ type: 'send', t: pending.t as never, isolate: context.isolateId, msg: pending.msg, ...(options.to !== undefined ? { to: options.to } : {}), bytes: estimateSize(payload), transferred: transferredBytes(options.transfer) });
}

/** Records that this isolate is now handling the message with this trace id. */
export function recordReceive(msg: string | undefined): void {
  if (msg !== undefined && tracingOn()) record({ type: 'receive', t: traceNow(), isolate: context.isolateId, msg });
}
