// The preload's view of messages on plain MessagePorts: what it adds to a post and takes off
// an arrival (installed on MessagePort.prototype by workerThreadsPatch.ts). It touches only
// ports whose both ends it knows:
//   - numbered ports (a MessageChannel's, a Worker and its parentPort): each end counts what
//     it posts and what arrives on a channel (core/channelIds.ts), so a message travels
//     as it is and is recorded as a binary send and receive;
//   - a BroadcastChannel's port, which has many senders: its messages travel in an ENVELOPE
//     frame (frames.ts) that carries their id;
//   - a message that moves numbered ports to another thread travels in an ENVELOPE with the
//     ports' counts, so their new owner goes on counting.
// Every other port is left alone, whatever it carries: Node's own ports (a Worker's
// internal one, the module-hooks thread's of a custom loader) speak a protocol that an
// envelope would break.
import type { MessagePort } from 'node:worker_threads';
import type { TracerCore } from './coreApi';
import { copiedBufferBytes, estimateSize, transferredBytes } from './messageSize';
import { CHANNEL_STATE, ENVELOPED } from './marks';
import { callerLocation } from '../callerLocation';
import { ENVELOPE, SKIP, SKIP_FRAME, envelopeFrame, frameKind, type EnvelopeFrame } from '../frames';

/** A numbered port's two channels: the one it posts on and the one it receives from. */
export interface PortState {
  sendChannel: number;
  sent: number;
  receiveChannel: number;
  received: number;
  /** The isolate at the other end, when known (a worker, or a worker's parent); else -1. */
  to: number;
}

/** Where a numbered port keeps its counts (markInternal() deletes them). */
const STATE = CHANNEL_STATE;

export function stateOf(port: unknown): PortState | undefined {
  return (port as Record<symbol, PortState | undefined>)[STATE];
}

export function number(port: object, sendChannel: number, receiveChannel: number, to: number): void {
  (port as Record<symbol, PortState>)[STATE] = { sendChannel, sent: 0, receiveChannel, received: 0, to };
}

export function markEnveloped(port: object): void {
  (port as Record<symbol, boolean>)[ENVELOPED] = true;
}

function isEnveloped(port: unknown): boolean {
  return (port as Record<symbol, boolean | undefined>)[ENVELOPED] === true;
}

// The tracer core's functions, bound once by bindCore() (these run for every message).
let core: TracerCore;
let tracingOn: TracerCore['tracingOn'];
let isQuiet: TracerCore['isQuiet'];
let rawNow: TracerCore['rawNow'];
let recordSendRecord: TracerCore['recordSendRecord'];
let recordReceiveRecord: TracerCore['recordReceiveRecord'];

export function bindCore(value: TracerCore): void {
  core = value;
  ({ tracingOn, isQuiet, rawNow, recordSendRecord, recordReceiveRecord } = value);
}

export const SKIPPED = Symbol('skipped');

/** A message arriving on `port`: records its receive, and returns what user code gets
 * (SKIPPED for a skip frame). `data` is returned as it is from a port the preload does not
 * know. */
export function arrived(port: unknown, data: unknown): unknown {
  const state = stateOf(port);
  if (state === undefined && !isEnveloped(port)) return data;
  const kind = frameKind(data);
  if (kind === 0) {
    if (state === undefined) return data;
    const seq = ++state.received;
    if (tracingOn()) recordReceiveRecord(rawNow(), state.receiveChannel, seq, -1);
    return data;
  }
  if (kind === SKIP) {
    if (state !== undefined) state.received++;
    return SKIPPED;
  }
  if (kind !== ENVELOPE) return data;
  const envelope = data as EnvelopeFrame<MessagePort>;
  if (envelope.ports) for (const [moved, sendChannel, sent, receiveChannel, received] of envelope.ports) (moved as unknown as Record<symbol, PortState>)[STATE] = { sendChannel, sent, receiveChannel, received, to: -1 };
  // (An envelope is not counted on its channel: it carries its own id.)
  if (envelope.id !== undefined) core.recordReceive(envelope.id);
  return envelope.m;
}

type Post = (this: unknown, value: unknown, transfer?: unknown) => unknown;

