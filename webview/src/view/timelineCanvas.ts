// The lanes, their states and heaps, and the message arrows: all on one canvas (STYLE #7),
// aggregated per pixel at every zoom level. This class sizes the canvas, has the painters
// draw each visible lane (and where the debugger stopped it) and the bundles of the view,
// and keeps what they drew for the hit test.
import { HEADING_HEIGHT, LANE_HEIGHT } from '../model/laneLayout';
import { BundleCache, ROWS_PER_FRAME, type Thinned } from '../model/bundleCache';
import type { DrawState } from './drawState';
import { drawLaneBar, type ExitMarker } from './laneBars';
import { drawHeapArea } from './heapArea';
import { drawMessageArrows, type DrawnArrow } from './messageArrows';
import { drawPauseBands, type DrawnPause } from './pauseBands';
import { drawFindingMarkers, type DrawnFinding } from './findingMarkers';
import { hitTest, type Hit } from './hitTest';

export class TimelineCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly bundles = new BundleCache();
  private drawn: DrawnArrow[] = [];
  private markers: ExitMarker[] = [];
  private pauses: DrawnPause[] = [];
  private findings: DrawnFinding[] = [];
  private state: DrawState | undefined;
  /** Where the last frame's time went (ms): lanes and heaps, finding bundles, drawing arrows (the debug handle reads it). */
  readonly lastTimings = { lanes: 0, bundles: 0, arrows: 0 };

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { alpha: false })!;
  }

  /** Draws one frame of `state`. */
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
    this.pauses = [];
    const sharedPeak = state.sharedHeapScale ? Math.max(1, ...state.model.lanes.map((l) => l.peakHeap)) : 0;
    // A process's heading (traces of several): a band across the plot, as beside it.
    for (const heading of state.layout.headings) {
      const y = heading.y - state.scrollTop;
      if (y + HEADING_HEIGHT < 0 || y > height) continue;
      g.fillStyle = theme.heading;
      g.fillRect(0, y, width, HEADING_HEIGHT);
      g.fillStyle = theme.grid;
      g.fillRect(0, y + HEADING_HEIGHT - 1, width, 1);
    }
    state.layout.rows.forEach((row, i) => {
      const y = row.y - state.scrollTop;
      if (y + LANE_HEIGHT < 0 || y > height) return;
      // Every other lane striped, as its label is; the selected one highlighted.
      const fill = state.selectedLane === row.lane.index ? theme.selection : i % 2 === 1 ? theme.stripe : undefined;
      if (fill !== undefined) {
        g.fillStyle = fill;
        g.fillRect(0, y, width, LANE_HEIGHT);
      }
      g.fillStyle = theme.grid;
      g.fillRect(0, y + LANE_HEIGHT - 1, width, 1);
      if (state.showStates) drawLaneBar(g, state, row.lane, y, this.markers);
      if (state.showHeap) drawHeapArea(g, state, row.lane, y, sharedPeak || row.lane.peakHeap);
      drawPauseBands(g, state, row.lane, y, this.pauses);
    });
    this.findings = [];
    drawFindingMarkers(g, state, this.findings);
    this.drawn = [];
    this.lastTimings.lanes = performance.now() - started;
    this.lastTimings.bundles = 0;
    this.lastTimings.arrows = 0;
    if (state.showMessages) this.drawMessages(state);
  }

  private drawMessages(s: DrawState): void {
    const [t0, t1] = s.view;
    const usPerPixel = (t1 - t0) / s.width;
    const started = performance.now();
    const bundles = this.bundles.get(s.model.messages, t0, t1, usPerPixel, 3, s.filterVersion, s.model.version, s.acceptMessage, ROWS_PER_FRAME);
    this.lastTimings.bundles = performance.now() - started;
    this.drawn = drawMessageArrows(this.context, s, bundles, this.bundles.thinned !== undefined);
    this.lastTimings.arrows = performance.now() - started - this.lastTimings.bundles;
  }

  /** The arrows of the last frame, in plot coordinates (for tests and benchmarks). */
  arrows(): { x1: number; y1: number; x2: number; y2: number; count: number }[] {
    return this.drawn.map(({ bundle, x1, y1, x2, y2 }) => ({ x1, y1, x2, y2, count: bundle.count }));
  }

  /** The debugger's stops drawn in the last frame, in plot coordinates (for tests). */
  pauseBands(): readonly DrawnPause[] {
    return this.pauses;
  }

  /** The findings' flags drawn in the last frame, in plot coordinates (for tests). */
  findingFlags(): readonly DrawnFinding[] {
    return this.findings;
  }

  /** Set when the view holds more message flows than are drawn (only the busiest are). */
  get thinned(): Thinned | undefined {
    return this.bundles.thinned;
  }

  /** True while newer message bundles are being made a slice per frame: draw again. */
  get needsAnotherFrame(): boolean {
    return this.bundles.pending;
  }

  /** What is under (x, y) in plot coordinates: a marker, a finding, a message, a heap, a lane. */
  hitTest(x: number, y: number): Hit | undefined {
    return this.state ? hitTest(this.state, { markers: this.markers, arrows: this.drawn, pauses: this.pauses, findings: this.findings }, x, y) : undefined;
  }
}
