// What the app reports as it works, to whoever measures it: in tests and benchmarks, the
// debug handle (timelineDebug.ts). Nothing else sets one, and the app draws and reads the
// same without it.
import type { ReadTimings } from './traceLoading';

/** Where one frame's time went (ms): lanes and heaps, finding bundles, drawing arrows, and the whole frame. */
export interface FrameParts {
  lanes: number;
  bundles: number;
  arrows: number;
  total: number;
}

/** Told of the app's frames and loads as they happen. */
export interface AppObserver {
  /** A frame was drawn. */
  frameDrawn(frame: FrameParts): void;
  /** A trace was read to its end. */
  traceRead(timings: ReadTimings): void;
}
