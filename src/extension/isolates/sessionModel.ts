// A session's isolates, read from its trace text (dist/sessionModel.cjs): the Isolates view
// loads this bundle when it first shows, so the extension's own bundle (loaded at every
// activation) still carries no trace reader. One streaming reader per process feeds one
// IsolateTable. No vscode import.
import { TraceReader } from '../../protocol/traceReader';
import { IsolateTable } from '../../protocol/isolateTable';

export interface SessionModel {
  readonly table: IsolateTable;
  /** NDJSON bytes of process `pid` (whole lines), in order. */
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
        reader = new TraceReader({ onHeader: (header) => table.header(header), onEvent: (event) => table.add(event, pid) });
        readers.set(pid, reader);
      }
      reader.write(bytes);
    },
    processEnded(pid) {
      table.processEnded(pid);
    },
  };
}
