// A lane's state bar: starting, then idle to busy by event-loop utilisation, paused spans
// over it, and a marker where the isolate ended (returned, exited, killed, crashed).
import { interpolateRgb } from 'd3';
import { micros } from '../../../src/protocol/time';
import type { Lane } from '../model/traceModel';
import { lowerBound } from '../model/heapColumns';
import { BAR_HEIGHT, BAR_TOP, plotX, type DrawState } from './drawState';
import type { Theme } from './theme';

/** An exit marker as drawn, in plot coordinates: the hit test finds it there. */
export interface ExitMarker {
  x: number;
  y: number;
  lane: Lane;
}

/** Draws `lane`'s state bar at `y` (its top in the plot); its exit marker, if drawn, goes into `markers`. */
export function drawLaneBar(g: CanvasRenderingContext2D, s: DrawState, lane: Lane, y: number, markers: ExitMarker[]): void {
  const { theme } = s;
  const x = plotX(s.x);
  const [t0, t1] = s.view;
  const end = micros(s.model.laneEnd(lane));
  const start = micros(s.model.laneStart(lane));
  const xs = Math.max(-1, x(start));
  const xe = Math.min(s.width + 1, x(end));
  if (xe < 0 || xs > s.width) return;
  const top = y + BAR_TOP;
  // Starting: spawn until it runs its entry (main, never spawned, runs from the start).
  const running = lane.running === undefined ? (lane.kind === 'main' ? start : undefined) : micros(lane.running);
  const runFrom = running ?? end;
  g.fillStyle = theme.starting;
  g.fillRect(xs, top, Math.max(1, Math.min(xe, x(runFrom)) - xs), BAR_HEIGHT);
  // Running: idle to busy by event-loop utilisation between heap samples, one rect per pixel column at most.
  if (running !== undefined) {
    const mix = eluColours(theme);
    const { heapT, elu } = lane;
    // Sample i's ELU describes the time since sample i - 1; after the last, it holds.
    let i = lowerBound(heapT, Math.max(running, t0));
    let columnStart = x(i > 0 ? micros(Math.max(heapT[i - 1]!, running)) : running);
    let busiest = 0;
    for (; i <= heapT.length; i++) {
      const segmentEnd = i < heapT.length ? micros(Math.min(heapT[i]!, end)) : end;
      busiest = Math.max(busiest, i < heapT.length ? elu[i]! : (elu[heapT.length - 1] ?? 0));
      const xEnd = x(segmentEnd);
      const last = i === heapT.length || segmentEnd >= end || segmentEnd >= t1;
      if (xEnd - columnStart >= 1 || last) {
        const left = Math.max(columnStart, xs);
        g.fillStyle = mix[Math.round(busiest * 10)]!;
        g.fillRect(left, top, Math.max(1, Math.min(xEnd, xe) - left), BAR_HEIGHT);
        columnStart = xEnd;
        busiest = 0;
      }
      if (last) break;
    }
  }
  for (const pause of lane.pauses) {
    const p0 = Math.max(xs, x(micros(pause.from)));
    const p1 = Math.min(xe, x(pause.to === undefined ? end : micros(pause.to)));
    if (p1 < 0 || p0 > s.width) continue;
    g.fillStyle = theme.paused;
    g.fillRect(p0, top - 2, Math.max(2, p1 - p0), BAR_HEIGHT + 4);
  }
  if (lane.exit) drawExitMarker(g, s, lane, x(lane.exit.t), top + BAR_HEIGHT / 2, markers);
}

function drawExitMarker(g: CanvasRenderingContext2D, s: DrawState, lane: Lane, x: number, y: number, markers: ExitMarker[]): void {
  if (x < -8 || x > s.width + 8) return;
  const { theme } = s;
  const reason = lane.exit!.reason;
  g.lineWidth = 2;
  if (reason === 'returned' || reason === 'exited') {
    g.fillStyle = theme.returned;
    g.beginPath();
    if (reason === 'returned') g.arc(x, y, 4, 0, Math.PI * 2);
    else g.rect(x - 4, y - 4, 8, 8);
    g.fill();
  } else {
    // Killed while it waited for work (a pool shutting down): an ordinary end's colour.
    const colour = reason === 'killed' ? (lane.kill?.idle ? theme.returned : theme.killed) : theme.crashed;
    if (reason === 'error') {
      g.fillStyle = colour;
      g.beginPath();
      g.arc(x, y, 7, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = theme.background;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.font = `bold ${theme.font}`;
      g.fillText('!', x, y + 0.5);
      g.font = theme.font;
    } else {
      g.strokeStyle = colour;
      g.beginPath();
      g.moveTo(x - 4, y - 4);
      g.lineTo(x + 4, y + 4);
      g.moveTo(x + 4, y - 4);
      g.lineTo(x - 4, y + 4);
      g.stroke();
    }
  }
  markers.push({ x, y, lane });
}

let cachedMix: { key: string; colours: string[] } | undefined;
/** Eleven colours from idle (ELU 0) to busy (ELU 1). */
function eluColours(theme: Theme): string[] {
  const key = theme.idle + theme.busy;
  if (cachedMix?.key !== key) {
    const mix = interpolateRgb(theme.idle, theme.busy);
    cachedMix = { key, colours: Array.from({ length: 11 }, (_, i) => mix(i / 10)) };
  }
  return cachedMix.colours;
}
