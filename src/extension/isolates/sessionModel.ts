// A session's isolates, read from its trace text (dist/sessionModel.cjs): the Isolates view
// loads this bundle when it first shows, so the extension's own bundle (loaded at every
// activation) still carries no trace reader. One streaming reader per process (or per trace
// file) feeds one IsolateTable. No vscode import.
import { TraceReader } from '../../protocol/traceReader';
import { IsolateTable } from '../../protocol/isolateTable';

export interface SessionModel {
  readonly table: IsolateTable;
  /** NDJSON bytes of process `pid` (a live session's; any key for a trace file), in order:
   * pieces may cut lines, the reader joins them. */
  text(pid: number, bytes: Uint8Array): void;
  /** Process `pid` ended its stream. */
  processEnded(pid: number): void;
}

export function createSessionModel(): SessionModel {
  const table = new IsolateTable();
  const readers = new Map<number, TraceReader>();
  return {
    table,
    text(pid, bytes) {
      let reader = readers.get(pid);
      if (!reader) {
        // Events without a pid are the header's process: the connection's, or a file's first.
        let headerPid = pid;
        reader = new TraceReader({
          onHeader: (header) => {
            headerPid = header.pid;
            table.header(header);
          },
          onEvent: (event) => table.add(event, headerPid),
        });
        readers.set(pid, reader);
      }
      reader.write(bytes);
    },
    processEnded(pid) {
      table.processEnded(pid);
    },
  };
}
