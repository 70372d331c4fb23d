// The traces a recorded command writes, read while it runs: each traced process appends whole
// lines to its own file (trace-<pid>.isotrace in the record command's folder), so the reader
// takes what is new on a timer and little is left to read when the command ends. On a machine
// with a core to spare, reading and parsing the trace (and finding its findings) then costs
// the record command almost no time after the program (it was most of record's own time on
// a 20,000-task tinypool run). A file is opened only while it is read (a command may start
// hundreds of traced processes), and one that got shorter (a new process of a reused pid
// wrote it anew) is read again from its start.
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { TraceReader } from '../protocol/traceReader';
import type { TraceEvent } from '../protocol/traceEvents';
import { FindingsEngine } from '../protocol/findings/engine';
import type { LoadedTrace } from './readTraceFile';

interface Followed {
  file: string;
  offset: number;
  reader: TraceReader;
  trace: LoadedTrace;
  /** The file's findings, as its events come. */
  findings: FindingsEngine;
}

/** A trace read to its end, with its findings engine (not finished: see record.ts). */
export interface FollowedTrace {
  file: string;
  trace: LoadedTrace;
  findings: FindingsEngine;
}

const CHUNK_BYTES = 1 << 20;

export class TraceFollower {
  private readonly files = new Map<string, Followed>();
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);

  constructor(private readonly dir: string) {}

  /** Reads what every trace file of the folder has gained since the last call. */
  poll(): void {
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.isotrace')) continue;
      this.files.set(name, this.readNew(this.files.get(name) ?? follow(join(this.dir, name))));
    }
  }

  /** Reads what the file gained; a file now shorter than what was read is read anew. */
  private readNew(followed: Followed): Followed {
    const fd = openSync(followed.file, 'r');
    try {
      if (fstatSync(fd).size < followed.offset) followed = follow(followed.file);
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
    return [...this.files.values()].map((followed) => {
      followed.trace.header = followed.reader.end().header;
      return { file: followed.file, trace: followed.trace, findings: followed.findings };
    });
  }

  /** Lets the files go without reading them (the command failed to start). */
  close(): void {
    this.files.clear();
  }
}

/** A trace file to read from its start: its reader, its events and their findings. */
function follow(file: string): Followed {
  const events: TraceEvent[] = [];
  const trace: LoadedTrace = { header: undefined, events, problems: [] };
  const findings = new FindingsEngine();
  const onEvent = (event: TraceEvent): void => {
    events.push(event);
    findings.push(event);
  };
  const reader = new TraceReader({ onEvent, onProblem: (problem) => trace.problems.push(problem) });
  return { file, offset: 0, reader, trace, findings };
}
