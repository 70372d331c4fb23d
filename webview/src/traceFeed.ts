// What the timeline is fed: the host's messages made into the trace shown. A trace comes
// whole (`open`, a report's embedded one), in pieces (`fileStart`, `fileText`…), or live, as
// the text each process of a session writes, merged (sessionMerge.ts); the debugger's stops
// come beside it. Each open or live start makes a new model and supersedes what was being
// read. The view (app.ts) is told when to start again and when the data changed.
import type { ToTimeline } from '../../src/protocol/webviewMessages';
import { micros, type Micros } from '../../src/protocol/time';
import { SessionMerge } from '../../src/protocol/sessionMerge';
import { countLines } from '../../src/protocol/bytes';
import { TraceModel, type Lane } from './model/traceModel';
import { DebugPauses, type PauseSpan } from './model/debugPauses';
import { FileStream } from './fileStream';
import { readTraceStream, type ReadTimings } from './traceLoading';
import { formatBytes, formatCount } from './format';

/** What the feed tells the view. */
export interface FeedView {
  /** A new trace (`live`: a session): forget what is shown. */
  restart(name: string, live: boolean): void;
  /** Events, problems or stops came. */
  dataChanged(): void;
  showLoading(message: string): void;
  showFailure(message: string): void;
  /** A trace was read to its end. */
  traceRead(timings: ReadTimings): void;
  /** The live session ended, and why. */
  liveEnded(reason: string): void;
  /** The live text read so far, in lines (the host learns whether its view keeps up); `final`: the session ended. */
  liveRead(lines: number, final?: boolean): void;
  /** Nothing to show but `hint`, on how to start. */
  idle(hint: string): void;
  /** Select the lane of isolate `isolate` of process `pid`, and scroll to it (now, or once it is there). */
  revealLane(pid: number, isolate: number): void;
}

export class TraceFeed {
  model = new TraceModel();
  /** Where the debugger stopped threads (debugPause messages). */
  pauses = new DebugPauses();
  /** Bumped by every open and live start: a trace still being read stops once it is not the latest. */
  private opening = 0;
  /** The file the host is sending in pieces, until another open or live session. */
  private file: FileStream | undefined;
  /** The live session's processes, merged as their text comes. */
  private session: SessionMerge | undefined;
  /** Lines of the live session's text read. */
  private liveLines = 0;

  constructor(private readonly view: FeedView) {}

  /** A message from the host. */
  handle(message: ToTimeline): void {
    switch (message.type) {
      case 'idle':
        this.opening++;
        this.restart('', false);
        this.view.idle(message.hint);
        break;
      case 'open': {
        // The same reading as a report's: one chunk.
        const text = message.text;
        this.read(message.name, new ReadableStream<string>({ start: (controller) => (controller.enqueue(text), controller.close()) }));
        break;
      }
      case 'fileStart': {
        const file = new FileStream(message.name, message.size);
        this.read(file.name, file.chunks, file);
        this.file = file;
        break;
      }
      case 'fileText':
        this.file?.push(message.text);
        break;
      case 'fileEnd':
        this.file?.end();
        break;
      case 'fileError':
        this.file?.fail(message.message);
        break;
      case 'liveStart':
        this.opening++;
        this.restart(message.name, true);
        this.session = this.liveSession();
        break;
      case 'liveText':
        // (Text of a session this page was not told of is left: a new page waits for its liveStart.)
        if (!this.session) break;
        this.session.write(message.pid, message.text);
        this.liveLines += countLines(message.text);
        this.view.dataChanged();
        this.view.liveRead(this.liveLines);
        break;
      case 'events':
        this.model.addEvents(message.events);
        this.view.dataChanged();
        break;
      case 'problem':
        this.model.addProblem(message.problem);
        this.view.dataChanged();
        break;
      case 'debugPause':
        this.pauses.add(message);
        this.view.dataChanged();
        break;
      case 'revealLane':
        this.view.revealLane(message.pid, message.isolate);
        break;
      case 'liveEnd':
        this.session?.endAll();
        this.view.liveEnded(message.reason);
        if (this.session) this.view.liveRead(this.liveLines, true);
        break;
    }
  }

  /** Opens a trace that arrives as a stream of text (see traceLoading.ts), showing progress
   * as it is read; a later open or live session supersedes it. `file`: a file the host sends in pieces. */
  async openStream(name: string, chunks: ReadableStream<string>, file?: FileStream): Promise<void> {
    const opening = ++this.opening;
    this.restart(name, false);
    this.view.showLoading(`Reading ${name}…`);
    const of = file && file.size > 0 ? ` of ${formatBytes(file.size)}` : '';
    const timings = await readTraceStream(chunks, this.model, {
      wanted: () => opening === this.opening,
      progress: (events, read) => this.view.showLoading(`Reading ${name}: ${formatCount(events)} events (${formatBytes(file ? Math.min(read, file.size) : read)}${of})…`),
      failure: () => file?.failure,
    });
    if (timings) this.view.traceRead(timings);
  }

  /** Where the debugger stopped `lane`'s thread. */
  readonly pausesOf = (lane: Lane): PauseSpan[] => (this.pauses.isEmpty ? [] : this.pauses.spans(lane.process.pid, lane.id, this.placePause));

  /** The latest time the trace reaches: its last event, or a debugger stop after it. */
  get end(): number {
    return Math.max(this.model.end, this.pauses.isEmpty ? -Infinity : this.pauses.latest(this.placePause));
  }

  private read(name: string, chunks: ReadableStream<string>, file?: FileStream): void {
    this.openStream(name, chunks, file).catch((error: unknown) => this.view.showFailure(`The trace cannot be read: ${(error as Error).message}`));
  }

  private restart(name: string, live: boolean): void {
    // A file still coming is read no further (its reading sees it is not wanted, and stops).
    this.file?.end();
    this.file = undefined;
    this.session = undefined;
    this.liveLines = 0;
    this.model = new TraceModel();
    this.pauses = new DebugPauses();
    this.view.restart(name, live);
  }

  /** A live session's processes merged into the model as their text comes. */
  private liveSession(): SessionMerge {
    return new SessionMerge({
      onHeader: (header) => (this.model.header = header),
      onEvents: (events) => this.model.addEvents(events),
      onProblem: (problem, pid) => this.model.addProblem({ ...problem, line: 0, message: `process ${pid}${problem.line > 0 ? `, line ${problem.line}` : ''}: ${problem.message}` }),
    });
  }

  /** Where the debugger's `at` (µs, monotonic clock) of process `pid` is in the trace: on the
   * merged trace's clock, which every process was moved onto (see SessionMerge.timeOf). */
  private readonly placePause = (pid: number, at: number): Micros | undefined => {
    const origin = this.model.header?.origin;
    return this.session?.timeOf(pid, at) ?? (origin === undefined ? undefined : micros(at - origin));
  };
}
