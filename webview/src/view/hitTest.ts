// "What is under this point?" for the timeline canvas: a finding's flag, an exit marker, then the nearest
// arrow within a few pixels, then where the debugger stopped the lane there, then its heap
// or its bar, at its time.
import { micros, type Micros } from '../../../src/protocol/time';
import type { Lane } from '../model/traceModel';
import { LANE_HEIGHT } from '../model/laneLayout';
import type { MessageBundle } from '../model/messageBundles';
import { HEAP_TOP, type DrawState } from './drawState';
import type { ExitMarker } from './laneBars';
import type { DrawnArrow } from './messageArrows';
import type { DrawnPause } from './pauseBands';
import type { PauseSpan } from '../model/debugPauses';
import type { PlacedFinding } from '../model/findingPlaces';
import type { DrawnFinding } from './findingMarkers';

/** What a point of the plot is on: an arrow's bundle, an exit marker, a lane's heap or bar (at a time). */
export type Hit =
  | { kind: 'bundle'; bundle: MessageBundle }
  | { kind: 'exit'; lane: Lane }
  | { kind: 'finding'; placed: PlacedFinding; lane: Lane }
  | { kind: 'debugPause'; lane: Lane; span: PauseSpan }
  | { kind: 'heap'; lane: Lane; t: Micros }
  | { kind: 'lane'; lane: Lane; t: Micros };

/** What a frame drew that the pointer can be on, in plot coordinates. */
export interface DrawnMarks {
  markers: readonly ExitMarker[];
  arrows: readonly DrawnArrow[];
  pauses: readonly DrawnPause[];
  findings: readonly DrawnFinding[];
}

/** What is under (x, y) in plot coordinates, in the frame drawn from `s` with these marks. */
export function hitTest(s: DrawState, { markers, arrows, pauses, findings }: DrawnMarks, x: number, y: number): Hit | undefined {
  // A finding's flag first: a crash's sits right above its exit marker (the marker's lower half still hits).
  // The last drawn is on top (the most severe).
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i]!;
    if (Math.abs(f.x - x) <= 7 && y >= f.y - 2 && y <= f.y + 9) return { kind: 'finding', placed: f.placed, lane: f.lane };
  }
  for (const m of markers) if (Math.hypot(m.x - x, m.y - y) <= 8) return { kind: 'exit', lane: m.lane };
  let best: DrawnArrow | undefined;
  let bestDistance = 5;
  for (const d of arrows) {
    const distance = segmentDistance(x, y, d.x1, d.y1, d.x2, d.y2);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = d;
    }
  }
  if (best) return { kind: 'bundle', bundle: best.bundle };
  for (const p of pauses) if (x >= p.x1 && x <= p.x2 && y >= p.y1 && y <= p.y2) return { kind: 'debugPause', lane: p.lane, span: p.span };
  const laneY = y + s.scrollTop;
  const row = s.layout.rows.find((r) => laneY >= r.y && laneY < r.y + LANE_HEIGHT);
  if (!row) return undefined;
  const t = micros(s.x.invert(x));
  const inLane = laneY - row.y;
  if (s.showHeap && inLane >= HEAP_TOP && row.lane.heapT.length > 0) return { kind: 'heap', lane: row.lane, t };
  return { kind: 'lane', lane: row.lane, t };
}

function segmentDistance(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length2 = dx * dx + dy * dy;
  const k = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / length2));
  return Math.hypot(px - (x1 + k * dx), py - (y1 + k * dy));
}
