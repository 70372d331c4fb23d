// One trace from the processes of a session, as their NDJSON arrives: a live debug session
// (the extension forwards each process's text), Save Trace from its per-process spool files,
// `isoscope record` from its per-process files. Each process is read by its own TraceReader;
// the processes worth seeing are merged by one ProcessMerge (processMerge.ts: the first shown
// heads the trace, channels renumbered, times on its clock).
//
// Which processes are shown: the rule of `isoscope record` (pidsKeptBy below). A process is
// shown once it starts an isolate or a worker, or uses IPC; an IPC link keeps both its ends,
// so a process may be kept by another's events before it connects, or after it connected and
// was held. Until it is shown, a process's events are held, bounded (HOLD_LIMIT): npm, or a
// tool the program runs, shows nothing and, however long it runs, holds at most that many.
//
// Problems go to the sink with their pid. A shown process's problems go at once; a hidden
// one's are held (bounded too) and go when it is shown, or never: a process nobody sees has
// no problems worth a user's time (an npm that exits before its trace's last line is written,
// say). The one exception: a process kept without a header line (it cannot be placed, so its
// isolates are missing from the view) is reported at once.
import { ProcessMerge } from './processMerge';
import { TraceReader, type TraceProblem } from './traceReader';
import type { DroppedEvent, TraceEvent, TraceHeader } from './traceEvents';
import type { Micros } from './time';

export interface SessionMergeSink {
  /** The merged trace's header: the first shown process's (once). */
  onHeader(header: TraceHeader): void;
  /** Events of the merged trace, in the order they were taken in (not sorted by time). */
  onEvents(events: TraceEvent[]): void;
  /** Something wrong in process `pid`'s stream (its line numbers are its own). */
  onProblem(problem: TraceProblem, pid: number): void;
}

export interface SessionMergeOptions {
  /** Pids to show whatever their events say: a caller that has read every process's trace
   * already knows which the rule keeps (isoscope record), or wants the processes another
   * merge showed (Save Trace of a live session). Others are still kept by the rule. */
  keep?: Iterable<number>;
  /** Events held per hidden process: its last ones (default HOLD_LIMIT). */
  holdLimit?: number;
}

/** How many events a hidden process holds: its last 10,000 (up to half as many again between
 * trims: a few megabytes). A process with no isolates writes few events (its
 * main thread's heap samples, a few per second), so this is minutes of it; a process that
 * becomes shown later loses only what came before, and a `dropped` event says how much. */
export const HOLD_LIMIT = 10_000;
/** Problems held per hidden process. */
const PROBLEM_LIMIT = 100;

/** Calls `keep` with each pid that `event`, recorded by process `pid`, keeps in a merged
 * trace: its own when it starts an isolate or worker; both ends of an IPC link (a send to
 * another process, or a send or receive on a link another process numbered). */
export function pidsKeptBy(event: TraceEvent, pid: number, keep: (pid: number) => void): void {
  if (event.type === 'spawn') keep(pid);
  else if (event.type === 'send' && event.toPid !== undefined) {
    keep(pid);
    keep(event.toPid);
  }
  if ((event.type === 'send' || event.type === 'receive') && event.chpid !== undefined) {
    keep(pid);
    keep(event.chpid);
  }
}

interface SessionProcess {
  pid: number;
  reader: TraceReader | undefined;
  header: TraceHeader | undefined;
  shown: boolean;
  ended: boolean;
  /** Events read from the piece being written, before they are passed on or held. */
  incoming: TraceEvent[];
  held: TraceEvent[];
  heldProblems: TraceProblem[];
  /** Events and problems let go of while hidden, and when the first of those events was. */
  dropped: number;
  droppedProblems: number;
  droppedFrom: number;
  /** The earliest time of any of its events (its process event's time when shown). */
  firstT: number;
  /** Said already: kept, but no header to show it by; wrote after its end. */
  toldNoHeader: boolean;
  toldEnded: boolean;
}

