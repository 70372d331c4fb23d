// The timeline app: takes messages from its host (a whole trace, or live batches), keeps the
// model, and draws lanes, heaps and messages with the controls around them.
import type { SourceLocation, TraceEvent } from '../../src/protocol/traceEvents';
import { TraceReader, formatProblem, type TraceProblem } from '../../src/protocol/traceReader';
import type { FromTimeline, ToTimeline } from '../../src/protocol/webviewMessages';
import { micros, type Micros } from '../../src/protocol/time';
import { TraceModel, type Lane } from './model/traceModel';
import { layOutLanes, LANE_HEIGHT, type LaneLayout } from './model/laneLayout';
import { heapAt } from './model/heapColumns';
import { formatBytes, formatCount, formatMicros } from './format';
import { clear, el } from './view/dom';
import { readTheme, type Theme } from './view/theme';
import { TimelineCanvas } from './view/timelineCanvas';
import type { Hit } from './view/hitTest';
import { TimeControls } from './view/timeControls';
import { renderDetails, type Selection } from './view/detailsPanel';
import { renderStats } from './view/statsPanel';
import { FilterBar, type Filters } from './view/filterBar';
import { drawOverview } from './view/overview';

export interface Host {
  post(message: FromTimeline): void;
  /** True in VS Code, where a source link opens the editor; in a report it only shows file:line. */
  canOpenLocations: boolean;
}

export class App {
  model = new TraceModel();
  private name = '';
  private live = false;
  private liveEnded: string | undefined;
  private layout: LaneLayout = { rows: [], rowOf: [], height: 0 };
  private selection: Selection | undefined;
  private theme: Theme;
  private frame = 0;
  private statsDirty = true;
  private lastStatsAt = -Infinity;
  private statsTimer: ReturnType<typeof setTimeout> | undefined;
  private filterVersion = 0;
  private laidOutVersion = -1;
  private opening = 0;
  private readonly dom = buildDom();
  private readonly canvas: TimelineCanvas;
  private readonly time: TimeControls;
  private readonly filterBar: FilterBar;
  /** When the first frame with events was drawn (ms since the page started): the bench reads it. */
  firstFrameAt: number | undefined;
  /** Frame times (ms) of the last draws, and where each went: the bench reads them. */
  readonly frameTimes: number[] = [];
  readonly frameParts: { lanes: number; bundles: number; arrows: number; total: number }[] = [];
  /** How long reading the last opened trace took (ms): unpacking and parsing its text, building the model. */
  readonly loadTimings = { parse: 0, model: 0, startedAt: performance.now() };

