// A session's isolates, read from its trace text (dist/sessionModel.cjs): the Isolates view
// loads this bundle when it first shows, so the extension's own bundle (loaded at every
// activation) still carries no trace reader. One streaming reader per process (or per trace
// file) feeds one IsolateTable. No vscode import.
import { TraceReader } from '../../protocol/traceReader';
import { IsolateTable } from '../../protocol/isolateTable';
import { countMessages } from './messageCounts';

export interface SessionModel {
  readonly table: IsolateTable;
  /** NDJSON bytes of process `pid` in order: a live session's (whole lines), or a trace
   * file's (any key; pieces may cut lines, the reader joins them). */
  text(pid: number, bytes: Uint8Array): void;
  /** Process `pid` ended its stream. */
  processEnded(pid: number): void;
  /** A trace file was read to its end: its last line is read even without a newline, and what
   * its ended programs still ran is ended (IsolateTable.traceEnded). */
  end(): void;
}

/** `live`: the text comes from live connections, one process each, in whole lines: its sends
 * and receives are counted from their bytes (messageCounts.ts). A trace file's lines may name
 * other processes and come in any pieces: all of it is read. */
export function createSessionModel(options: { live: boolean }): SessionModel {
  const table = new IsolateTable();
  const streams = new Map<number, { reader: TraceReader; headerPid: number }>();
  const streamOf = (pid: number): { reader: TraceReader; headerPid: number } => {
    let stream = streams.get(pid);
    if (!stream) {
      // Events without a pid are the header's process: the connection's, or a file's first.
      const opened = { headerPid: pid } as { reader: TraceReader; headerPid: number };
      opened.reader = new TraceReader({
        onHeader: (header) => {
          opened.headerPid = header.pid;
          table.header(header);
        },
        onEvent: (event) => table.add(event, opened.headerPid),
      });
      streams.set(pid, (stream = opened));
    }
    return stream;
  };
  return {
    table,
    text(pid, bytes) {
      const stream = streamOf(pid);
      if (options.live) countMessages(bytes, (isolate, sent) => table.countMessage(stream.headerPid, isolate, sent), (run) => stream.reader.write(run));
      else stream.reader.write(bytes);
    },
    processEnded(pid) {
      table.processEnded(streams.get(pid)?.headerPid ?? pid);
    },
    end() {
      for (const stream of streams.values()) stream.reader.end();
      table.traceEnded();
    },
  };
}
