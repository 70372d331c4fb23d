// The timeline app: takes messages from its host (a whole trace, or live batches), keeps the
// model, the lane layout and the selection, and has its parts show them: the canvas, the
// time controls, the filters and the panels, drawn at most once per animation frame.
import type { ToTimeline, FromTimeline } from '../../src/protocol/webviewMessages';
import { micros } from '../../src/protocol/time';
import { TraceModel } from './model/traceModel';
import { layOutLanes, type LaneLayout } from './model/laneLayout';
import type { Selection } from './model/selection';
import { formatBytes, formatCount } from './format';
import { readTraceStream } from './traceLoading';
import type { AppObserver } from './appObserver';
import { buildDom } from './view/appDom';
import { readTheme, type Theme } from './view/theme';
import { TimelineCanvas } from './view/timelineCanvas';
import { TimeControls } from './view/timeControls';
import { FilterBar, isLaneShown } from './view/filterBar';
import { FrameScheduler } from './view/frameScheduler';
import { StatsRefresh } from './view/statsRefresh';
import { listenToPlot } from './view/plotInput';
import { renderDetails } from './view/detailsPanel';
import { renderHeader, type ShownTrace } from './view/header';
import { renderLaneLabels } from './view/laneLabels';
import { showFailure, showLoading, showTraceState } from './view/traceState';
import { drawOverview } from './view/overview';

export interface Host {
  post(message: FromTimeline): void;
  /** True in VS Code, where a source link opens the editor; in a report it only shows file:line. */
  canOpenLocations: boolean;
}

/** The timeline in one page: made once by main.ts, fed by the host's messages. */
export class App {
  model = new TraceModel();
  /** Told of every frame drawn and trace read: set by the debug handle (timelineDebug.ts) only. */
  observer: AppObserver | undefined;
  /** The parts the debug handle reads (what was drawn, the visible range, where the plot is). */
  readonly dom = buildDom();
  readonly canvas: TimelineCanvas;
  readonly time: TimeControls;
  private readonly filterBar: FilterBar;
  private readonly frames = new FrameScheduler(() => this.draw());
  private readonly stats: StatsRefresh;
  private shown: ShownTrace = { name: '', live: false, liveEnded: undefined };
  private layout: LaneLayout = { rows: [], rowOf: [], headings: [], height: 0 };
  private selection: Selection | undefined;
  private theme: Theme;
  private filterVersion = 0;
  private laidOutVersion = -1;
  /** Bumped by every open and live start: a trace still being read stops once it is not the latest. */
  private opening = 0;

