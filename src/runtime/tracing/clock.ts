// One clock for every thread of the process. performance.now() is cheap but each thread
// counts from its own start; process.hrtime is one clock for the whole process but slower.
// Each thread measures, once, how far its performance.now() is from hrtime, and stamps
// events with performance.now() plus that offset: the trace's clock is hrtime, read cheaply.
import type { Micros } from '../../protocol/time';

// Measured on first use: touching `performance` loads perf_hooks (~1 ms in a new thread),
// which an untraced isolate should not pay for.
let offset: number | undefined;
let origin = 0;
/** perf_hooks' performance, kept: the global `performance` is a getter on every read. */
let clock: { now(): number } | undefined;

function calibrate(): number {
  clock = (require('node:perf_hooks') as typeof import('node:perf_hooks')).performance;
  let best = Infinity;
  let found = 0;
  for (let i = 0; i < 7; i++) {
    const before = performance.now();
    const hr = Number(process.hrtime.bigint()) / 1000;
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      found = hr - ((before + after) / 2) * 1000;
    }
  }
  return found;
}

/** Microseconds on the process-wide clock (hrtime), for a trace's origin. */
export function processMicros(): number {
  offset ??= calibrate();
  return performance.now() * 1000 + offset;
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
  offset ??= calibrate();
  return roundMicros(performance.now() * 1000 + offset - origin);
}

/** A time in microseconds to a tenth of one, as the trace writes it. */
export function roundMicros(t: number): Micros {
  return (Math.round(t * 10) / 10) as Micros;
}

/** Microseconds since the trace started, unrounded: for binary records, which the collector
 * rounds as it formats them (off the busy thread). */
export type RawMicros = number & { readonly __raw: unique symbol };

/** Now, unrounded; the thread must have called traceNow() once (attachThread does). */
export function rawNow(): RawMicros {
  return (clock!.now() * 1000 + offset! - origin) as RawMicros;
}

/** For tests: re-measure the offset. */
export function recalibrate(): void {
  offset = calibrate();
}
