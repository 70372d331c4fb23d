// The timeline app: takes messages from its host (a trace, whole or in pieces; a live
// session's processes' text; the debugger's stops), keeps the model, the lane layout and the
// selection, and has its parts show them: the canvas, the time controls, the filters and the
// panels, drawn at most once per animation frame.
// Over 300 lines: it is the one place where the feed, the DOM, the canvas and the saved view
// meet; each part with a concept of its own is already its own file (traceFeed, liveProgress,
// liveRefresh, viewMemory, findingsView, view/*).
import type { ToTimeline, FromTimeline } from '../../src/protocol/webviewMessages';
import type { SourceLocation } from '../../src/protocol/traceEvents';
import { micros, type Micros } from '../../src/protocol/time';
import type { Lane, TraceModel } from './model/traceModel';
import type { DebugPauses } from './model/debugPauses';
import { TraceFeed } from './traceFeed';
import { savedSelection, selectionOf, ViewMemory, type StateStore } from './viewMemory';
import { layOutLanes, type LaneLayout } from './model/laneLayout';
import type { Selection } from './model/selection';
import type { ReadTimings } from './traceLoading';
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
import { LiveProgress } from './liveProgress';
import { LiveRefresh } from './liveRefresh';
import { drawOverview } from './view/overview';
import { FindingsView } from './findingsView';
import type { PlacedFinding } from './model/findingPlaces';

export interface Host {
  post(message: FromTimeline): void;
  /** True in VS Code, where a source link opens the editor; in a report it only shows file:line. */
  canOpenLocations: boolean;
  /** Where the view is kept across a reload of the page (VS Code's getState/setState). */
  state?: StateStore;
}

/** The timeline in one page: made once by main.ts, fed by the host's messages. */
export class App {
  /** Told of every frame drawn and trace read: set by the debug handle (timelineDebug.ts) only. */
  observer: AppObserver | undefined;
  /** The parts the debug handle reads (what was drawn, the visible range, where the plot is). */
  readonly dom = buildDom();
  readonly canvas: TimelineCanvas;
  readonly time: TimeControls;
  private readonly filterBar: FilterBar;
  private readonly frames = new FrameScheduler(() => this.draw());
  private readonly stats: StatsRefresh;
  /** The trace's findings: listed, flagged on the lanes, chosen (findingsView.ts). */
  readonly findings: FindingsView;
  private readonly memory: ViewMemory;
  private shown: ShownTrace = { name: '', live: false, liveEnded: undefined };
  /** What to say when there is nothing to show (the host's `idle`). */
  private idleHint: string | undefined;
  /** A live flood redraws at most every 100 ms, and spends at most a quarter of the time drawing. */
  private readonly refresh = new LiveRefresh(() => this.catchUp(), () => Math.max(100, 4 * this.lastDrawMs));
  private lastDrawMs = 0;
  private readonly progress = new LiveProgress((message) => this.host.post(message), () => this.model.lanes.length);
  private layout: LaneLayout = { rows: [], rowOf: [], headings: [], height: 0 };
  private selection: Selection | undefined;
  /** A lane the host asked to reveal before it was there (while a panel loads its session);
   * forgotten after a while, so a lane that never comes (filtered out, another trace) does not
   * jump into view later. */
  private wantedLane: { pid: number; isolate: number; until: number } | undefined;
  private theme: Theme;
  private filterVersion = 0;
  private laidOutVersion = -1;
  /** True while a saved view is put back (that is no move of the user's). */
  private restoring = false;
  /** What is shown, as the host sends it. */
  private readonly feed = new TraceFeed(this);

