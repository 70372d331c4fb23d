// The marks the tracer puts on ports, channels and workers. They are Symbol.for keys, so
// every copy of isoscope in a thread reads the same marks (part of the tracer contract,
// coreApi.ts).

/** A runtime-owned port, channel or worker, whose traffic the preload leaves alone. */
export const INTERNAL = Symbol.for('isoscope.internal');
/** Where the preload keeps a numbered port's counts (portTracing.ts). */
export const CHANNEL_STATE = Symbol.for('isoscope.channel');
/** A port whose messages travel in envelopes (a BroadcastChannel's). */
export const ENVELOPED = Symbol.for('isoscope.enveloped');
