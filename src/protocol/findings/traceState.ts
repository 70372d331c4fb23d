// What every rule needs to know of a trace read so far, kept as it streams: one record per
// isolate (its spawn, its exit, the times of its own events), one per port, and the sends
// and receives still waiting for their other half. A send and its receive are paired
// whichever comes first (events of different isolates interleave only roughly), and the
// pair is handed to the rules; a pair, once made, is forgotten. Nothing here holds the
// trace: the state is bounded by the isolates, the ports and the messages in flight.
import type { ExitEvent, IsolateId, ReceiveEvent, SendEvent, SourceLocation, SpawnKind, TraceEvent } from '../traceEvents';
import { messageKey } from '../messageKey';

/** What is known of one isolate. Times are the trace's µs. */
export interface IsolateRecord {
  id: IsolateId;
  /** Its process when the events name one (a trace of several). */
  pid: number | undefined;
  debugName: string | undefined;
  parent: IsolateId | undefined;
  kind: SpawnKind | undefined;
  entry: string | undefined;
  location: SourceLocation | undefined;
  spawnAt: number | undefined;
  runningAt: number | undefined;
  exit: ExitEvent | undefined;
  /** Its own events (those its thread records: running, heap, send, receive, ports). */
  firstOwnAt: number | undefined;
  lastOwnAt: number | undefined;
  firstReceiveAt: number | undefined;
  lastReceiveAt: number | undefined;
  lastSendAt: number | undefined;
  /** The key of its last send (by time), to ask whether it was received. */
  lastSendKey: number | string | undefined;
}

/** A send not yet paired. */
export interface SendRecord {
  key: number | string;
  event: SendEvent;
  from: IsolateRecord;
}

/** A receive not yet paired; `previousOwnAt` is when its isolate's previous own event was. */
export interface ReceiveRecord {
  key: number | string;
  event: ReceiveEvent;
  at: IsolateRecord;
  previousOwnAt: number | undefined;
}

export interface PortRecord {
  owner: IsolateRecord;
  debugName: string | undefined;
  closedAt: number | undefined;
}

export type PairListener = (send: SendRecord, receive: ReceiveRecord) => void;

/** The name people know an isolate by: "name (isolate 3)", or "main". */
export function isolateName(isolate: IsolateRecord): string {
  if (isolate.id === 0) return isolate.pid === undefined ? 'main' : `main of pid ${isolate.pid}`;
  const name = isolate.debugName ?? `isolate ${isolate.id}`;
  const where = isolate.pid === undefined ? '' : ` of pid ${isolate.pid}`;
  return name === `isolate ${isolate.id}` ? `${name}${where}` : `${name} (isolate ${isolate.id}${where})`;
}

export class TraceState {
  /** By process (undefined: the header's), then isolate id. */
  readonly isolates = new Map<number | undefined, Map<IsolateId, IsolateRecord>>();
  readonly ports = new Map<string, PortRecord>();
  readonly sends = new Map<number | string, SendRecord>();
  readonly receives = new Map<number | string, ReceiveRecord>();
  /** The last `t` of any event. */
  end = 0;
  dropped = 0;
  private readonly listeners: PairListener[] = [];

  onPair(listener: PairListener): void {
    this.listeners.push(listener);
  }

  isolate(pid: number | undefined, id: IsolateId): IsolateRecord {
    let inProcess = this.isolates.get(pid);
    if (!inProcess) this.isolates.set(pid, (inProcess = new Map()));
    let record = inProcess.get(id);
    if (!record) {
      record = {
        id, pid, debugName: undefined, parent: undefined, kind: undefined, entry: undefined, location: undefined, spawnAt: undefined, runningAt: undefined,
        exit: undefined, firstOwnAt: undefined, lastOwnAt: undefined, firstReceiveAt: undefined, lastReceiveAt: undefined, lastSendAt: undefined, lastSendKey: undefined,
      };
      inProcess.set(id, record);
    }
    return record;
  }

  /** Every isolate seen, by process then id. */
  *allIsolates(): Iterable<IsolateRecord> {
    for (const inProcess of this.isolates.values()) yield* inProcess.values();
  }

  /** Takes one event in (pairing a send or receive with its other half, which calls the
   * pair listeners); returns the record of the isolate it names. */
  add(event: TraceEvent): IsolateRecord {
    if (event.t > this.end) this.end = event.t;
    const isolate = this.isolate(event.pid, event.isolate);
    switch (event.type) {
      case 'spawn':
        isolate.debugName = event.debugName;
        isolate.parent = event.parent;
        isolate.kind = event.kind;
        isolate.entry = event.entry;
        isolate.location = event.location;
        isolate.spawnAt = event.t;
        return isolate;
      case 'exit':
        isolate.exit = event;
        return isolate;
      case 'dropped':
        this.dropped += event.count;
        return isolate;
      case 'kill':
      case 'paused':
      case 'resumed':
      case 'process':
        return isolate;
      case 'running':
        isolate.runningAt = event.t;
        break;
      case 'portOpen':
        this.ports.set(portKey(event.pid, event.port), { owner: isolate, debugName: event.debugName, closedAt: undefined });
        break;
      case 'portClose': {
        const port = this.ports.get(portKey(event.pid, event.port));
        if (port) port.closedAt = event.t;
        break;
      }
      case 'send':
        this.send(event, isolate);
        break;
      case 'receive':
        this.receive(event, isolate);
        break;
      case 'heap':
        break;
    }
    // The isolate's own events, in its own time order.
    isolate.firstOwnAt ??= event.t;
    isolate.lastOwnAt = event.t;
    return isolate;
  }

  private send(event: SendEvent, from: IsolateRecord): void {
    const key = keyOf(event);
    if (from.lastSendAt === undefined || event.t >= from.lastSendAt) {
      from.lastSendAt = event.t;
      from.lastSendKey = key;
    }
    const send: SendRecord = { key, event, from };
    const receive = this.receives.get(key);
    if (receive) {
      this.receives.delete(key);
      for (const listener of this.listeners) listener(send, receive);
    } else this.sends.set(key, send);
  }

  private receive(event: ReceiveEvent, at: IsolateRecord): void {
    const key = keyOf(event);
    at.firstReceiveAt ??= event.t;
    at.lastReceiveAt = event.t;
    const receive: ReceiveRecord = { key, event, at, previousOwnAt: at.lastOwnAt };
    const send = this.sends.get(key);
    if (send) {
      this.sends.delete(key);
      for (const listener of this.listeners) listener(send, receive);
    } else this.receives.set(key, receive);
  }

  /** Whether the send with this key was received (or never seen). */
  received(key: number | string): boolean {
    return !this.sends.has(key);
  }

  /** The process's main isolate ended: the program ended (its exit event is recorded last). */
  programEnd(pid: number | undefined): number | undefined {
    return this.isolates.get(pid)?.get(0)?.exit?.t;
  }
}

/** A message's key: its channel and seq, and the process that numbered the channel. */
export function keyOf(event: SendEvent | ReceiveEvent): number | string {
  const key = messageKey(event.channel, event.seq);
  return event.chpid === undefined ? key : `${event.chpid}/${key}`;
}

export function portKey(pid: number | undefined, port: string): string {
  return pid === undefined ? port : `${pid}/${port}`;
}
