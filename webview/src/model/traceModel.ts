// What the timeline knows about a trace, built from events as they come (a whole file, or
// live batches): one lane per isolate (of each process) with its life, states and heap
// samples, and the table of messages. Appending is incremental; views ask for `version` to
// know what changed.
import type { ExitEvent, IsolateId, KillEvent, PortOpenEvent, SpawnEvent, SpawnKind, TraceEvent, TraceHeader } from '../../../src/protocol/traceEvents';
import type { TraceProblem } from '../../../src/protocol/traceReader';
import { MessageTable } from './messageTable';
import { ProcessTable, type TraceProcess } from './processes';

export interface Lane {
  /** Position in `model.lanes` (stable: lanes are only ever added). */
  index: number;
  /** The isolate's id in its process. */
  id: IsolateId;
  process: TraceProcess;
  debugName: string;
  parent: IsolateId | null;
  kind: SpawnKind | 'main';
  spawn: SpawnEvent | undefined;
  /** When the lane's bar starts: its spawn, or its first event when it has none. */
  start: number;
  /** When it began running its entry; undefined while starting. */
  running: number | undefined;
  exit: ExitEvent | undefined;
  kill: KillEvent | undefined;
  /** Paused intervals; `to` undefined while still paused. */
  pauses: { from: number; to: number | undefined }[];
  heapT: number[];
  heapUsed: number[];
  heapTotal: number[];
  elu: number[];
  peakHeap: number;
  ports: Map<string, PortOpenEvent>;
  sent: number;
  received: number;
  bytesSent: number;
  bytesReceived: number;
  /** The last time anything happened in this isolate. */
  last: number;
}

export class TraceModel {
  readonly lanes: Lane[] = [];
  readonly processes = new ProcessTable();
  readonly messages = new MessageTable();
  readonly events: TraceEvent[] = [];
  readonly problems: TraceProblem[] = [];
  dropped = 0;
  start = Infinity;
  end = -Infinity;
  /** Bumped on every change. */
  version = 0;
  /** Bumped when a lane is added, named, moved under a parent, or ends (what its label shows). */
  laneVersion = 0;
  private lastLane: Lane | undefined;
  private traceHeader: TraceHeader | undefined;

  /** The trace's header: it names the first process. */
  get header(): TraceHeader | undefined {
    return this.traceHeader;
  }

  set header(header: TraceHeader | undefined) {
    this.traceHeader = header;
    if (header) this.processes.setHeader(header);
  }

  /** The lane of an isolate of `process` (default: the first), made on first sight (an
   * isolate may appear before its spawn). */
  lane(id: IsolateId, process: TraceProcess = this.processes.first): Lane {
    // Events come in runs from one isolate: the last lane asked for is usually the one.
    const last = this.lastLane;
    if (last !== undefined && last.id === id && last.process === process) return last;
    const index = process.lanes.get(id);
    let lane = index === undefined ? undefined : this.lanes[index];
    if (!lane) {
      lane = {
        index: this.lanes.length, id, process, debugName: id === 0 ? 'main' : `isolate ${id}`, parent: null, kind: id === 0 ? 'main' : 'worker',
        spawn: undefined, start: Infinity, running: undefined, exit: undefined, kill: undefined, pauses: [],
        heapT: [], heapUsed: [], heapTotal: [], elu: [], peakHeap: 0, ports: new Map(),
        sent: 0, received: 0, bytesSent: 0, bytesReceived: 0, last: -Infinity,
      };
      process.lanes.set(id, lane.index);
      this.lanes.push(lane);
      this.laneVersion++;
    }
    this.lastLane = lane;
    return lane;
  }

  /** The lane of an isolate of `process`, if the trace has one. */
  laneById(id: IsolateId, process: TraceProcess = this.processes.first): Lane | undefined {
    const index = process.lanes.get(id);
    return index === undefined ? undefined : this.lanes[index];
  }

