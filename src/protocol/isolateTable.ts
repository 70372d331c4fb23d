// The isolates of a session as the Isolates view lists them: for each process, its isolates
// with their parent, name, kind, state, last heap sample and messages in and out, built from
// trace events as they come (a live session's, or a trace file's). Pure (no Node, no vscode):
// the extension's session model feeds it, and any other reader can.
import type { IsolateId, SourceLocation, SpawnKind, TraceEvent, TraceHeader } from './traceEvents';

export type IsolateState = 'starting' | 'running' | 'paused' | 'returned' | 'exited' | 'killed' | 'crashed';

export interface IsolateRow {
  pid: number;
  id: IsolateId;
  /** The isolate that spawned it; undefined for a process's main isolate. */
  parent: IsolateId | undefined;
  debugName: string;
  /** How it was started; `main` for a process's main thread. */
  kind: SpawnKind | 'main';
  state: IsolateState;
  /** The last heap sample's used bytes, if any came. */
  heapUsed: number | undefined;
  sent: number;
  received: number;
  /** Where it was spawned (with ISOSCOPE_CAPTURE_LOCATIONS, or the Isolate API's own). */
  location: SourceLocation | undefined;
  /** An uncaught error's message, for a crashed isolate. */
  error: string | undefined;
  /** Who paused it, while paused: the editor, or the program. */
  pausedBy: 'editor' | 'program' | undefined;
  /** Killed while it waited for work (a pool library shutting down its idle worker). */
  killedIdle?: true;
}

export const ENDED_STATES: ReadonlySet<IsolateState> = new Set(['returned', 'exited', 'killed', 'crashed']);

export class IsolateTable {
  private readonly rows = new Map<string, IsolateRow>();
  /** Each row's children (by `pid:id`), kept as spawns come: a tree of thousands stays cheap. */
  private readonly childrenOf = new Map<string, IsolateRow[]>();
  private readonly pids = new Set<number>();
  /** Processes whose main isolate's exit is in the trace (the program ended). */
  private readonly mainExited = new Set<number>();
  /** Bumped by every change a viewer would show. */
  version = 0;

  /** A process's header: its main isolate. */
  header(header: Pick<TraceHeader, 'pid'>): void {
    this.row(header.pid, 0);
  }

  add(event: TraceEvent, headerPid: number): void {
    const pid = event.pid ?? headerPid;
    switch (event.type) {
      case 'process':
        this.row(event.pid, 0);
        break;
      case 'spawn': {
        const row = this.row(pid, event.isolate);
        if (row.parent !== event.parent) this.adopt(row, event.parent);
        row.debugName = event.debugName;
        row.kind = event.kind;
        row.location = event.location;
        break;
      }
      case 'running':
        this.setState(pid, event.isolate, 'running');
        break;
      case 'paused':
        this.setState(pid, event.isolate, 'paused');
        this.row(pid, event.isolate).pausedBy = event.by === 'editor' ? 'editor' : 'program';
        break;
      case 'resumed':
        this.setState(pid, event.isolate, 'running');
        this.row(pid, event.isolate).pausedBy = undefined;
        break;
      case 'exit': {
        const row = this.row(pid, event.isolate);
        row.state = event.reason === 'error' ? 'crashed' : event.reason;
        row.error = event.error?.message.split('\n')[0];
        if (event.isolate === 0) this.mainExited.add(pid);
        break;
      }
      case 'send':
        this.row(pid, event.isolate).sent++;
        break;
      case 'receive':
        this.row(pid, event.isolate).received++;
        break;
      case 'heap':
        this.row(pid, event.isolate).heapUsed = event.used;
        break;
      case 'kill':
        if (!event.idle) return; // (the exit says what came of the request)
        this.row(pid, event.isolate).killedIdle = true;
        break;
      default:
        return; // ports, gaps
    }
    this.version++;
  }

  /** A send or receive of isolate `id` of process `pid`, counted without its event (a live
   * session's fast path). */
  countMessage(pid: number, id: IsolateId, sent: boolean): void {
    const row = this.row(pid, id);
    if (sent) row.sent++;
    else row.received++;
    this.version++;
  }

  /** Every isolate, in the order they appeared (each process's main first). */
  list(): IsolateRow[] {
    return [...this.rows.values()];
  }

  get(pid: number, id: IsolateId): IsolateRow | undefined {
    return this.rows.get(`${pid}:${id}`);
  }

  /** The isolates `row` spawned, in the order they came. */
  children(row: IsolateRow): readonly IsolateRow[] {
    return this.childrenOf.get(`${row.pid}:${row.id}`) ?? [];
  }

  /** How many processes the table holds. */
  get processCount(): number {
    return this.pids.size;
  }

  /** The first process the table heard of (a trace's header's): the one a finding without a pid names. */
  get firstPid(): number | undefined {
    return this.pids.values().next().value;
  }

  /** A trace file was read to its end: the processes whose program ended (their main's exit is
   * in it) ended whatever still ran, as processEnded says; the others were still running
   * when the trace was written, and stay so. */
  traceEnded(): void {
    for (const pid of this.mainExited) this.processEnded(pid);
  }

  private adopt(row: IsolateRow, parent: IsolateId): void {
    if (row.parent !== undefined) {
      const siblings = this.childrenOf.get(`${row.pid}:${row.parent}`);
      siblings?.splice(siblings.indexOf(row), 1);
    }
    row.parent = parent;
    this.row(row.pid, parent);
    const key = `${row.pid}:${parent}`;
    let siblings = this.childrenOf.get(key);
    if (!siblings) this.childrenOf.set(key, (siblings = []));
    siblings.push(row);
  }

  /** A process ended its stream: whatever it still ran ended with it. */
  processEnded(pid: number): void {
    for (const row of this.rows.values()) {
      if (row.pid !== pid || ENDED_STATES.has(row.state)) continue;
      row.state = row.id === 0 ? 'exited' : 'killed';
      this.version++;
    }
  }

  private setState(pid: number, id: IsolateId, state: IsolateState): void {
    const row = this.row(pid, id);
    if (!ENDED_STATES.has(row.state)) row.state = state;
  }

  private row(pid: number, id: IsolateId): IsolateRow {
    const key = `${pid}:${id}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { pid, id, parent: undefined, debugName: id === 0 ? 'main' : `isolate ${id}`, kind: id === 0 ? 'main' : 'worker', state: id === 0 ? 'running' : 'starting', heapUsed: undefined, sent: 0, received: 0, location: undefined, error: undefined, pausedBy: undefined };
      this.rows.set(key, row);
      this.pids.add(pid);
      this.version++;
    }
    return row;
  }
}