export class SessionMerge {
  private readonly sink: SessionMergeSink;
  private readonly holdLimit: number;
  private readonly processes = new Map<number, SessionProcess>();
  private merge: ProcessMerge | undefined;
  private readonly shownPids: number[] = [];
  /** Kept pids, in the order they were kept; `looked` of them were looked at after the last piece. */
  private readonly kept = new Set<number>();
  private readonly keptOrder: number[] = [];
  private looked = 0;
  private readonly keepPid = (pid: number): void => {
    if (this.kept.has(pid)) return;
    this.kept.add(pid);
    this.keptOrder.push(pid);
  };

  constructor(sink: SessionMergeSink, options: SessionMergeOptions = {}) {
    this.sink = sink;
    this.holdLimit = Math.max(1, options.holdLimit ?? HOLD_LIMIT);
    for (const pid of options.keep ?? []) this.keepPid(pid);
  }

  /** The pids shown so far, in the order they were taken in (the first heads the trace). */
  get shown(): readonly number[] {
    return this.shownPids;
  }

  /** The header process `pid` wrote, once read. */
  header(pid: number): TraceHeader | undefined {
    return this.processes.get(pid)?.header;
  }

  /** Where `at`, a time on the machine's monotonic clock in µs (the clock of a header's
   * `origin`), falls in the merged trace: `at` minus the merged header's origin (every
   * process is moved onto that clock); before there is one, or when it has no origin,
   * minus process `pid`'s own. Undefined when neither is known. */
  timeOf(pid: number, at: number): Micros | undefined {
    const origin = this.merge?.header.origin ?? this.header(pid)?.origin;
    return origin === undefined ? undefined : ((at - origin) as Micros);
  }

  /** NDJSON written by process `pid`, as text or UTF-8 bytes (its header line first; pieces may cut lines). */
  write(pid: number, text: string | Uint8Array): void {
    const process = this.process(pid);
    if (process.ended || process.reader === undefined) return this.toldEnded(process);
    process.reader.write(text);
    this.take(process);
  }

  /** Process `pid`'s stream ended (flushes a last partial line). */
  end(pid: number): void {
    const process = this.processes.get(pid);
    if (process === undefined || process.ended) return;
    process.ended = true;
    process.reader?.end();
    this.take(process);
  }

  /** Every stream ended (the session did). */
  endAll(): void {
    for (const pid of this.processes.keys()) this.end(pid);
  }

  /** Process `header.pid`'s whole trace, already read (isoscope record reads each file whole):
   * as write() of its text then end(). Its reader's problems are the caller's to report. */
  add(header: TraceHeader, events: readonly TraceEvent[]): void {
    const process = this.process(header.pid, false);
    if (process.ended) return this.toldEnded(process);
    process.ended = true;
    process.header = header;
    process.incoming = events as TraceEvent[];
    this.take(process);
  }

  private process(pid: number, reading = true): SessionProcess {
    let process = this.processes.get(pid);
    if (process !== undefined) return process;
    const made: SessionProcess = {
      pid, reader: undefined, header: undefined, shown: false, ended: false, incoming: [], held: [], heldProblems: [],
      dropped: 0, droppedProblems: 0, droppedFrom: Infinity, firstT: Infinity, toldNoHeader: false, toldEnded: false,
    };
    if (reading) {
      made.reader = new TraceReader({
        onHeader: (header) => (made.header = header.pid === pid ? header : this.otherPid(made, header)),
        onEvent: (event) => made.incoming.push(event),
        onProblem: (problem) => this.problem(made, problem),
      });
    }
    this.processes.set(pid, (process = made));
    return process;
  }

  /** A header naming another pid than the stream's: the stream's pid wins (events of other
   * processes name it by that pid). */
  private otherPid(process: SessionProcess, header: TraceHeader): TraceHeader {
    this.problem(process, { line: 0, severity: 'warning', message: `the header names process ${header.pid}, but the stream is process ${process.pid}'s; read as ${process.pid}'s` });
    return { ...header, pid: process.pid };
  }

