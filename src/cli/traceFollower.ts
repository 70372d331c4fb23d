// The traces a recorded command writes, read while it runs: each traced process appends whole
// lines to its own file (trace-<pid>.isotrace in the record command's folder), so the reader
// takes what is new on a timer and little is left to read when the command ends. On a machine
// with a core to spare, reading and parsing the trace (and finding its findings) then costs
// the record command almost no time after the program (it was most of record's own time on
// a 20,000-task tinypool run). A file is opened only while it is read (a command may start
// hundreds of traced processes), and one that got shorter (a new process of a reused pid
// wrote it anew) is read again from its start.
// What record prints of a file (its summary, its findings, the pids it keeps in the trace) is
// made as its events are read, and the events are not kept: after the program, record only
// finishes them (the summary of 80,000 events took 35–75 ms after the run, and holding the
// events cost about as much again in garbage collection). Only when two processes are to be
// kept in the trace (record.ts: those that did parallel work or talked over IPC), and so
// merged, are their events kept too, what was read of them before read again then.
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { TraceReader, type TraceProblem } from '../protocol/traceReader';
import type { TraceEvent, TraceHeader } from '../protocol/traceEvents';
import { FindingsEngine } from '../protocol/findings/engine';
import { summarize, TraceSummarizer, type TraceSummary } from '../protocol/traceSummary';
import { pidsKeptBy } from '../protocol/sessionMerge';
import type { LoadedTrace } from './readTraceFile';

/** A trace read to its end (its findings engine not finished: see record.ts). */
export interface FollowedTrace {
  file: string;
  header: TraceHeader | undefined;
  /** How many events it holds. */
  events: number;
  problems: TraceProblem[];
  findings: FindingsEngine;
  /** The processes its events keep in the trace (pidsKeptBy); none without a header. */
  keeps: number[];
  /** Its summary (made again from the file when its header came after events: call it
   * before the file is moved). */
  summary(): TraceSummary;
  /** The whole trace, for a merge (kept as it was read, or read again from the file). */
  loaded(): LoadedTrace;
}

const CHUNK_BYTES = 1 << 20;

/** Stands for the file's own pid in pidsKeptBy (no pid in a trace is NaN: JSON has none). */
const OWN_PID = Number.NaN;

export class TraceFollower {
  private readonly files = new Map<string, Followed>();
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);

  constructor(private readonly dir: string) {}

  /** Reads what every trace file of the folder has gained since the last call. */
  poll(): void {
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.isotrace')) continue;
      this.files.set(name, this.readNew(this.files.get(name) ?? new Followed(join(this.dir, name))));
    }
    // The traces to be merged so far (see the top of this file) keep their events.
    const kept = new Set<number>();
    for (const followed of this.files.values()) followed.keeps(kept);
    const merged = [...this.files.values()].filter((followed) => kept.has(followed.pid ?? -1));
    if (merged.length > 1) for (const followed of merged) followed.keepEvents();
  }

  /** Reads what the file gained; a file now shorter than what was read is read anew. */
  private readNew(followed: Followed): Followed {
    const fd = openSync(followed.file, 'r');
    try {
      if (fstatSync(fd).size < followed.offset) followed = new Followed(followed.file);
      for (;;) {
        const read = readSync(fd, this.buffer, 0, CHUNK_BYTES, followed.offset);
        if (read === 0) return followed;
        followed.offset += read;
        // (The reader copies what it holds of a line cut off at the chunk's end.)
        followed.reader.write(this.buffer.subarray(0, read));
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Every trace, read to its end: call once the command has ended. */
  finish(): FollowedTrace[] {
    this.poll();
    return [...this.files.values()].map((followed) => followed.end());
  }

  /** Lets the files go without reading them (the command failed to start). */
  close(): void {
    this.files.clear();
  }
}

/** A trace file read from its start: its reader, and what is made of its events as they come. */
class Followed {
  offset = 0;
  private events = 0;
  private readonly problems: TraceProblem[] = [];
  private readonly findings = new FindingsEngine();
  /** Made at the header, or at the first event when that comes before any header. */
  private summarizer: TraceSummarizer | undefined;
  private summarizedFor: TraceHeader | undefined;
  /** What its events keep in the trace: its own process (the header's pid, which may come
   * after them), and other processes. */
  private keepsOwn = false;
  private readonly keepsOthers = new Set<number>();
  /** Its events, once they are kept (see keepEvents). */
  private kept: TraceEvent[] | undefined;
  /** Its process, from its header. */
  pid: number | undefined;
  private readonly keep = (pid: number): void => {
    if (Number.isNaN(pid)) this.keepsOwn = true;
    else this.keepsOthers.add(pid);
  };
  readonly reader = new TraceReader({
    onHeader: (header) => {
      this.pid ??= header.pid;
      this.summarizer ??= new TraceSummarizer((this.summarizedFor = header));
    },
    onEvent: (event) => {
      this.events++;
      this.findings.push(event);
      (this.summarizer ??= new TraceSummarizer()).add(event);
      pidsKeptBy(event, OWN_PID, this.keep);
      this.kept?.push(event);
    },
    onProblem: (problem) => this.problems.push(problem),
  });

  constructor(readonly file: string) {}

  /** Adds the processes its events keep in the trace (none before its header). */
  keeps(into: Set<number>): void {
    if (this.pid === undefined) return;
    if (this.keepsOwn) into.add(this.pid);
    for (const pid of this.keepsOthers) into.add(pid);
  }

  /** Keeps its events from now on, and those it has read: read again (up to where the
   * reader is: a line cut there is the reader's, which holds it). */
  keepEvents(): void {
    if (this.kept) return;
    this.kept = this.offset === 0 ? [] : readEvents(this.file, this.offset, false);
  }

  /** The file has been read to its end. */
  end(): FollowedTrace {
    const header = this.reader.end().header;
    const { file, events, problems, findings, summarizer, summarizedFor } = this;
    const keeps = new Set<number>();
    this.keeps(keeps);
    // Summarized without the header it has (it came after events): summarized again, whole.
    const read = this.offset;
    // (As far as it was read: what a process that outlives the command writes later is not in
    // the events counted, nor in the findings.)
    const whole = (): TraceEvent[] => this.kept ?? readEvents(file, read, true);
    const summary = (): TraceSummary => (summarizer && summarizedFor === header ? summarizer.finish() : summarize(whole(), header));
    return { file, header, events, problems, findings, keeps: [...keeps], summary, loaded: () => ({ header, events: whole(), problems }) };
  }
}

/** The events of `file`'s first `upTo` bytes, read in chunks; `atEnd`: a last line with no
 * newline counts (the file ends there), else it is left to whoever reads on. */
function readEvents(file: string, upTo: number, atEnd: boolean): TraceEvent[] {
  const events: TraceEvent[] = [];
  const reader = new TraceReader({ onEvent: (event) => events.push(event) });
  const chunk = Buffer.allocUnsafe(Math.min(upTo, CHUNK_BYTES));
  const fd = openSync(file, 'r');
  try {
    for (let at = 0; at < upTo; ) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, upTo - at), at);
      if (read === 0) break;
      reader.write(chunk.subarray(0, read));
      at += read;
    }
  } finally {
    closeSync(fd);
  }
  if (atEnd) reader.end();
  return events;
}
