// Branded time, so microseconds, milliseconds and pixels never mix (STYLE #11). Convert at
// the edges with the functions below.

/** Microseconds since the trace started, on the one clock every thread of a process shares. */
export type Micros = number & { readonly __unit: 'µs' };

/** Milliseconds, as performance.now() and Date give them. */
export type Millis = number & { readonly __unit: 'ms' };

export const micros = (value: number): Micros => value as Micros;
export const millisToMicros = (ms: number): Micros => (ms * 1000) as Micros;
export const microsToMillis = (us: Micros): Millis => (us / 1000) as Millis;
