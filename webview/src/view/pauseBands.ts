// Where the debugger stopped a thread: a hatched band across its whole lane, from the stop to
// the resume (or to the end of the trace while it is still stopped), with a solid edge where
// it stopped. Hatched, so it reads apart from the isolate's own paused state (a solid bar).
import { micros } from '../../../src/protocol/time';
import type { Lane } from '../model/traceModel';
import type { PauseSpan } from '../model/debugPauses';
import { LANE_HEIGHT } from '../model/laneLayout';
import { plotX, type DrawState } from './drawState';

/** A band as drawn, in plot coordinates (the hit test and the debug handle read it). */
export interface DrawnPause {
  x1: number;
  x2: number;
  /** Its top and bottom. */
  y1: number;
  y2: number;
  lane: Lane;
  span: PauseSpan;
}

/** Narrowest band drawn, so a stop of a few µs still shows. */
const MIN_WIDTH = 4;

/** Draws `lane`'s debugger stops at `y` (its top in the plot) into `drawn`. */
export function drawPauseBands(g: CanvasRenderingContext2D, s: DrawState, lane: Lane, y: number, drawn: DrawnPause[]): void {
  const spans = s.pausesOf(lane);
  if (spans.length === 0) return;
  const x = plotX(s.x);
  const colour = s.theme.debugPaused;
  const y1 = y + 1;
  const y2 = y + LANE_HEIGHT - 2;
  for (const span of spans) {
    const from = x(span.from);
    const to = Math.max(from + MIN_WIDTH, x(span.to ?? micros(Math.max(s.model.end, span.from))));
    if (to < 0 || from > s.width) continue;
    const x1 = Math.max(-1, from);
    const x2 = Math.min(s.width + 1, to);
    g.save();
    g.globalAlpha = 0.14;
    g.fillStyle = colour;
    g.fillRect(x1, y1, x2 - x1, y2 - y1);
    g.globalAlpha = 0.6;
    g.fillStyle = hatch(g, colour);
    g.fillRect(x1, y1, x2 - x1, y2 - y1);
    g.globalAlpha = 1;
    g.fillStyle = colour;
    if (from >= -2) g.fillRect(from, y1, 2, y2 - y1);
    if (span.to !== undefined && to <= s.width + 2) g.fillRect(to - 1, y1, 1, y2 - y1);
    g.restore();
    drawn.push({ x1, x2, y1, y2, lane, span });
  }
}

let cachedHatch: { colour: string; pattern: CanvasPattern } | undefined;
/** Diagonal lines in `colour`, 6 px apart. */
function hatch(g: CanvasRenderingContext2D, colour: string): CanvasPattern | string {
  if (cachedHatch?.colour === colour) return cachedHatch.pattern;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return colour;
  t.strokeStyle = colour;
  t.lineWidth = 1.5;
  t.beginPath();
  // One diagonal and the corners of the next, so tiles join into unbroken lines.
  t.moveTo(0, 6);
  t.lineTo(6, 0);
  t.moveTo(-1, 1);
  t.lineTo(1, -1);
  t.moveTo(5, 7);
  t.lineTo(7, 5);
  t.stroke();
  const pattern = g.createPattern(tile, 'repeat');
  if (!pattern) return colour;
  cachedHatch = { colour, pattern };
  return pattern;
}
