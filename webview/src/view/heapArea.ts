// A lane's heap under its state bar: used heap as a filled area with a line on top, at most
// one point per pixel column (heapColumns), scaled to the lane's peak or to every lane's.
import type { Lane } from '../model/traceModel';
import { heapColumns } from '../model/heapColumns';
import { HEAP_HEIGHT, HEAP_TOP, plotX, type DrawState } from './drawState';

/** Draws `lane`'s used heap at `y` (the lane's top in the plot), `peak` bytes filling the area's height. */
export function drawHeapArea(g: CanvasRenderingContext2D, s: DrawState, lane: Lane, y: number, peak: number): void {
  if (lane.heapT.length === 0 || peak <= 0) return;
  const x = plotX(s.x);
  const [t0, t1] = s.view;
  const usPerPixel = (t1 - t0) / s.width;
  const points = heapColumns(lane, t0, t1, usPerPixel);
  if (points.length === 0) return;
  const base = y + HEAP_TOP + HEAP_HEIGHT;
  const h = (used: number): number => base - (used / peak) * HEAP_HEIGHT;
  g.beginPath();
  g.moveTo(x(points[0]!.t), base);
  for (const p of points) g.lineTo(x(p.t), h(p.used));
  g.lineTo(x(points[points.length - 1]!.t), base);
  g.closePath();
  g.fillStyle = s.theme.heap;
  g.fill();
  g.beginPath();
  points.forEach((p, i) => (i === 0 ? g.moveTo(x(p.t), h(p.used)) : g.lineTo(x(p.t), h(p.used))));
  g.strokeStyle = s.theme.heapLine;
  g.lineWidth = 1;
  g.stroke();
}