  constructor(root: HTMLElement, private readonly host: Host) {
    const { dom } = this;
    root.append(dom.app);
    this.theme = readTheme(dom.app);
    this.memory = new ViewMemory(host.state);
    this.canvas = new TimelineCanvas(dom.canvas);
    this.time = new TimeControls({ plot: dom.plot, axis: dom.axis, overview: dom.overviewSvg, onChange: () => (this.viewChanged(), this.frames.request()) });
    this.filterBar = new FilterBar(dom.filters, () => {
      this.filterVersion++;
      this.relayout();
    });
    this.stats = new StatsRefresh(dom.stats, () => this.model);
    this.findings = new FindingsView(dom.findingsToggle, dom.findings, {
      model: () => this.model,
      showRange: (view) => {
        dom.follow.checked = false;
        this.time.setView(view);
      },
      select: (s) => this.select(s),
      scrollTo: (lane) => this.scrollTo(lane),
      redraw: () => this.frames.request(),
      openLocation: this.openLocation,
      found: (findings) => this.host.post({ type: 'findings', findings }),
    });
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
    dom.follow.addEventListener('change', () => (this.viewChanged(), this.frames.request()));
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

  /** The trace shown. */
  get model(): TraceModel {
    return this.feed.model;
  }

  /** Where the debugger stopped threads. */
  get pauses(): DebugPauses {
    return this.feed.pauses;
  }

  /** A message from the host. */
  handle(message: ToTimeline): void {
    this.feed.handle(message);
  }

  /** Opens a trace that arrives as a stream of text (a report's), superseding what is shown. */
  openStream(name: string, chunks: ReadableStream<string>): Promise<void> {
    return this.feed.openStream(name, chunks);
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
    this.renderDetails();
    this.viewChanged();
    this.frames.request();
  }

  /** Zooms to a finding and selects what proves it (a click on its flag). */
  chooseFinding(placed: PlacedFinding): void {
    this.findings.choose(placed);
  }

  private renderDetails(): void {
    renderDetails(this.dom.details, this.selection, { model: this.model, select: (s) => this.select(s), openLocation: this.openLocation });
  }

  /** Opens a source location in the host, where it can. */
  private get openLocation(): ((location: SourceLocation) => void) | undefined {
    return this.host.canOpenLocations ? (location) => this.host.post({ type: 'openLocation', location }) : undefined;
  }

  /** A new trace: nothing of the last one stays shown (FeedView). */
  restart(name: string, live: boolean): void {
    this.laidOutVersion = -1;
    this.shown = { name, live, liveEnded: undefined };
    this.idleHint = undefined;
    this.progress.reset();
    this.selection = undefined;
    this.findings.reset();
    this.dom.follow.checked = live;
    this.dom.followLabel.hidden = !live;
    this.time.view = [micros(0), micros(1)];
    this.time.extent = [micros(0), micros(1)];
    if (!this.memory.waiting(name)) {
      this.memory.drop();
      // A live session's name is saved at once, so that a panel VS Code restores after a
      // reload knows what it showed (following the newest time: no range to put back).
      if (live) this.memory.save({ name, view: [0, 1], follow: true, selection: undefined });
    }
    this.dataChanged();
  }

  /** A trace was read to its end (FeedView). */
  traceRead(timings: ReadTimings): void {
    this.observer?.traceRead(timings);
    this.dataChanged();
    this.restoreView(true);
  }

  /** The live session ended (FeedView). */
  liveEnded(reason: string): void {
    this.shown.liveEnded = reason;
    // Nothing more will come to follow.
    this.dom.followLabel.hidden = true;
    this.dataChanged();
    // What of a saved view the replay never reached does not fit this trace.
    this.restoreView(true);
  }

  /** Selects a lane and scrolls it into view (FeedView); one not there yet, once it comes. */
  revealLane(pid: number, isolate: number): void {
    this.wantedLane = { pid, isolate, until: performance.now() + 15_000 };
    this.revealWanted();
  }

  private revealWanted(): void {
    if (this.wantedLane && performance.now() > this.wantedLane.until) this.wantedLane = undefined;
    const wanted = this.wantedLane;
    const lane = wanted && this.model.lanes.find((l) => l.process.pid === wanted.pid && l.id === wanted.isolate);
    const row = lane && this.layout.rowOf[lane.index];
    if (!lane || !row) return;
    this.wantedLane = undefined;
    this.select({ kind: 'lane', lane });
    this.scrollTo(lane);
  }

  /** Scrolls the lanes so that `lane` is a third of the way down, when it is shown. */
  private scrollTo(lane: Lane): void {
    const row = this.layout.rowOf[lane.index];
    if (row) this.dom.scroller.scrollTop = Math.max(0, row.y - this.dom.scroller.clientHeight / 3);
  }

  /** Events, problems or the debugger's stops came (FeedView): shown at once, or a live flood at most every 100 ms (liveRefresh.ts). */
  dataChanged(): void {
    this.refresh.request(!this.shown.live || this.shown.liveEnded !== undefined || this.model.laneVersion !== this.laidOutVersion);
  }

  private catchUp(): void {
    this.stats.invalidate();
    this.filterBar.update(this.model);
    // Live batches mostly add events to lanes already shown: lay out again only when lanes came or changed.
    if (this.model.laneVersion !== this.laidOutVersion) this.relayout();
    else this.frames.request();
    this.showState();
    this.findings.dataChanged(this.shown.live && this.shown.liveEnded === undefined);
    if (this.shown.live) {
      // What is selected goes on while live: its details too (where the panel was scrolled to stays).
      if (this.selection) {
        const scrolled = this.dom.details.scrollTop;
        this.renderDetails();
        this.dom.details.scrollTop = scrolled;
      }
      this.restoreView(false);
    }
  }

  private relayout(): void {
    this.laidOutVersion = this.model.laneVersion;
    const filters = this.filterBar.filters;
    this.layout = layOutLanes(this.model.lanes, (lane) => isLaneShown(lane, filters));
    renderLaneLabels(this.dom.labels, this.layout, (lane) => this.select({ kind: 'lane', lane }));
    this.frames.request();
    if (this.wantedLane) this.revealWanted();
  }

  private showState(): void {
    showTraceState(this.dom, this.model, this.shown.name, this.shown.live, this.idleHint);
  }

  /** Nothing to show but how to start (FeedView). */
  idle(hint: string): void {
    this.idleHint = hint;
    this.showState();
  }

  /** Tells the host how far the live session is read (FeedView). */
  liveRead(lines: number, final?: boolean): void {
    this.progress.read(lines, final);
  }

  /** The view moved or the selection changed: that is what a reload keeps; when the user did
   * it, nothing older is put back. */
  private viewChanged(): void {
    if (!this.restoring) this.memory.drop();
    const [t0, t1] = this.time.view;
    const selection = savedSelection(this.selection, this.model) ?? this.memory.waiting(this.shown.name)?.selection;
    this.memory.save({ name: this.shown.name, view: [t0, t1], follow: this.shown.live && this.dom.follow.checked, selection });
  }

  /** Puts back the view an earlier page saved for this trace: its range once the trace
   * reaches it, its selection once that has come. `finished`: the trace has all come (what
   * it does not reach is dropped). */
  private restoreView(finished: boolean): void {
    const saved = this.memory.waiting(this.shown.name);
    if (!saved) return;
    this.restoring = true;
    try {
      if (!this.memory.rangeShown) {
        const { model } = this;
        if (model.isEmpty || model.end < saved.view[1] || saved.view[0] < Math.min(0, model.start)) {
          if (finished) this.memory.drop();
          return;
        }
        this.memory.showedRange();
        this.dom.follow.checked = this.shown.live && saved.follow;
        this.updateTime();
        if (!this.dom.follow.checked) this.time.setView([micros(saved.view[0]), micros(saved.view[1])]);
      }
      const selection = selectionOf(saved.selection, this.model);
      if (selection) this.select(selection);
      if (selection || !saved.selection || finished) this.memory.drop();
    } finally {
      this.restoring = false;
    }
  }

  /** The time axis over the whole trace (its events, and the debugger's stops) and the plot's width. */
  private updateTime(): void {
    const { model } = this;
    const extent: [Micros, Micros] = model.isEmpty ? [micros(0), micros(1)] : [micros(Math.min(0, model.start)), micros(this.feed.end)];
    this.time.update(extent, this.dom.plot.clientWidth, this.shown.live && this.dom.follow.checked);
  }

  /** Draws now: the frame scheduler calls it once per animation frame (the debug handle, to time one). */
  draw(): void {
    const started = performance.now();
    const { model, dom, time, canvas } = this;
    const width = dom.plot.clientWidth;
    this.updateTime();
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
      pausesOf: this.feed.pausesOf,
      findings: this.findings.placed,
    });
    // Bundles still being made go on next frame; during a live flood, after a pause as long
    // as a quarter of the time (they are made again at the next refresh anyway).
    if (canvas.needsAnotherFrame) {
      if (this.shown.live && this.shown.liveEnded === undefined) this.frames.requestLater(Math.max(50, 3 * (performance.now() - started)));
      else this.frames.request();
    }
    time.drawAxis();
    drawOverview(dom.overviewCanvas, model, time.extent, width, this.theme);
    renderHeader(dom, model, this.shown, filters.kinds.messages ? canvas.thinned : undefined);
    this.stats.renderSoon();
    this.lastDrawMs = performance.now() - started;
    this.observer?.frameDrawn({ ...canvas.lastTimings, total: this.lastDrawMs });
  }
}
