// Message bundles as arrows from send to receive: width by message size, dashed when the
// payload was transferred, a "×n" label on bundles of many. Where a view holds more flows
// than it can draw (thinned), thin see-through lines instead.
import type { MessageBundle } from '../model/messageBundles';
import { BAR_HEIGHT, BAR_TOP, plotX, type DrawState } from './drawState';

/** An arrow as drawn, in plot coordinates: the hit test finds its bundle there. */
export interface DrawnArrow {
  bundle: MessageBundle;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

interface CountLabel {
  x: number;
  y: number;
  count: number;
}

/** Draws the arrows of `bundles` whose lanes are shown and that cross the view; returns them as drawn. */
export function drawMessageArrows(g: CanvasRenderingContext2D, s: DrawState, bundles: readonly MessageBundle[], thinned: boolean): DrawnArrow[] {
  const x = plotX(s.x);
  const drawn: DrawnArrow[] = [];
  const labels: CountLabel[] = [];
  const rowOf = s.layout.rowOf;
  // Thinned (more flows than a view can draw): thin see-through lines, darker for busier
  // flows, so overlapping flows read as density rather than a wall.
  const busiest = thinned ? Math.max(1, ...bundles.slice(0, 1).map((b) => b.count)) : 1;
  for (const bundle of bundles) {
    const from = rowOf[bundle.fromLane];
    const to = rowOf[bundle.toLane];
    if (!from || !to) continue;
    const x1 = x(bundle.sendT);
    const x2 = x(bundle.recvT);
    if (x2 < 0 || x1 > s.width) continue;
    const y1 = from.y - s.scrollTop + BAR_TOP + BAR_HEIGHT / 2;
    const y2 = to.y - s.scrollTop + BAR_TOP + BAR_HEIGHT / 2;
    if ((y1 < 0 && y2 < 0) || (y1 > s.height && y2 > s.height)) continue;
    const moved = bundle.transfers * 2 > bundle.count;
    const selected = s.selectedRow !== undefined && bundle.count === 1 && bundle.row === s.selectedRow;
    g.strokeStyle = selected ? s.theme.foreground : moved ? s.theme.transfer : s.theme.message;
    // Width: the (mean) message size, 1 px for a few bytes up to 4 px for megabytes.
    g.lineWidth = thinned ? 1 : Math.min(4, 0.75 + Math.log10(bundle.bytes / bundle.count + 1) / 2) + (selected ? 1.5 : 0);
    g.globalAlpha = thinned ? 0.12 + 0.6 * Math.sqrt(bundle.count / busiest) : 1;
    g.setLineDash(moved ? [5, 3] : []);
    g.beginPath();
    g.moveTo(x1, y1);
    g.lineTo(x2, y2);
    g.stroke();
    g.setLineDash([]);
    if (!thinned && Math.hypot(x2 - x1, y2 - y1) > 8) arrowHead(g, x1, y1, x2, y2, g.strokeStyle as string);
    g.globalAlpha = 1;
    drawn.push({ bundle, x1, y1, x2, y2 });
    if (bundle.count > 1 && (!thinned || labels.length < 24)) placeLabel(s.width, bundle.count, (x1 + x2) / 2, (y1 + y2) / 2, labels);
  }
  // Labels last, so no arrow is drawn over them.
  for (const label of labels) countLabel(g, s, label);
  return drawn;
}

function arrowHead(g: CanvasRenderingContext2D, x1: number, y1: number, x2: number, y2: number, colour: string): void {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  g.fillStyle = colour;
  g.beginPath();
  g.moveTo(x2, y2);
  g.lineTo(x2 - 6 * Math.cos(angle - 0.4), y2 - 6 * Math.sin(angle - 0.4));
  g.lineTo(x2 - 6 * Math.cos(angle + 0.4), y2 - 6 * Math.sin(angle + 0.4));
  g.closePath();
  g.fill();
}

/** Keeps a "×123" label for a bundle, unless another is already within a few pixels. */
function placeLabel(width: number, count: number, x: number, y: number, placed: CountLabel[]): void {
  if (x < 0 || x > width) return;
  for (const p of placed) if (Math.abs(p.x - x) < 34 && Math.abs(p.y - y) < 12) return;
  placed.push({ x, y, count });
}

function countLabel(g: CanvasRenderingContext2D, s: DrawState, { x, y, count }: CountLabel): void {
  const text = `×${count}`;
  const w = g.measureText(text).width + 6;
  g.fillStyle = s.theme.background;
  g.fillRect(x - w / 2, y - 7, w, 14);
  g.fillStyle = s.theme.foreground;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(text, x, y);
}
