// A lane's heap as drawn: at most one point per pixel column (the column's highest used
// heap), so a lane with a million samples costs a pass over the visible ones only.
import { micros, type Micros } from '../../../src/protocol/time';
import type { Lane } from './traceModel';

export interface HeapPoint {
  t: Micros;
  used: number;
}

/** The first index in sorted `values` that is at least `t`. */
export function lowerBound(values: readonly number[], t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Points to draw for [t0, t1] at `usPerPixel`: every sample when they are sparse, else the peak of each column. */
export function heapColumns(lane: Lane, t0: number, t1: number, usPerPixel: number): HeapPoint[] {
  const { heapT, heapUsed } = lane;
  // One sample either side, so the area runs to the edges of the view.
  const first = Math.max(0, lowerBound(heapT, t0) - 1);
  const last = Math.min(heapT.length - 1, lowerBound(heapT, t1));
  const points: HeapPoint[] = [];
  let column = NaN;
  for (let i = first; i <= last; i++) {
    const t = heapT[i]!;
    const c = Math.floor((t - t0) / usPerPixel);
    if (c === column) {
      const point = points[points.length - 1]!;
      if (heapUsed[i]! > point.used) point.used = heapUsed[i]!;
    } else {
      points.push({ t: micros(t), used: heapUsed[i]! });
      column = c;
    }
  }
  return points;
}

/** The sample nearest to `t` (for hovering), or undefined when the lane has none. */
export function heapAt(lane: Lane, t: number): { t: number; used: number; total: number; elu: number } | undefined {
  const { heapT } = lane;
  if (heapT.length === 0) return undefined;
  const i = lowerBound(heapT, t);
  const j = i === 0 ? 0 : i === heapT.length ? i - 1 : t - heapT[i - 1]! <= heapT[i]! - t ? i - 1 : i;
  return { t: heapT[j]!, used: lane.heapUsed[j]!, total: lane.heapTotal[j]!, elu: lane.elu[j]! };
}
