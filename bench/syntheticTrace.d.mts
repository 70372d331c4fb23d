// Types for syntheticTrace.mjs (the tests import it).
import type { TraceEvent } from '../src/protocol/traceEvents';

export interface SyntheticOptions {
  isolates?: number;
  messages?: number;
  durationUs?: number;
  seed?: number;
}
export function syntheticEvents(options?: SyntheticOptions): TraceEvent[];
export function syntheticTrace(options?: SyntheticOptions): string;
/** A seeded PRNG (mulberry32): numbers in [0, 1), the same for the same seed. */
export function random(seed: number): () => number;