/** Node's own postMessage, kept on MessagePort.prototype: called as a method of the port, it
 * is a direct call to native code (through Function.prototype.call it is not). */
export const NODE_POST = Symbol('isoscope.nodePostMessage');
type NodePoster = { [NODE_POST]: Post };

/** Posts through Node's postMessage, passing the transfer argument only if one was given
 * (Node tells postMessage(v) from postMessage(v, undefined)). */
function postVia(port: unknown, payload: unknown, withTransfer: boolean, transfer: unknown): unknown {
  return withTransfer ? (port as NodePoster)[NODE_POST](payload, transfer) : (port as NodePoster)[NODE_POST](payload);
}

/** The postMessage that MessagePort.prototype gets. The common cases (a numbered port, no
 * transfer list or an empty one, which tinypool passes with every task and result) go
 * straight to sendNumbered(), a small function, as they run for every message. */
export function tracedPost(): Post {
  return function postMessage(this: unknown, value: unknown, transfer?: unknown): unknown {
    // A numbered port is never internal (markInternal drops the numbers).
    const state = stateOf(this);
    if (state !== undefined) {
      if (arguments.length < 2) return sendNumbered(this, state, value, false, undefined, 0);
      if (Array.isArray(transfer) && transfer.length === 0) return sendNumbered(this, state, value, true, transfer, 0);
    }
    return postOther(this, state, value, arguments.length >= 2, transfer);
  };
}

/** A post on a numbered port that moves no numbered port: counted, and recorded as a binary
 * send (`transferred`: the bytes its transfer list moves). */
function sendNumbered(port: unknown, state: PortState, value: unknown, withTransfer: boolean, transfer: unknown, transferred: number): unknown {
  if (!tracingOn() || isQuiet()) {
    const result = postVia(port, value, withTransfer, transfer);
    state.sent++;
    return result;
  }
  const t = rawNow();
  const bytes = estimateSize(value);
  const bufferBytes = copiedBufferBytes(transferred);
  const seq = ++state.sent;
  if (core.threadConfig()!.captureLocations) core.recordChannelSend(state.sendChannel, seq, t, { bytes, transferred, bufferBytes, to: state.to, location: callerLocation() });
  else recordSendRecord(t, state.sendChannel, seq, bytes, transferred, bufferBytes, state.to, -1);
  try {
    return postVia(port, value, withTransfer, transfer);
  } catch (error) {
    // Refused: the number is spent; a SKIP frame takes its place, so the counts agree.
    postVia(port, SKIP_FRAME, false, undefined);
    throw error;
  }
}

/** Every other post: with a transfer list, moving numbered ports, or on a port that is not
 * numbered (left alone unless it is a BroadcastChannel's). */
function postOther(port: unknown, state: PortState | undefined, value: unknown, withTransfer: boolean, transfer: unknown): unknown {
  const enveloped = state === undefined && isEnveloped(port);
  if (state === undefined && (!enveloped || isQuiet())) return postVia(port, value, withTransfer, transfer);
  const list = withTransfer ? (Array.isArray(transfer) ? transfer : (transfer as { transfer?: unknown[] } | undefined)?.transfer) : undefined;
  const moved = list?.filter((item): item is MessagePort => stateOf(item) !== undefined);
  // (Sizes are read before posting: transferring empties the buffers.)
  if (state !== undefined && !moved?.length) return sendNumbered(port, state, value, withTransfer, transfer, tracingOn() ? transferredBytes(list) : 0);
  const envelope = envelopeFrame<MessagePort>(value);
  if (moved?.length) envelope.ports = moved.map((moving) => {
    const s = stateOf(moving)!;
    return [moving, s.sendChannel, s.sent, s.receiveChannel, s.received];
  });
  const pending = tracingOn() && !isQuiet() ? core.beginSend() : undefined;
  if (pending) {
    envelope.id = pending.id;
    core.recordSend(pending, value, { transfer: list, location: core.threadConfig()?.captureLocations ? callerLocation() : undefined });
  }
  // BroadcastChannel reads the result (its handle is a MessagePort): pass it on.
  return postVia(port, envelope, withTransfer, transfer);
}