  /** Passes on or holds the events just read from `process`, then shows what is now kept. */
  private take(process: SessionProcess): void {
    const events = process.incoming;
    process.incoming = [];
    for (const event of events) {
      if (event.t < process.firstT) process.firstT = event.t;
      pidsKeptBy(event, process.pid, this.keepPid);
    }
    if (process.shown) {
      if (events.length > 0) this.sink.onEvents(events.map((event) => this.merge!.map(event, process.pid)));
    } else {
      // (add() hands over its caller's array: held as it is, never pushed to, as that process has ended.)
      if (process.held.length === 0) process.held = events;
      else for (const event of events) process.held.push(event);
      if (this.kept.has(process.pid)) this.show(process);
      if (!process.shown) this.trim(process);
    }
    // Processes this piece kept (the other ends of its links) that were held.
    for (; this.looked < this.keptOrder.length; this.looked++) {
      const other = this.processes.get(this.keptOrder[this.looked]!);
      if (other !== undefined && !other.shown) this.show(other);
    }
  }

  /** Shows a kept process: its process event (the first heads the trace), then what it held. */
  private show(process: SessionProcess): void {
    const { header } = process;
    if (header === undefined) {
      if (!process.toldNoHeader && process.held.length > 0) {
        process.toldNoHeader = true;
        this.sink.onProblem({ line: 0, severity: 'error', message: `process ${process.pid} started isolates or used IPC, but its trace has no header line: its ${process.held.length > 1 ? 'events are' : 'event is'} not shown until one comes` }, process.pid);
      }
      return;
    }
    // Nothing to show yet: it shows with its first event.
    if (process.held.length === 0) return;
    const out: TraceEvent[] = [];
    if (this.merge === undefined) {
      this.merge = new ProcessMerge(header);
      this.sink.onHeader(header);
    } else {
      out.push(this.merge.addProcess(header, process.firstT));
    }
    if (process.dropped > 0) {
      const dropped: DroppedEvent = { type: 'dropped', t: process.droppedFrom as Micros, isolate: 0, count: process.dropped };
      out.push(this.merge.map(dropped, process.pid));
    }
    for (const event of process.held) out.push(this.merge.map(event, process.pid));
    process.held = [];
    process.shown = true;
    this.shownPids.push(process.pid);
    this.sink.onEvents(out);
    if (process.dropped > 0) this.sink.onProblem({ line: 0, severity: 'warning', message: `${process.dropped} event(s) of process ${process.pid} from before it started isolates or used IPC were not kept (a process not yet shown holds its last ${this.holdLimit} or so)` }, process.pid);
    if (process.droppedProblems > 0) this.sink.onProblem({ line: 0, severity: 'warning', message: `${process.droppedProblems} more problem(s) of process ${process.pid} from before it was shown were not kept` }, process.pid);
    for (const problem of process.heldProblems) this.sink.onProblem(problem, process.pid);
    process.heldProblems = [];
  }

  /** Keeps a hidden process's last holdLimit events, once it holds half as many again (one
   * copy per holdLimit / 2 events, not one per piece). */
  private trim(process: SessionProcess): void {
    const over = process.held.length - this.holdLimit;
    if (over <= this.holdLimit / 2) return;
    for (let i = 0; i < over; i++) if (process.held[i]!.t < process.droppedFrom) process.droppedFrom = process.held[i]!.t;
    process.dropped += over;
    process.held = process.held.slice(over);
  }

  private problem(process: SessionProcess, problem: TraceProblem): void {
    if (process.shown) this.sink.onProblem(problem, process.pid);
    else if (process.heldProblems.length < PROBLEM_LIMIT) process.heldProblems.push(problem);
    else process.droppedProblems++;
  }

  private toldEnded(process: SessionProcess): void {
    if (process.toldEnded) return;
    process.toldEnded = true;
    this.sink.onProblem({ line: 0, severity: 'warning', message: `process ${process.pid} wrote after its stream ended; ignored` }, process.pid);
  }
}
