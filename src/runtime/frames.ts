// How a message carries Isoscope's own data, for every sender: the runtime's ports
// (sendPort.ts, receivePort.ts), its wire encoding of runtime objects (wire.ts) and the
// preload's worker_threads wrappers (tracing/workerThreadsPatch.ts). A frame is a plain
// object whose FRAME_KEY holds a small number saying what it is, so one property read tells
// a user's message from a frame, whoever reads it:
//   SKIP      takes the place of a message structured clone refused: the channel's count
//             moves on (see tracing/core/channelIds.ts), nothing is delivered;
//   ATTACH    hands a port's owner a new channel for a new copy of its SendPort;
//   MARKED    a message holding runtime objects (SendPort, Capability…): `m` is the message
//             with wire markers in their place (wire.ts revives them);
//   ENVELOPE  the preload's wrapper around a user's message on a port it cannot number: `m`
//             is the message, `id` its trace id when traced, `ports` the counts of numbered
//             ports that move with it.
// The values are part of the tracer contract (tracing/coreApi.ts, TRACER_ABI).

export const FRAME_KEY = '__isoscope__';
/** Set on a runtime object while one message holding it is posted (see wire.ts). */
export const WIRE_KEY = '__isoscope_wire__';

export const SKIP = 1;
export const ATTACH = 2;
export const MARKED = 3;
export const ENVELOPE = 4;

/** What a frame holds besides its kind. */
export interface AttachFrame {
  [FRAME_KEY]: typeof ATTACH;
  port: unknown;
  channel: number;
}
export interface MarkedFrame {
  [FRAME_KEY]: typeof MARKED;
  m: unknown;
}
export interface EnvelopeFrame<Port = unknown> {
  [FRAME_KEY]: typeof ENVELOPE;
  m: unknown;
  /** The message's trace id ([channel, seq]), when tracing was on. */
  id?: readonly [number, number];
  /** Numbered ports moving with the message: the port and its counts. */
  ports?: [port: Port, sendChannel: number, sent: number, receiveChannel: number, received: number][];
}

/** The kind of frame `data` is, or 0 for a user's message. */
export function frameKind(data: unknown): number {
  if (typeof data !== 'object' || data === null) return 0;
  const kind = (data as Record<string, unknown>)[FRAME_KEY];
  return typeof kind === 'number' ? kind : 0;
}

/** The one SKIP frame (it holds nothing else). */
export const SKIP_FRAME: { readonly [FRAME_KEY]: typeof SKIP } = Object.freeze({ [FRAME_KEY]: SKIP });

/** An ATTACH frame, handing the port's owner `port` as channel number `channel`. */
export function attachFrame(port: unknown, channel: number): AttachFrame {
  return { [FRAME_KEY]: ATTACH, port, channel };
}

/** A MARKED frame around a message that holds wire markers. */
export function markedFrame(message: unknown): MarkedFrame {
  return { [FRAME_KEY]: MARKED, m: message };
}

/** An ENVELOPE frame around a user's message; the preload fills in its id and ports. */
export function envelopeFrame<Port>(message: unknown): EnvelopeFrame<Port> {
  return { [FRAME_KEY]: ENVELOPE, m: message };
}