  constructor(root: HTMLElement, private readonly host: Host) {
    const { dom } = this;
    root.append(dom.app);
    this.theme = readTheme(dom.app);
    this.canvas = new TimelineCanvas(dom.canvas);
    this.time = new TimeControls({ plot: dom.plot, axis: dom.axis, overview: dom.overviewSvg, onChange: () => this.frames.request() });
    this.filterBar = new FilterBar(dom.filters, () => {
      this.filterVersion++;
      this.relayout();
    });
    this.stats = new StatsRefresh(dom.stats, () => this.model);
    dom.scroller.addEventListener('scroll', () => this.frames.request());
    listenToPlot(dom, this.canvas, this);
    dom.details.addEventListener('closed', () => this.select(undefined));
    dom.fit.addEventListener('click', () => this.time.fitAll());
    dom.heapScale.addEventListener('change', () => this.frames.request());
    dom.statsToggle.addEventListener('click', () => {
      dom.stats.hidden = !dom.stats.hidden;
      dom.statsToggle.setAttribute('aria-pressed', String(!dom.stats.hidden));
      this.stats.invalidate();
      this.frames.request();
    });
    dom.follow.addEventListener('change', () => this.frames.request());
    new ResizeObserver(() => this.frames.request()).observe(dom.plot);
    // VS Code changes the body's class, and the colour variables on the root element, when the theme changes.
    const themeChanged = new MutationObserver(() => {
      this.theme = readTheme(dom.app);
      this.frames.request();
    });
    themeChanged.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    themeChanged.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
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
        this.shown.liveEnded = message.reason;
        this.dataChanged();
        break;
    }
  }

  /** Opens a trace that arrives as a stream of text (see traceLoading.ts), showing progress
   * as it is read; a later open or live session supersedes it. */
  async openStream(name: string, chunks: ReadableStream<string>): Promise<void> {
    const opening = ++this.opening;
    this.reset(name, false);
    this.showLoading(`Reading ${name}…`);
    const timings = await readTraceStream(chunks, this.model, {
      wanted: () => opening === this.opening,
      progress: (events, read) => this.showLoading(`Reading ${name}: ${formatCount(events)} events (${formatBytes(read)})…`),
    });
    if (!timings) return;
    this.observer?.traceRead(timings);
    this.dataChanged();
  }

  /** While a big trace is being unpacked and read. */
  showLoading(message: string): void {
    showLoading(this.dom, message);
  }

  /** When there is no trace to read at all. */
  showFailure(message: string): void {
    showFailure(this.dom, message);
  }

  /** Selects a lane, a message or a bundle (undefined: nothing) and shows its details. */
  select(selection: Selection | undefined): void {
    this.selection = selection;
    renderDetails(this.dom.details, selection, {
      model: this.model,
      select: (s) => this.select(s),
      openLocation: this.host.canOpenLocations ? (location) => this.host.post({ type: 'openLocation', location }) : undefined,
    });
    this.frames.request();
  }

  private reset(name: string, live: boolean): void {
    if (live) this.opening++;
    this.model = new TraceModel();
    this.laidOutVersion = -1;
    this.shown = { name, live, liveEnded: undefined };
    this.selection = undefined;
    this.dom.follow.checked = live;
    this.dom.followLabel.hidden = !live;
    this.time.view = [micros(0), micros(1)];
    this.time.extent = [micros(0), micros(1)];
    this.dataChanged();
  }

  private dataChanged(): void {
    this.stats.invalidate();
    this.filterBar.update(this.model);
    // Live batches mostly add events to lanes already shown: lay out again only when lanes came or changed.
    if (this.model.laneVersion !== this.laidOutVersion) this.relayout();
    else this.frames.request();
    this.showState();
  }

  private relayout(): void {
    this.laidOutVersion = this.model.laneVersion;
    const filters = this.filterBar.filters;
    this.layout = layOutLanes(this.model.lanes, (lane) => isLaneShown(lane, filters));
    renderLaneLabels(this.dom.labels, this.layout, (lane) => this.select({ kind: 'lane', lane }));
    this.frames.request();
  }

  private showState(): void {
    showTraceState(this.dom, this.model, this.shown.name, this.shown.live);
  }

  /** Draws now: the frame scheduler calls it once per animation frame (the debug handle, to time one). */
  draw(): void {
    const started = performance.now();
    const { model, dom, time, canvas } = this;
    const width = dom.plot.clientWidth;
    time.update(model.isEmpty ? [micros(0), micros(1)] : [micros(Math.min(0, model.start)), micros(model.end)], width, this.shown.live && dom.follow.checked);
    dom.spacer.style.height = `${Math.max(0, this.layout.height - dom.scroller.clientHeight)}px`;
    dom.labels.style.height = `${this.layout.height}px`;
    const filters = this.filterBar.filters;
    const { bytes } = model.messages;
    const minBytes = filters.minBytes;
    canvas.draw({
      model,
      layout: this.layout,
      view: time.view,
      x: time.scale(),
      width,
      height: dom.scroller.clientHeight,
      scrollTop: dom.scroller.scrollTop,
      theme: this.theme,
      sharedHeapScale: dom.heapScale.checked,
      showHeap: filters.kinds.heap,
      showMessages: filters.kinds.messages,
      showStates: filters.kinds.states,
      acceptMessage: minBytes > 0 ? (row) => bytes[row]! >= minBytes : undefined,
      filterVersion: this.filterVersion,
      selectedLane: this.selection?.kind === 'lane' ? this.selection.lane.index : undefined,
      selectedRow: this.selection?.kind === 'message' ? this.selection.row : undefined,
    });
    if (canvas.needsAnotherFrame) this.frames.request();
    time.drawAxis();
    drawOverview(dom.overviewCanvas, model, time.extent, width, this.theme);
    renderHeader(dom, model, this.shown, filters.kinds.messages ? canvas.thinned : undefined);
    this.stats.renderSoon();
    this.observer?.frameDrawn({ ...canvas.lastTimings, total: performance.now() - started });
  }
}
