// What one frame of the timeline canvas is drawn from. The painters (laneBars, heapArea,
// messageArrows) and the hit test all read the same state, so what is hit is what was drawn.
import type { Micros } from '../../../src/protocol/time';
import type { TraceModel } from '../model/traceModel';
import type { LaneLayout } from '../model/laneLayout';
import type { Lane } from '../model/traceModel';
import type { PauseSpan } from '../model/debugPauses';
import type { PlacedFinding } from '../model/findingPlaces';
import type { Theme } from './theme';
import type { TimeScale } from './timeControls';

/** Where a lane's marks sit, in px from the lane's top: the state bar, then the heap area under it. */
export const BAR_TOP = 6;
export const BAR_HEIGHT = 10;
export const HEAP_TOP = 19;
export const HEAP_HEIGHT = 23;

/**
 * The scale's time → x as plain arithmetic, for the painters' loops: the scale's own domain
 * and range in d3's own formula, so every pixel is the same to the bit. Calling the d3 scale
 * there instead cost about a millisecond a frame with a thousand arrows in Chromium (measured
 * against this), a sixth of the frame. Only µs go in, pixels come out.
 */
export function plotX(x: TimeScale): (t: Micros) => number {
  const [d0, d1] = x.domain();
  const [r0, r1] = x.range();
  return (t) => {
    const u = (t - d0) / (d1 - d0);
    return r0 * (1 - u) + r1 * u;
  };
}

/** Everything one frame is drawn from: the app makes a new one for each frame. */
export interface DrawState {
  model: TraceModel;
  layout: LaneLayout;
  /** The visible time range, and time → x in the plot over it: TimeControls' own scale, so
   * the canvas, the axis and the zoom never disagree about where a time is drawn. */
  view: readonly [Micros, Micros];
  x: TimeScale;
  /** The plot's size in CSS pixels. */
  width: number;
  height: number;
  /** How far the lanes are scrolled down. */
  scrollTop: number;
  theme: Theme;
  sharedHeapScale: boolean;
  showHeap: boolean;
  showMessages: boolean;
  showStates: boolean;
  acceptMessage: ((row: number) => boolean) | undefined;
  filterVersion: number;
  selectedLane: number | undefined;
  selectedRow: number | undefined;
  /** Where the debugger stopped a lane's thread (debugPauses.ts). */
  pausesOf: (lane: Lane) => readonly PauseSpan[];
  /** The trace's findings, each on its lane (findingPlaces.ts). */
  findings: readonly PlacedFinding[];
}
