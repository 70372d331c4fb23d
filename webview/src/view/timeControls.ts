// Time on the x axis only: d3-zoom for wheel, drag and keyboard, a d3-axis, and the overview
// strip with a d3-brush to pick a range. The visible range (µs) is the one source of truth;
// the zoom transform is derived from it whenever the trace grows.
import { axisTop, brushX, scaleLinear, select, zoom, zoomIdentity, type D3BrushEvent, type D3ZoomEvent, type ScaleLinear, type ZoomBehavior } from 'd3';
import { micros, type Micros } from '../../../src/protocol/time';
import { formatMicros } from '../format';

/** Time (µs) to x in the plot (CSS px) over the visible range: the one mapping the axis and the canvas both use. */
export type TimeScale = ScaleLinear<number, number>;

export interface TimeControlsOptions {
  plot: HTMLElement;
  axis: SVGSVGElement;
  overview: SVGSVGElement;
  onChange: () => void;
}

/** Shortest visible range: 10 µs across the plot. */
const MIN_SPAN_US = 10;

export class TimeControls {
  /** The whole trace, and what is shown of it (µs). */
  extent: [Micros, Micros] = [micros(0), micros(1)];
  view: [Micros, Micros] = [micros(0), micros(1)];
  width = 1;
  private readonly zoomBehavior: ZoomBehavior<HTMLElement, unknown>;
  private readonly brush = brushX<unknown>();
  private quiet = false;
  private axisKey = '';