  get isEmpty(): boolean {
    return this.events.length === 0;
  }

  addEvents(events: readonly TraceEvent[]): void {
    for (const event of events) this.add(event);
    if (events.length > 0) this.version++;
  }

  addProblem(problem: TraceProblem): void {
    this.problems.push(problem);
    this.version++;
  }

  private add(event: TraceEvent): void {
    this.events.push(event);
    const t = event.t;
    if (t < this.start) this.start = t;
    if (t > this.end) this.end = t;
    const process = event.pid === undefined ? this.processes.first : this.processes.of(event.pid);
    const lane = this.lane(event.isolate, process);
    if (t < lane.start) lane.start = t;
    if (t > lane.last) lane.last = t;
    switch (event.type) {
      case 'process':
        this.processes.introduce(event);
        this.laneVersion++;
        break;
      case 'spawn':
        lane.spawn = event;
        lane.debugName = event.debugName;
        lane.parent = event.parent;
        lane.kind = event.kind;
        lane.start = t;
        this.lane(event.parent, process);
        this.laneVersion++;
        break;
      case 'running':
        lane.running = lane.running === undefined ? t : Math.min(lane.running, t);
        break;
      case 'paused':
        lane.pauses.push({ from: t, to: undefined });
        break;
      case 'resumed': {
        const open = lane.pauses.find((p) => p.to === undefined && p.from <= t);
        if (open) open.to = t;
        break;
      }
      case 'kill':
        lane.kill = event;
        break;
      case 'exit':
        lane.exit = event;
        this.laneVersion++;
        break;
      case 'portOpen':
        // Search matches port names: a new port can change which lanes a search shows.
        lane.ports.set(event.port, event);
        this.laneVersion++;
        break;
      case 'send': {
        lane.sent++;
        lane.bytesSent += event.bytes;
        const to = event.to === undefined ? -1 : this.lane(event.to, event.toPid === undefined ? process : this.processes.of(event.toPid)).index;
        const row = this.messages.addSend(event, lane.index, to);
        const receiver = this.messages.to[row]!;
        if (this.messages.receives[row] && receiver >= 0) this.lanes[receiver]!.bytesReceived += event.bytes;
        break;
      }
      case 'receive': {
        lane.received++;
        const row = this.messages.addReceive(event, lane.index);
        const sent = this.messages.sends[row];
        if (sent) lane.bytesReceived += sent.bytes;
        break;
      }
      case 'heap':
        this.addHeap(lane, event.t, event.used, event.total, event.elu);
        break;
      case 'dropped':
        this.dropped += event.count;
        break;
    }
  }

  private addHeap(lane: Lane, t: number, used: number, total: number, elu: number): void {
    // Samples of one isolate arrive in time order; keep the arrays sorted if one does not.
    let at = lane.heapT.length;
    while (at > 0 && lane.heapT[at - 1]! > t) at--;
    lane.heapT.splice(at, 0, t);
    lane.heapUsed.splice(at, 0, used);
    lane.heapTotal.splice(at, 0, total);
    lane.elu.splice(at, 0, elu);
    if (used > lane.peakHeap) lane.peakHeap = used;
  }

  /** When a lane's bar starts: its spawn; the first process's main isolate (never spawned) was there from the start of the trace. */
  laneStart(lane: Lane): number {
    // (Another process's main thread starts when that process does: its process event.)
    return lane.spawn === undefined && lane.id === 0 && lane.process.index === 0 ? Math.min(lane.start, this.start) : lane.start;
  }

  /** When a lane's bar ends: its exit, or the end of the trace while it runs. */
  laneEnd(lane: Lane): number {
    return lane.exit ? lane.exit.t : this.end;
  }

  /** Counts for the header line. */
  counts(): { isolates: number; messages: number; events: number } {
    return { isolates: this.lanes.length, messages: this.messages.count, events: this.events.length };
  }
}