  constructor(root: HTMLElement, private readonly host: Host) {
    root.append(this.dom.app);
    this.theme = readTheme(this.dom.app);
    this.canvas = new TimelineCanvas(this.dom.canvas);
    this.time = new TimeControls({ plot: this.dom.plot, axis: this.dom.axis, overview: this.dom.overviewSvg, onChange: () => this.requestDraw() });
    this.filterBar = new FilterBar(this.dom.filters, () => {
      this.filterVersion++;
      this.relayout();
    });
    this.dom.scroller.addEventListener('scroll', () => this.requestDraw());
    this.dom.plot.addEventListener('wheel', (event) => {
      if (event.shiftKey) this.dom.scroller.scrollTop += event.deltaY || event.deltaX;
    });
    this.dom.plot.addEventListener('mousemove', (event) => this.hover(event));
    this.dom.plot.addEventListener('mouseleave', () => (this.dom.tooltip.hidden = true));
    this.dom.plot.addEventListener('click', (event) => this.click(event));
    this.dom.plot.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.select(undefined);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        this.dom.scroller.scrollTop += (event.key === 'ArrowDown' ? 1 : -1) * LANE_HEIGHT;
      }
    });
    this.dom.details.addEventListener('closed', () => this.select(undefined));
    this.dom.fit.addEventListener('click', () => this.time.fitAll());
    this.dom.heapScale.addEventListener('change', () => this.requestDraw());
    this.dom.statsToggle.addEventListener('click', () => {
      this.dom.stats.hidden = !this.dom.stats.hidden;
      this.dom.statsToggle.setAttribute('aria-pressed', String(!this.dom.stats.hidden));
      this.statsDirty = true;
      this.requestDraw();
    });
    this.dom.follow.addEventListener('change', () => this.requestDraw());
    new ResizeObserver(() => this.requestDraw()).observe(this.dom.plot);
    // VS Code changes the body's class when the theme changes.
    new MutationObserver(() => {
      this.theme = readTheme(this.dom.app);
      this.requestDraw();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.showState();
  }

  /** A message from the host. */
  handle(message: ToTimeline): void {
    switch (message.type) {
      case 'open': {
        // The same reading as a report's: one chunk.
        const text = message.text;
        const chunks = new ReadableStream<string>({ start: (controller) => (controller.enqueue(text), controller.close()) });
        this.openStream(message.name, chunks).catch((error: unknown) => this.showFailure(`The trace cannot be read: ${(error as Error).message}`));
        break;
      }
      case 'liveStart':
        this.reset(message.name, true);
        break;
      case 'events':
        this.model.addEvents(message.events);
        this.dataChanged();
        break;
      case 'problem':
        this.model.addProblem(message.problem);
        this.dataChanged();
        break;
      case 'liveEnd':
        this.liveEnded = message.reason;
        this.dataChanged();
        break;
    }
  }

  private reset(name: string, live: boolean): void {
    if (live) this.opening++;
    this.model = new TraceModel();
    this.laidOutVersion = -1;
    this.name = name;
    this.live = live;
    this.liveEnded = undefined;
    this.selection = undefined;
    this.dom.follow.checked = live;
    this.dom.followLabel.hidden = !live;
    this.time.view = [micros(0), micros(1)];
    this.time.extent = [micros(0), micros(1)];
    this.dataChanged();
  }

  /** Opens a trace that arrives as a stream of text (a report's embedded trace as it is
   * unpacked, or a host's whole text as one chunk): events go into the model as each chunk is
   * read, with progress shown. */
  async openStream(name: string, chunks: ReadableStream<string>): Promise<void> {
    // A later open (or live session) supersedes this one: it stops at its next chunk.
    const opening = ++this.opening;
    this.reset(name, false);
    this.showLoading(`Reading ${name}…`);
    const started = performance.now();
    let building = 0;
    let batch: TraceEvent[] = [];
    const problems: TraceProblem[] = [];
    const reader = new TraceReader({ onEvent: (event) => batch.push(event), onProblem: (problem) => problems.push(problem), onHeader: (header) => (this.model.header = header) });
    let shownAt = 0;
    let read = 0;
    const source = chunks.getReader();
    for (;;) {
      const { done, value } = await source.read();
      if (opening !== this.opening) {
        void source.cancel();
        return;
      }
      if (done) break;
      read += value.length;
      reader.write(value);
      const built = performance.now();
      this.model.addEvents(batch);
      building += performance.now() - built;
      batch = [];
      if (performance.now() - shownAt > 200) {
        this.showLoading(`Reading ${name}: ${formatCount(this.model.events.length)} events (${formatBytes(read)})…`);
        shownAt = performance.now();
      }
    }
    reader.end();
    this.model.addEvents(batch);
    for (const problem of problems) this.model.addProblem(problem);
    // Unpacking and parsing, then building the model, interleaved chunk by chunk.
    this.loadTimings.parse = performance.now() - started - building;
    this.loadTimings.model = building;
    this.dataChanged();
  }

  private dataChanged(): void {
    this.statsDirty = true;
    this.filterBar.update(this.model);
    // Live batches mostly add events to lanes already shown: lay out again only when lanes came or changed.
    if (this.model.laneVersion !== this.laidOutVersion) this.relayout();
    else this.requestDraw();
    this.showState();
  }

  private relayout(): void {
    this.laidOutVersion = this.model.laneVersion;
    const filters = this.filterBar.filters;
    this.layout = layOutLanes(this.model.lanes, (lane) => isLaneShown(lane, filters));
    this.renderLabels();
    this.requestDraw();
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws now (the bench and tests call it to time one frame). */
  draw(): void {
    const started = performance.now();
    const model = this.model;
    const width = this.dom.plot.clientWidth;
    const extent: [Micros, Micros] = model.isEmpty ? [micros(0), micros(1)] : [micros(Math.min(0, model.start)), micros(model.end)];
    this.time.update(extent, width, this.live && this.dom.follow.checked);
    this.dom.spacer.style.height = `${Math.max(0, this.layout.height - this.dom.scroller.clientHeight)}px`;
    this.dom.labels.style.height = `${this.layout.height}px`;
    const filters = this.filterBar.filters;
    const { bytes } = model.messages;
    const minBytes = filters.minBytes;
    this.canvas.draw({
      model,
      layout: this.layout,
      view: this.time.view,
      x: this.time.scale(),
      width,
      height: this.dom.scroller.clientHeight,
      scrollTop: this.dom.scroller.scrollTop,
      theme: this.theme,
      sharedHeapScale: this.dom.heapScale.checked,
      showHeap: filters.kinds.heap,
      showMessages: filters.kinds.messages,
      showStates: filters.kinds.states,
      acceptMessage: minBytes > 0 ? (row) => bytes[row]! >= minBytes : undefined,
      filterVersion: this.filterVersion,
      selectedLane: this.selection?.kind === 'lane' ? this.selection.lane.index : undefined,
      selectedRow: this.selection?.kind === 'message' ? this.selection.row : undefined,
    });
    if (this.canvas.needsAnotherFrame) this.requestDraw();
    this.time.drawAxis();
    drawOverview(this.dom.overviewCanvas, model, this.time.extent, width, this.theme);
    this.renderHeader();
    this.renderStatsSoon();
    if (!model.isEmpty) this.firstFrameAt ??= performance.now();
    const total = performance.now() - started;
    this.frameTimes.push(total);
    this.frameParts.push({ ...this.canvas.lastTimings, total });
    if (this.frameTimes.length > 1000) {
      this.frameTimes.splice(0, 500);
      this.frameParts.splice(0, 500);
    }
  }

  /** The stats table sums every event: while events stream in, at most once a second. */
  private renderStatsSoon(): void {
    if (this.dom.stats.hidden || !this.statsDirty || this.statsTimer !== undefined) return;
    const wait = Math.max(0, this.lastStatsAt + 1000 - performance.now());
    this.statsTimer = setTimeout(() => {
      this.statsTimer = undefined;
      if (this.dom.stats.hidden || !this.statsDirty) return;
      renderStats(this.dom.stats, this.model);
      this.statsDirty = false;
      this.lastStatsAt = performance.now();
    }, wait);
  }

  /** The visible time range (µs): tests read it. */
  get visibleRange(): [Micros, Micros] {
    return [...this.time.view];
  }

  get drawnBundles(): number {
    return this.canvas.arrows().length;
  }

  /** The middle of each arrow drawn, in page coordinates: tests point the mouse there. */
  arrowPoints(): { x: number; y: number; count: number }[] {
    const plot = this.dom.plot.getBoundingClientRect();
    const top = this.dom.scroller.getBoundingClientRect().top;
    return this.canvas.arrows().map((a) => ({ x: plot.left + (a.x1 + a.x2) / 2, y: top + (a.y1 + a.y2) / 2, count: a.count }));
  }

  private renderHeader(): void {
    const { isolates, messages, events } = this.model.counts();
    const parts = [`${formatCount(isolates)} isolates · ${formatCount(messages)} messages · ${formatCount(events)} events`];
    if (this.model.dropped > 0) parts.push(`${formatCount(this.model.dropped)} dropped`);
    const thinned = this.filterBar.filters.kinds.messages ? this.canvas.thinned : undefined;
    if (thinned) parts.push(`busiest ${formatCount(thinned.bundles)} of ${formatCount(thinned.ofBundles)} flows drawn (${Math.round((100 * thinned.messages) / thinned.ofMessages)}% of messages)`);
    this.dom.counts.title = thinned ? 'More message flows than can be drawn at this zoom: the busiest are. Zoom in to see every message.' : '';
    if (this.live) parts.push(this.liveEnded ? `live session ended: ${this.liveEnded}` : 'live');
    this.dom.counts.textContent = parts.join(' · ');
    this.dom.title.textContent = this.name;
  }

  private renderLabels(): void {
    clear(this.dom.labels);
    for (const row of this.layout.rows) {
      const lane = row.lane;
      const label = el('button', { class: `lane-label${lane.exit?.reason === 'error' ? ' crashed' : ''}`, style: `top:${row.y}px;padding-left:${8 + row.depth * 12}px`, title: `${lane.debugName} (isolate ${lane.id})`, 'data-isolate': String(lane.id) },
        el('span', { class: 'name' }, lane.debugName), ' ', el('span', { class: 'muted' }, `#${lane.id}`));
      label.addEventListener('click', () => this.select({ kind: 'lane', lane }));
      this.dom.labels.append(label);
    }
  }

  /** While a big trace is being unpacked and read. */
  showLoading(message: string): void {
    this.showMessage('state loading-state', message, 'Large traces take a few seconds.');
  }

  /** When there is no trace to read at all. */
  showFailure(message: string): void {
    this.showMessage('state error-state', 'This trace cannot be read', message);
  }

  private showMessage(className: string, title: string, detail: string): void {
    clear(this.dom.state);
    this.dom.state.className = className;
    this.dom.state.hidden = false;
    this.dom.axisRow.hidden = true;
    this.dom.state.append(el('h2', {}, title), el('p', { class: 'muted' }, detail));
  }

  private showState(): void {
    const model = this.model;
    const errors = model.problems.filter((p) => p.severity === 'error');
    clear(this.dom.state);
    clear(this.dom.problems);
    this.dom.state.hidden = true;
    this.dom.problems.hidden = true;
    this.dom.axisRow.hidden = model.isEmpty;
    if (model.isEmpty && errors.length > 0) {
      this.dom.state.hidden = false;
      this.dom.state.className = 'state error-state';
      const list = el('ul', {});
      for (const problem of errors.slice(0, 20)) list.append(el('li', {}, formatProblem(problem)));
      this.dom.state.append(el('h2', {}, 'This trace cannot be read'), el('p', {}, `${this.name}: the reader found ${errors.length} error(s) and no events.`), list);
    } else if (model.isEmpty) {
      this.dom.state.hidden = false;
      this.dom.state.className = 'state empty-state';
      this.dom.state.append(
        el('h2', {}, this.live ? 'Waiting for the first events…' : 'No trace yet'),
        el('p', {}, 'Record one by running your program under the isoscope command:'),
        el('pre', {}, 'npx isoscope record -o app.isotrace -- node app.js\nnpx isoscope report app.isotrace -o timeline.html'),
        el('p', {}, 'In VS Code, start a debug session: Isoscope shows its isolates here as they run.'),
      );
    } else if (model.problems.length > 0) {
      this.dom.problems.hidden = false;
      const shown = model.problems.slice(0, 5).map((p) => el('li', {}, formatProblem(p)));
      this.dom.problems.append(el('strong', {}, `${model.problems.length} problem(s) in the trace; every good event is shown.`), el('ul', {}, ...shown));
    }
  }

  private hover(event: MouseEvent): void {
    const hit = this.hitAt(event);
    const tip = this.dom.tooltip;
    const text = hit ? this.describe(hit) : undefined;
    if (!text) {
      tip.hidden = true;
      this.dom.plot.style.cursor = '';
      return;
    }
    this.dom.plot.style.cursor = hit!.kind === 'bundle' || hit!.kind === 'exit' ? 'pointer' : '';
    tip.textContent = text;
    tip.hidden = false;
    const box = this.dom.app.getBoundingClientRect();
    const x = event.clientX - box.left + 14;
    tip.style.left = `${Math.min(x, box.width - tip.offsetWidth - 4)}px`;
    tip.style.top = `${event.clientY - box.top + 14}px`;
  }

  private hitAt(event: MouseEvent): Hit | undefined {
    const box = this.dom.plot.getBoundingClientRect();
    return this.canvas.hitTest(event.clientX - box.left, event.clientY - this.dom.scroller.getBoundingClientRect().top);
  }

  private describe(hit: Hit): string | undefined {
    const model = this.model;
    switch (hit.kind) {
      case 'bundle': {
        const b = hit.bundle;
        const from = model.lanes[b.fromLane]!.debugName;
        const to = model.lanes[b.toLane]!.debugName;
        if (b.count > 1) return `${formatCount(b.count)} messages ${from} → ${to}\n${formatBytes(b.bytes)} in all, ${b.transfers} transferred\nlongest queue latency ${formatMicros(b.maxLatency)}`;
        const send = model.messages.sends[b.row];
        const port = send?.port ? `\nport ${send.port}` : '';
        return `message ${from} → ${to}\n${formatBytes(b.bytes / b.count)} ${b.transfers > 0 ? 'transferred' : 'copied'}${port}\nqueue latency ${formatMicros(b.recvT - b.sendT)}`;
      }
      case 'exit': {
        const exit = hit.lane.exit!;
        return `${hit.lane.debugName} ${exit.reason === 'error' ? `crashed: ${exit.error?.message ?? 'uncaught error'}` : exit.reason} at ${formatMicros(exit.t)}${exit.reason === 'error' ? '\n(click for the stack)' : ''}`;
      }
      case 'heap': {
        const sample = heapAt(hit.lane, hit.t);
        return sample ? `${hit.lane.debugName} heap ${formatBytes(sample.used)} used of ${formatBytes(sample.total)} at ${formatMicros(sample.t)}\nevent loop ${Math.round(sample.elu * 100)}% busy` : undefined;
      }
      case 'lane':
        return `${hit.lane.debugName} #${hit.lane.id} at ${formatMicros(hit.t)}`;
    }
  }

  private click(event: MouseEvent): void {
    const hit = this.hitAt(event);
    if (!hit) return this.select(undefined);
    if (hit.kind === 'bundle') this.select(hit.bundle.count === 1 ? { kind: 'message', row: hit.bundle.row } : { kind: 'bundle', bundle: hit.bundle });
    else this.select({ kind: 'lane', lane: hit.lane });
  }

  select(selection: Selection | undefined): void {
    this.selection = selection;
    renderDetails(this.dom.details, selection, {
      model: this.model,
      select: (s) => this.select(s),
      openLocation: this.host.canOpenLocations ? (location: SourceLocation) => this.host.post({ type: 'openLocation', location }) : undefined,
    });
    this.requestDraw();
  }
}

function isLaneShown(lane: Lane, filters: Filters): boolean {
  if (filters.hidden.has(lane.id)) return false;
  const query = filters.search.trim().toLowerCase();
  if (!query) return true;
  if (lane.debugName.toLowerCase().includes(query)) return true;
  for (const port of lane.ports.values()) if (port.port.toLowerCase().includes(query) || port.debugName?.toLowerCase().includes(query)) return true;
  return false;
}

/** What the marks mean, as DOM text with swatches coloured by the same theme variables. */
function legend(): HTMLElement {
  const swatch = (name: string, cls: string) => el('span', { class: 'legend-item' }, el('span', { class: `swatch ${cls}` }), name);
  return el('footer', { class: 'legend', 'aria-label': 'Legend' },
    swatch('starting', 'starting'), swatch('idle', 'idle'), swatch('busy', 'busy'), swatch('paused', 'paused'), swatch('heap used', 'heap'),
    swatch('message (copied)', 'message'), swatch('message (transferred)', 'transfer'),
    swatch('returned', 'returned'), swatch('exit()', 'exited'), swatch('killed', 'killed'), swatch('crashed', 'crashed'),
    el('span', { class: 'muted' }, 'wheel or +/− zoom · drag or ←/→ pan · 0 fit all · shift+wheel or ↑/↓ scroll lanes'));
}

function buildDom() {
  const title = el('span', { class: 'title' });
  const counts = el('span', { class: 'counts', role: 'status' });
  const filters = el('div', { class: 'filters' });
  const heapScale = el('input', { type: 'checkbox', id: 'iso-heap-shared' });
  const follow = el('input', { type: 'checkbox', id: 'iso-follow' });
  const followLabel = el('label', { for: 'iso-follow', hidden: '' }, follow, ' follow live');
  const fit = el('button', { type: 'button', title: 'Show the whole trace (0)' }, 'Fit all');
  const statsToggle = el('button', { type: 'button', 'aria-pressed': 'false' }, 'Stats');
  const toolbar = el('header', { class: 'toolbar' }, title, counts, el('span', { class: 'spacer' }), filters, el('label', { for: 'iso-heap-shared', title: 'One heap scale for every lane, instead of one per lane' }, heapScale, ' shared heap scale'), followLabel, fit, statsToggle);
  const problems = el('div', { class: 'problems', role: 'alert', hidden: '' });
  const overviewCanvas = el('canvas', { class: 'overview-canvas' });
  const overviewSvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  overviewSvg.setAttribute('class', 'overview-brush');
  overviewSvg.setAttribute('aria-label', 'Overview of the whole trace: drag to choose a range');
  const overview = el('div', { class: 'overview' }, overviewCanvas, overviewSvg);
  const axis = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  axis.setAttribute('class', 'axis');
  const labels = el('div', { class: 'labels' });
  const canvas = el('canvas', { class: 'plot-canvas' });
  const spacer = el('div', { class: 'plot-spacer' });
  const plot = el('div', { class: 'plot', tabindex: '0', 'aria-label': 'Timeline: + and − zoom, arrows pan and scroll, 0 fits all, shift+wheel scrolls lanes' }, canvas, spacer);
  const scroller = el('div', { class: 'scroller' }, labels, plot);
  const state = el('div', { class: 'state', hidden: '' });
  const details = el('aside', { class: 'details', hidden: '', 'aria-label': 'Details' });
  const stats = el('section', { class: 'stats', hidden: '', 'aria-label': 'Stats' });
  const tooltip = el('div', { class: 'tooltip', role: 'tooltip', hidden: '' });
  const axisRow = el('div', { class: 'axis-row' }, el('div', { class: 'corner' }), el('div', { class: 'axis-box' }, overview, axis));
  const main = el('div', { class: 'main' }, el('div', { class: 'timeline' }, axisRow, scroller, state, legend()), details);
  const app = el('div', { class: 'isoscope' }, toolbar, problems, main, stats, tooltip);
  return { app, title, counts, filters, heapScale, follow, followLabel, fit, statsToggle, problems, overviewCanvas, overviewSvg, axis, axisRow, labels, canvas, spacer, plot, scroller, state, details, stats, tooltip };
}
