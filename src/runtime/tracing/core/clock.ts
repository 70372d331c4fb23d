// This thread's trace time: the process-wide clock (processClock.ts) read from the trace's
// origin, which the collector sets and hands to every traced thread.
import type { Micros } from '../../../protocol/time';
import type { RawMicros } from '../coreApi';

const { hrtime } = process;
let origin = 0;

/** Where t = 0 is, on the process-wide clock. Set by the collector, passed to workers. */
export function setOrigin(value: number): void {
  origin = value;
}

/** Now, in microseconds since the trace started, to a tenth of a microsecond. */
export function traceNow(): Micros {
  return roundMicros(rawNow());
}

/** A time in microseconds to a tenth of one, as the trace writes it. */
export function roundMicros(t: number): Micros {
  return (Math.round(t * 10) / 10) as Micros;
}

/** Now, unrounded. (hrtime read directly, as processMicros() does: this runs per message.) */
export function rawNow(): RawMicros {
  const time = hrtime();
  return (time[0] * 1e6 + time[1] / 1e3 - origin) as RawMicros;
}