  constructor(private readonly options: TimeControlsOptions) {
    this.zoomBehavior = zoom<HTMLElement, unknown>()
      // Shift+wheel scrolls the lanes instead; any button but the main one is left alone.
      .filter((event: Event) => (event.type === 'wheel' ? !(event as WheelEvent).shiftKey : !(event as MouseEvent).button))
      .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        if (this.quiet) return;
        const [t0, t1] = event.transform.rescaleX(this.base()).domain();
        this.view = [micros(t0), micros(t1)];
        this.syncBrush();
        options.onChange();
      });
    select(options.plot).call(this.zoomBehavior).on('dblclick.zoom', null);
    this.brush.on('end', (event: D3BrushEvent<unknown>) => {
      if (!event.sourceEvent || this.quiet) return;
      const selection = event.selection as [number, number] | null;
      if (!selection || selection[1] - selection[0] < 2) {
        this.fitAll();
        return;
      }
      const x = this.base();
      this.setView([micros(x.invert(selection[0])), micros(x.invert(selection[1]))]);
    });
    options.plot.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** The whole trace across the plot. */
  base(): ScaleLinear<number, number> {
    return scaleLinear().domain(this.extent).range([0, this.width]);
  }

  /** The visible range across the plot. */
  scale(): TimeScale {
    return scaleLinear().domain(this.view).range([0, this.width]);
  }

  /** True when the whole trace is in view. */
  get fitted(): boolean {
    return this.view[0] <= this.extent[0] && this.view[1] >= this.extent[1];
  }

  /** The trace grew, or the plot was resized: keep the visible range (or the whole trace, when it was fitted). */
  update(extent: [Micros, Micros], width: number, follow: boolean): void {
    const nextExtent: [Micros, Micros] = extent[1] > extent[0] ? extent : [extent[0], micros(extent[0] + 1)];
    const nextWidth = Math.max(1, width);
    // Most frames (a pan, a zoom) change neither: nothing to set up again.
    if (nextExtent[0] === this.extent[0] && nextExtent[1] === this.extent[1] && nextWidth === this.width) return;
    const wasFitted = this.fitted;
    const span = this.view[1] - this.view[0];
    this.extent = nextExtent;
    this.width = nextWidth;
    const scaleExtent: [number, number] = [1, Math.max(1, (this.extent[1] - this.extent[0]) / MIN_SPAN_US)];
    this.zoomBehavior.scaleExtent(scaleExtent).extent([[0, 0], [this.width, 1]]).translateExtent([[0, 0], [this.width, 1]]);
    this.brush.extent([[0, 0], [this.width, this.overviewHeight()]]);
    select(this.options.overview).attr('width', this.width).selectAll<SVGGElement, unknown>('g.brush').data<unknown>([null]).join('g').attr('class', 'brush').call(this.brush);
    if (wasFitted) this.view = [...this.extent];
    else if (follow) this.view = [micros(Math.max(this.extent[0], this.extent[1] - span)), this.extent[1]];
    this.applyView();
  }

  /** Shows `view`, kept inside the trace and at least a few µs wide. */
  setView(view: [Micros, Micros]): void {
    const [a, b] = [micros(Math.max(this.extent[0], view[0])), micros(Math.min(this.extent[1], view[1]))];
    this.view = b - a >= MIN_SPAN_US / 10 ? [a, b] : [a, micros(a + MIN_SPAN_US)];
    this.applyView();
    this.options.onChange();
  }

  /** Shows the whole trace. */
  fitAll(): void {
    this.setView([...this.extent]);
  }

  /** Zooms by `factor` (>1 in) around the middle of the view. */
  zoomBy(factor: number): void {
    select(this.options.plot).call(this.zoomBehavior.scaleBy, factor, [this.width / 2, 0]);
  }

  /** Moves the view by `fraction` of its span (negative: earlier), staying inside the trace. */
  panBy(fraction: number): void {
    const span = this.view[1] - this.view[0];
    let a = this.view[0] + span * fraction;
    a = Math.max(this.extent[0], Math.min(this.extent[1] - span, a));
    this.setView([micros(a), micros(a + span)]);
  }

  /** Draws the time axis of the view, when the view or the width changed since it was last drawn. */
  drawAxis(): void {
    const key = `${this.view[0]}|${this.view[1]}|${this.width}`;
    if (key === this.axisKey) return;
    this.axisKey = key;
    const svg = select(this.options.axis).attr('width', this.width);
    svg.selectAll<SVGGElement, unknown>('g').data([null]).join('g').attr('transform', 'translate(0,22)')
      .call(axisTop(this.scale()).ticks(Math.max(2, Math.floor(this.width / 110))).tickFormat((t) => formatMicros(t as number)))
      // The labels at either end stay inside the plot.
      .selectAll<SVGTextElement, number>('.tick text')
      .attr('text-anchor', (t) => (this.scale()(t) < 24 ? 'start' : this.scale()(t) > this.width - 24 ? 'end' : 'middle'));
  }

  private applyView(): void {
    const [e0, e1] = this.extent;
    const k = (e1 - e0) / (this.view[1] - this.view[0]);
    const x = -((this.view[0] - e0) / (e1 - e0)) * this.width * k;
    this.quiet = true;
    try {
      select(this.options.plot).call(this.zoomBehavior.transform, zoomIdentity.translate(x, 0).scale(k));
      this.syncBrush();
    } finally {
      this.quiet = false;
    }
  }

  private syncBrush(): void {
    const x = this.base();
    const g = select(this.options.overview).select<SVGGElement>('g.brush');
    if (g.empty()) return;
    const wasQuiet = this.quiet;
    this.quiet = true;
    try {
      g.call(this.brush.move, this.fitted ? null : [x(this.view[0]), x(this.view[1])]);
    } finally {
      this.quiet = wasQuiet;
    }
  }

  private overviewHeight(): number {
    return this.options.overview.clientHeight || 40;
  }

  private onKey(event: KeyboardEvent): void {
    const actions: Record<string, () => void> = {
      '+': () => this.zoomBy(1.5),
      '=': () => this.zoomBy(1.5),
      '-': () => this.zoomBy(1 / 1.5),
      ArrowLeft: () => this.panBy(-0.1),
      ArrowRight: () => this.panBy(0.1),
      '0': () => this.fitAll(),
      f: () => this.fitAll(),
    };
    const action = actions[event.key];
    if (action && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      action();
    }
  }
}
