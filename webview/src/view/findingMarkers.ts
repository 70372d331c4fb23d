// The findings on the lanes: a small flag at each finding's start, at the top of the lane of
// the isolate it names, in its severity's colour, and its span (when it has one) as a thin
// band along the lane's foot, faint so the states above it still read.
import type { FindingSeverity } from '../../../src/protocol/findings/findingTypes';
import type { PlacedFinding } from '../model/findingPlaces';
import { LANE_HEIGHT } from '../model/laneLayout';
import type { Lane } from '../model/traceModel';
import { plotX, type DrawState } from './drawState';
import type { Theme } from './theme';

/** A finding's flag as drawn, in plot coordinates (the hit test and the debug handle read it). */
export interface DrawnFinding {
  /** The flag's tip (the finding's start) and the lane's top. */
  x: number;
  y: number;
  placed: PlacedFinding;
  lane: Lane;
}

/** Half the flag's width, and its height, in px. */
const FLAG = 5;

/** The colour of a severity. */
export function severityColour(theme: Theme, severity: FindingSeverity): string {
  return severity === 'error' ? theme.crashed : severity === 'warning' ? theme.warning : theme.info;
}

/** Draws the findings of the lanes shown into `drawn` (the least severe first, so the worst is on top). */
export function drawFindingMarkers(g: CanvasRenderingContext2D, s: DrawState, drawn: DrawnFinding[]): void {
  if (s.findings.length === 0) return;
  const x = plotX(s.x);
  const ordered = [...s.findings].sort((a, b) => rank(a) - rank(b));
  for (const placed of ordered) {
    const row = placed.lane && s.layout.rowOf[placed.lane.index];
    if (!row) continue;
    const top = row.y - s.scrollTop;
    if (top + LANE_HEIGHT < 0 || top > s.height) continue;
    const { start, end, severity } = placed.finding;
    const from = x(start);
    const colour = severityColour(s.theme, severity);
    if (end !== undefined && end > start) {
      const to = x(end);
      if (to >= 0 && from <= s.width) {
        g.save();
        g.globalAlpha = 0.45;
        g.fillStyle = colour;
        g.fillRect(Math.max(-1, from), top + LANE_HEIGHT - 5, Math.min(s.width + 1, to) - Math.max(-1, from), 3);
        g.restore();
      }
    }
    if (from < -FLAG || from > s.width + FLAG) continue;
    // A flag pointing down at the start, outlined in the background so it reads over any bar.
    g.beginPath();
    g.moveTo(from - FLAG, top + 1);
    g.lineTo(from + FLAG, top + 1);
    g.lineTo(from, top + 1 + 2 * FLAG);
    g.closePath();
    g.fillStyle = colour;
    g.fill();
    g.strokeStyle = s.theme.background;
    g.lineWidth = 1;
    g.stroke();
    drawn.push({ x: from, y: top, placed, lane: row.lane });
  }
}

function rank(placed: PlacedFinding): number {
  const { severity } = placed.finding;
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}
