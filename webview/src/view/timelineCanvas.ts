// The lanes, their states and heaps, and the message arrows: all on one canvas (STYLE #7),
// aggregated per pixel at every zoom level. Also answers "what is under this point?".
import { interpolateRgb } from 'd3';
import { micros, type Micros } from '../../../src/protocol/time';
import type { TraceModel, Lane } from '../model/traceModel';
import { LANE_HEIGHT, type LaneLayout } from '../model/laneLayout';
import { heapColumns, lowerBound } from '../model/heapColumns';
import type { MessageBundle } from '../model/messageBundles';
import { BundleCache, ROWS_PER_FRAME } from '../model/bundleCache';
import type { Theme } from './theme';
import type { TimeScale } from './timeControls';

export const BAR_TOP = 6;
export const BAR_HEIGHT = 10;
export const HEAP_TOP = 19;
export const HEAP_HEIGHT = 23;

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
}

export type Hit =
  | { kind: 'bundle'; bundle: MessageBundle }
  | { kind: 'exit'; lane: Lane }
  | { kind: 'heap'; lane: Lane; t: Micros }
  | { kind: 'lane'; lane: Lane; t: Micros };

interface DrawnBundle {
  bundle: MessageBundle;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export class TimelineCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly bundles = new BundleCache();
  private drawn: DrawnBundle[] = [];
  private markers: { x: number; y: number; lane: Lane }[] = [];
  private state: DrawState | undefined;
  /** Bundles drawn in the last frame (for tests and the bench). */
  lastBundleCount = 0;
  /** Where the last frame's time went (ms): lanes and heaps, finding bundles, drawing arrows. */
  lastTimings = { lanes: 0, bundles: 0, arrows: 0 };

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { alpha: false })!;
  }

  draw(state: DrawState): void {
    const started = performance.now();
    this.state = state;
    const { width, height, theme } = state;
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const g = this.context;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = theme.background;
    g.fillRect(0, 0, width, height);
    g.font = theme.font;
    this.markers = [];
    const sharedPeak = state.sharedHeapScale ? Math.max(1, ...state.model.lanes.map((l) => l.peakHeap)) : 0;
    for (const row of state.layout.rows) {
      const y = row.y - state.scrollTop;
      if (y + LANE_HEIGHT < 0 || y > height) continue;
      if (state.selectedLane === row.lane.index) {
        g.fillStyle = theme.selection;
        g.fillRect(0, y, width, LANE_HEIGHT);
      }
      g.fillStyle = theme.grid;
      g.fillRect(0, y + LANE_HEIGHT - 1, width, 1);
      if (state.showStates) this.drawBar(row.lane, y);
      if (state.showHeap) this.drawHeap(row.lane, y, sharedPeak || row.lane.peakHeap);
    }
    this.drawn = [];
    this.lastBundleCount = 0;
    this.lastTimings.lanes = performance.now() - started;
    this.lastTimings.bundles = 0;
    this.lastTimings.arrows = 0;
    if (state.showMessages) this.drawMessages();
  }

  private drawBar(lane: Lane, y: number): void {
    const s = this.state!;
    const g = this.context;
    const { theme, x } = s;
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
    if (lane.exit) this.drawExit(lane, x(lane.exit.t), top + BAR_HEIGHT / 2);
  }

  private drawExit(lane: Lane, x: number, y: number): void {
    if (x < -8 || x > this.state!.width + 8) return;
    const g = this.context;
    const { theme } = this.state!;
    const reason = lane.exit!.reason;
    g.lineWidth = 2;
    if (reason === 'returned' || reason === 'exited') {
      g.fillStyle = theme.returned;
      g.beginPath();
      if (reason === 'returned') g.arc(x, y, 4, 0, Math.PI * 2);
      else g.rect(x - 4, y - 4, 8, 8);
      g.fill();
    } else {
      const colour = reason === 'killed' ? theme.killed : theme.crashed;
      if (reason === 'error') {
        g.fillStyle = colour;
        g.beginPath();
        g.arc(x, y, 7, 0, Math.PI * 2);
        g.fill();
        g.fillStyle = theme.background;
        g.textAlign = 'center';
        g.textBaseline = 'middle';
        g.font = `bold ${this.state!.theme.font}`;
        g.fillText('!', x, y + 0.5);
        g.font = this.state!.theme.font;
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
    this.markers.push({ x, y, lane });
  }

  private drawHeap(lane: Lane, y: number, peak: number): void {
    const s = this.state!;
    if (lane.heapT.length === 0 || peak <= 0) return;
    const { x } = s;
    const [t0, t1] = s.view;
    const usPerPixel = (t1 - t0) / s.width;
    const points = heapColumns(lane, t0, t1, usPerPixel);
    if (points.length === 0) return;
    const g = this.context;
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

  private drawMessages(): void {
    const s = this.state!;
    const g = this.context;
    const { x } = s;
    const [t0, t1] = s.view;
    const usPerPixel = (t1 - t0) / s.width;
    const started = performance.now();
    const bundles = this.bundles.get(s.model.messages, t0, t1, usPerPixel, 3, s.filterVersion, s.model.version, s.acceptMessage, ROWS_PER_FRAME);
    this.lastTimings.bundles = performance.now() - started;
    const labels: { x: number; y: number; count: number }[] = [];
    const rowOf = s.layout.rowOf;
    // Thinned (more flows than a view can draw): thin see-through lines, darker for busier
    // flows, so overlapping flows read as density rather than a wall.
    const thinned = this.bundles.thinned !== undefined;
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
      if (!thinned && Math.hypot(x2 - x1, y2 - y1) > 8) this.arrowHead(x1, y1, x2, y2, g.strokeStyle as string);
      g.globalAlpha = 1;
      this.drawn.push({ bundle, x1, y1, x2, y2 });
      if (bundle.count > 1 && (!thinned || labels.length < 24)) this.placeLabel(bundle.count, (x1 + x2) / 2, (y1 + y2) / 2, labels);
    }
    // Labels last, so no arrow is drawn over them.
    for (const label of labels) this.countLabel(label);
    this.lastBundleCount = this.drawn.length;
    this.lastTimings.arrows = performance.now() - started - this.lastTimings.bundles;
  }

  private arrowHead(x1: number, y1: number, x2: number, y2: number, colour: string): void {
    const g = this.context;
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
  private placeLabel(count: number, x: number, y: number, placed: { x: number; y: number; count: number }[]): void {
    if (x < 0 || x > this.state!.width) return;
    for (const p of placed) if (Math.abs(p.x - x) < 34 && Math.abs(p.y - y) < 12) return;
    placed.push({ x, y, count });
  }

  private countLabel({ x, y, count }: { x: number; y: number; count: number }): void {
    const g = this.context;
    const text = `×${count}`;
    const w = g.measureText(text).width + 6;
    g.fillStyle = this.state!.theme.background;
    g.fillRect(x - w / 2, y - 7, w, 14);
    g.fillStyle = this.state!.theme.foreground;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(text, x, y);
  }

  /** The arrows of the last frame, in plot coordinates. */
  arrows(): { x1: number; y1: number; x2: number; y2: number; count: number }[] {
    return this.drawn.map(({ bundle, x1, y1, x2, y2 }) => ({ x1, y1, x2, y2, count: bundle.count }));
  }

  /** Set when the view holds more message flows than are drawn (only the busiest are). */
  get thinned(): { bundles: number; ofBundles: number; messages: number; ofMessages: number } | undefined {
    return this.bundles.thinned;
  }

  /** True while newer message bundles are being made a slice per frame: draw again. */
  get needsAnotherFrame(): boolean {
    return this.bundles.pending;
  }

  /** What is under (x, y) in plot coordinates: a marker, a message, a heap, a lane. */
  hitTest(x: number, y: number): Hit | undefined {
    const s = this.state;
    if (!s) return undefined;
    for (const m of this.markers) if (Math.hypot(m.x - x, m.y - y) <= 8) return { kind: 'exit', lane: m.lane };
    let best: DrawnBundle | undefined;
    let bestDistance = 5;
    for (const d of this.drawn) {
      const distance = segmentDistance(x, y, d.x1, d.y1, d.x2, d.y2);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = d;
      }
    }
    if (best) return { kind: 'bundle', bundle: best.bundle };
    const laneY = y + s.scrollTop;
    const row = s.layout.rows.find((r) => laneY >= r.y && laneY < r.y + LANE_HEIGHT);
    if (!row) return undefined;
    const t = micros(s.x.invert(x));
    const inLane = laneY - row.y;
    if (s.showHeap && inLane >= HEAP_TOP && row.lane.heapT.length > 0) return { kind: 'heap', lane: row.lane, t };
    return { kind: 'lane', lane: row.lane, t };
  }
}

function segmentDistance(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length2 = dx * dx + dy * dy;
  const k = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / length2));
  return Math.hypot(px - (x1 + k * dx), py - (y1 + k * dy));
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
