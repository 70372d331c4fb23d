// The processes of a trace: the header's first, then one per process event (or per pid that
// events name without one). Every lane belongs to one; a trace of several processes shows its
// lanes in a group per process, under a heading.
import type { IsolateId, ProcessEvent, TraceHeader } from '../../../src/protocol/traceEvents';

export interface TraceProcess {
  /** Position in the trace's processes (0: the header's). */
  index: number;
  /** undefined only for a trace with no header. */
  pid: number | undefined;
  ppid: number | undefined;
  argv: string[];
  /** Its lanes' index by isolate id. */
  readonly lanes: Map<IsolateId, number>;
}

export class ProcessTable {
  readonly list: TraceProcess[] = [{ index: 0, pid: undefined, ppid: undefined, argv: [], lanes: new Map() }];
  private readonly byPid = new Map<number, TraceProcess>();

  get first(): TraceProcess {
    return this.list[0]!;
  }

  /** The header names the first process. */
  setHeader(header: TraceHeader): void {
    const first = this.first;
    if (first.pid !== undefined) return;
    first.pid = header.pid;
    first.ppid = header.ppid;
    first.argv = header.argv;
    this.byPid.set(header.pid, first);
  }

  /** The process with `pid` (undefined: the header's), made on first sight. */
  of(pid: number | undefined): TraceProcess {
    if (pid === undefined) return this.first;
    let process = this.byPid.get(pid);
    if (!process) {
      process = { index: this.list.length, pid, ppid: undefined, argv: [], lanes: new Map() };
      this.list.push(process);
      this.byPid.set(pid, process);
    }
    return process;
  }

  /** A process event: what the process is. */
  introduce(event: ProcessEvent): TraceProcess {
    const process = this.of(event.pid);
    process.ppid = event.ppid;
    process.argv = event.argv;
    return process;
  }
}
