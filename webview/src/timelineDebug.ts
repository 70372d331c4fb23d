// The debug handle, for tests and benchmarks only: the one way they reach the running
// timeline, as window.isoscope. It holds what they measure (frame and load times, what was
// drawn) and what they drive (a draw now, a selection, a host's message). The app never
// reads it; the app reports frames and loads to it through AppObserver, and works the same
// when no handle is installed. Free of DOM types on purpose, so the e2e tests, which
// type-check without the DOM library, use this very interface.
import type { Micros } from '../../src/protocol/time';
import type { ToTimeline } from '../../src/protocol/webviewMessages';
import type { TraceModel } from './model/traceModel';
import type { Selection } from './model/selection';
import type { Finding } from '../../src/protocol/findings/findingTypes';
import type { AppObserver, FrameParts } from './appObserver';

/** window.isoscope: for tests and benchmarks, never for the app itself. */
export interface TimelineDebug {
  /** When the first frame with events was drawn (ms since the page started). */
  readonly firstFrameAt: number | undefined;
  /** Frame times (ms) of the last draws, at most 1000 (a bench may empty it), and where each went. */
  readonly frameTimes: number[];
  readonly frameParts: FrameParts[];
  /** How long reading the last opened trace took (ms): unpacking and parsing its text, building the model; and when the handle was installed. */
  readonly loadTimings: { parse: number; model: number; startedAt: number };
  /** The visible time range. */
  readonly visibleRange: [Micros, Micros];
  /** How many message arrows the last frame drew. */
  readonly drawnBundles: number;
  /** The middle of each arrow drawn, in page coordinates (tests point the mouse there), its
   * count of messages, and the x where it starts (its send). */
  arrowPoints(): { x: number; y: number; count: number; sendX: number }[];
  /** The debugger's stops the last frame drew: whose (process and isolate), when (µs; `to`
   * undefined while still paused), why, and where the band is, in page coordinates. */
  pauseSpans(): { pid: number | undefined; isolate: number; from: number; to: number | undefined; reason: string | undefined; x1: number; x2: number; y1: number; y2: number }[];
  /** The findings of the trace shown; undefined until they are worked out. */
  readonly findings: readonly Finding[] | undefined;
  /** The findings' flags the last frame drew: whose (rule, severity, process and isolate) and
   * where the flag's tip is, in page coordinates. */
  findingFlags(): { rule: string; severity: string; pid: number | undefined; isolate: number; x: number; y: number }[];
  /** The trace shown. */
  readonly model: TraceModel;
  /** Draws now, outside the frame loop (to time one frame, or to read what it drew). */
  draw(): void;
  /** Selects as a click would (undefined: nothing). */
  select(selection: Selection | undefined): void;
  /** Takes a message as from the host (the extension). */
  handle(message: ToTimeline): void;
}

interface PageBox {
  getBoundingClientRect(): { left: number; top: number };
}

/** What the handle reads of the app, by shape (App has it all), so this file needs no DOM types. */
export interface DebugSource {
  readonly model: TraceModel;
  observer: AppObserver | undefined;
  readonly time: { readonly view: readonly [Micros, Micros] };
  readonly canvas: {
    arrows(): { x1: number; y1: number; x2: number; y2: number; count: number }[];
    pauseBands(): readonly { x1: number; x2: number; y1: number; y2: number; lane: { id: number; process: { pid: number | undefined } }; span: { from: number; to: number | undefined; reason: string | undefined } }[];
    findingFlags(): readonly { x: number; y: number; placed: { finding: Finding }; lane: { id: number; process: { pid: number | undefined } } }[];
  };
  readonly findings: { readonly known: boolean; readonly placed: readonly { finding: Finding }[] };
  readonly dom: { readonly plot: PageBox; readonly scroller: PageBox };
  draw(): void;
  select(selection: Selection | undefined): void;
  handle(message: ToTimeline): void;
}

/** Makes the debug handle of `app`, observing its frames and loads, and puts it on the page as window.isoscope. */
export function installTimelineDebug(app: DebugSource): TimelineDebug {
  const frameTimes: number[] = [];
  const frameParts: FrameParts[] = [];
  const loadTimings = { parse: 0, model: 0, startedAt: performance.now() };
  let firstFrameAt: number | undefined;
  app.observer = {
    frameDrawn(frame) {
      if (!app.model.isEmpty) firstFrameAt ??= performance.now();
      frameTimes.push(frame.total);
      frameParts.push(frame);
      // A long session keeps the last few hundred frames, not every one.
      if (frameTimes.length > 1000) {
        frameTimes.splice(0, 500);
        frameParts.splice(0, 500);
      }
    },
    traceRead(timings) {
      loadTimings.parse = timings.parse;
      loadTimings.model = timings.model;
    },
  };
  const debug: TimelineDebug = {
    get firstFrameAt() {
      return firstFrameAt;
    },
    frameTimes,
    frameParts,
    loadTimings,
    get visibleRange(): [Micros, Micros] {
      const [t0, t1] = app.time.view;
      return [t0, t1];
    },
    get drawnBundles() {
      return app.canvas.arrows().length;
    },
    arrowPoints() {
      const plot = app.dom.plot.getBoundingClientRect();
      const top = app.dom.scroller.getBoundingClientRect().top;
      return app.canvas.arrows().map((a) => ({ x: plot.left + (a.x1 + a.x2) / 2, y: top + (a.y1 + a.y2) / 2, count: a.count, sendX: plot.left + a.x1 }));
    },
    pauseSpans() {
      const plot = app.dom.plot.getBoundingClientRect();
      const top = app.dom.scroller.getBoundingClientRect().top;
      return app.canvas.pauseBands().map(({ x1, x2, y1, y2, lane, span }) => ({
        pid: lane.process.pid, isolate: lane.id, from: span.from, to: span.to, reason: span.reason, x1: plot.left + x1, x2: plot.left + x2, y1: top + y1, y2: top + y2,
      }));
    },
    get findings() {
      return app.findings.known ? app.findings.placed.map((p) => p.finding) : undefined;
    },
    findingFlags() {
      const plot = app.dom.plot.getBoundingClientRect();
      const top = app.dom.scroller.getBoundingClientRect().top;
      return app.canvas.findingFlags().map(({ x, y, placed, lane }) => ({
        rule: placed.finding.rule, severity: placed.finding.severity, pid: lane.process.pid, isolate: lane.id, x: plot.left + x, y: top + y,
      }));
    },
    get model() {
      return app.model;
    },
    draw: () => app.draw(),
    select: (selection) => app.select(selection),
    handle: (message) => app.handle(message),
  };
  (globalThis as { isoscope?: TimelineDebug }).isoscope = debug;
  return debug;
}
