// One clock for every thread of the process: process.hrtime(), which counts from one point
// for the whole process (performance.now() counts from each thread's start, and its wrapper
// checks its receiver on every call: with it, the preload's raw echo ran about 0.08x
// slower, measured side by side).
import type { Micros } from '../../protocol/time';

const { hrtime } = process;
let origin = 0;

/** Microseconds on the process-wide clock, for a trace's origin. */
export function processMicros(): number {
  const time = hrtime();
  return time[0] * 1e6 + time[1] / 1e3;
}

/** Where t = 0 is, on the process-wide clock. Set by the collector, passed to workers. */
export function setOrigin(value: number): void {
  origin = value;
}

export function getOrigin(): number {
  return origin;
}

/** Now, in microseconds since the trace started, to a tenth of a microsecond. */
export function traceNow(): Micros {
  return roundMicros(rawNow());
}

/** A time in microseconds to a tenth of one, as the trace writes it. */
export function roundMicros(t: number): Micros {
  return (Math.round(t * 10) / 10) as Micros;
}

/** Microseconds since the trace started, unrounded: for binary records, which the collector
 * rounds as it formats them (off the busy thread). */
export type RawMicros = number & { readonly __raw: unique symbol };

/** Now, unrounded. */
export function rawNow(): RawMicros {
  const time = hrtime();
  return (time[0] * 1e6 + time[1] / 1e3 - origin) as RawMicros;
}
