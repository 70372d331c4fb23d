// What every rule needs to know of a trace read so far, kept as it streams: one record per
// isolate (its spawn, its exit, the times of its own events), one per port (traceRecords.ts), and the sends
// and receives still waiting for their other half. A send and its receive are paired
// whichever comes first (events of different isolates interleave only roughly), and the
// pair is handed to the rules; a pair, once made, is forgotten. Nothing here holds the
// trace: the state is bounded by the isolates, the ports and the messages in flight.
import { MAX_TABLE_SEQ, MessageTable } from './messageTable';
import { ChannelWindow, EMPTY, RECEIVE, SEND } from './channelWindow';
import type { IsolateId, ReceiveEvent, SendEvent, TraceEvent } from '../traceEvents';
import { portKey, type IsolateRecord, type PairListener, type PortRecord, type SilenceListener } from './traceRecords';

/** How long after an isolate's exit its own last events may still come in a trace (µs):
 * the collector drains every thread's ring every 50 ms; this leaves it 20 drains. */
export const THREAD_SETTLE_US = 1_000_000;

export class TraceState {
  /** By process (undefined: the header's), then isolate id. */
  readonly isolates = new Map<number | undefined, Map<IsolateId, IsolateRecord>>();
  readonly ports = new Map<string, PortRecord>();
  /** Sends and receives waiting for their other half: in their channel's window, by seq
   * (channelWindow.ts); in the tables those too far from the window's seqs or evicted from
   * it. Of a receive only the receiving isolate is kept (and the time). */
  private readonly windows: (ChannelWindow | undefined)[] = [];
  private readonly otherWindows = new Map<number, ChannelWindow>();
  private readonly sends = new MessageTable<SendEvent>();
  private readonly receives = new MessageTable<IsolateRecord>();
  /** Channels numbered by another process (`chpid`), by "chpid/channel": numbers below 0. */
  private readonly foreignChannels = new Map<string, number>();
  /** The record last looked up: events come in runs of one isolate. */
  private last: IsolateRecord | undefined;
  /** The last `t` of any event. */
  end = 0;
  dropped = 0;
  private readonly listeners: PairListener[] = [];
  private silence: { minUs: number; listener: SilenceListener } | undefined;

  onPair(listener: PairListener): void {
    this.listeners.push(listener);
  }

  /** Calls `listener` for each silence of at least `minUs` (one listener). */
  onSilence(minUs: number, listener: SilenceListener): void {
    this.silence = { minUs, listener };
  }

  isolate(pid: number | undefined, id: IsolateId): IsolateRecord {
    const last = this.last;
    if (last !== undefined && last.id === id && last.pid === pid) return last;
    let inProcess = this.isolates.get(pid);
    if (!inProcess) this.isolates.set(pid, (inProcess = new Map()));
    let record = inProcess.get(id);
    if (!record) {
      record = {
        id, pid, debugName: undefined, parent: undefined, kind: undefined, entry: undefined, location: undefined, spawnAt: undefined, runningAt: undefined,
        exit: undefined, firstOwnAt: undefined, lastOwnAt: undefined, lastInOrderAt: undefined, firstReceiveAt: undefined, lastReceiveAt: undefined, lastSendAt: undefined, lastSend: undefined,
      };
      inProcess.set(id, record);
    }
    this.last = record;
    return record;
  }

  /** Every isolate seen, by process then id. */
  *allIsolates(): Iterable<IsolateRecord> {
    for (const inProcess of this.isolates.values()) yield* inProcess.values();
  }

  /** Takes one event in (pairing a send or receive with its other half, which calls the
   * pair listeners); returns the record of the isolate it names. */
  add(event: TraceEvent): IsolateRecord {
    // By type first: the events' shapes are many, and a property read that sees all of
    // them is several times slower than one that sees the few of one type.
    switch (event.type) {
      case 'send': {
        const isolate = this.own(event.t, event.pid, event.isolate);
        this.send(event, isolate);
        return isolate;
      }
      case 'receive': {
        const isolate = this.own(event.t, event.pid, event.isolate);
        this.receive(event, isolate);
        return isolate;
      }
      case 'heap':
        return this.own(event.t, event.pid, event.isolate, true);
      case 'running': {
        const isolate = this.own(event.t, event.pid, event.isolate);
        isolate.runningAt = event.t;
        return isolate;
      }
      case 'portOpen': {
        const isolate = this.own(event.t, event.pid, event.isolate);
        this.ports.set(portKey(event.pid, event.port), { owner: isolate, debugName: event.debugName, closedAt: undefined });
        return isolate;
      }
      case 'portClose': {
        const port = this.ports.get(portKey(event.pid, event.port));
        if (port) port.closedAt = event.t;
        return this.own(event.t, event.pid, event.isolate);
      }
      case 'spawn': {
        const isolate = this.other(event.t, event.pid, event.isolate);
        isolate.debugName = event.debugName;
        isolate.parent = event.parent;
        isolate.kind = event.kind;
        isolate.entry = event.entry;
        isolate.location = event.location;
        isolate.spawnAt = event.t;
        return isolate;
      }
      case 'exit': {
        const isolate = this.other(event.t, event.pid, event.isolate);
        isolate.exit = event;
        return isolate;
      }
      case 'dropped':
        this.dropped += event.count;
        return this.other(event.t, event.pid, event.isolate);
      default:
        return this.other(event.t, event.pid, event.isolate);
    }
  }

  /** An event of the isolate's own: its thread recorded it, in its own time order (a heap
   * sample of a thread with a parent may be its parent's: see lastInOrderAt). */
  private own(t: number, pid: number | undefined, id: IsolateId, sample = false): IsolateRecord {
    if (t > this.end) this.end = t;
    const isolate = this.isolate(pid, id);
    const last = isolate.lastOwnAt;
    if (last === undefined) isolate.firstOwnAt = t;
    else if (!sample && this.silence && t - last >= this.silence.minUs) this.silence.listener(isolate, last, t);
    isolate.lastOwnAt = t;
    if (!sample || id === 0) isolate.lastInOrderAt = t;
    return isolate;
  }

  /** An event about the isolate that another thread may have recorded (spawn, exit, kill…). */
  private other(t: number, pid: number | undefined, id: IsolateId): IsolateRecord {
    if (t > this.end) this.end = t;
    return this.isolate(pid, id);
  }

  private send(event: SendEvent, from: IsolateRecord): void {
    if (from.lastSendAt === undefined || event.t >= from.lastSendAt) {
      from.lastSendAt = event.t;
      from.lastSend = event;
    }
    const channel = this.channelOf(event);
    const seq = event.seq;
    const window = this.window(channel);
    const kind = window.kindAt(seq);
    if (kind === RECEIVE) {
      const at = window.take(seq) as IsolateRecord;
      this.paired(channel, event, event.t, window.takenAt, at);
      return;
    }
    const at = this.receives.take(channel, seq);
    if (at) this.paired(channel, event, event.t, this.receives.takenAt, at);
    else if (kind !== EMPTY || !window.put(seq, SEND, event.t, event)) this.sends.set(channel, seq, event.t, event);
    else this.evictIfSparse(channel, window);
  }

  private receive(event: ReceiveEvent, at: IsolateRecord): void {
    at.firstReceiveAt ??= event.t;
    at.lastReceiveAt = event.t;
    const channel = this.channelOf(event);
    const seq = event.seq;
    const window = this.window(channel);
    const kind = window.kindAt(seq);
    if (kind === SEND) {
      const send = window.take(seq) as SendEvent;
      this.paired(channel, send, window.takenAt, event.t, at);
      return;
    }
    const send = this.sends.take(channel, seq);
    if (send) this.paired(channel, send, this.sends.takenAt, event.t, at);
    else if (kind !== EMPTY || !window.put(seq, RECEIVE, event.t, at)) this.receives.set(channel, seq, event.t, at);
    else this.evictIfSparse(channel, window);
  }

  /** Hands a window's long-waiting messages to the tables when they are few among many slots. */
  private evictIfSparse(channel: number, window: ChannelWindow): void {
    for (const [seq, kind, t, value] of window.evictIfSparse() ?? []) {
      if (kind === SEND) this.sends.set(channel, seq, t, value as SendEvent);
      else this.receives.set(channel, seq, t, value as IsolateRecord);
    }
  }

  /** A channel's window (made on first use). */
  private window(channel: number): ChannelWindow {
    const small = channel >= 0 && channel < 1 << 16;
    let window = small ? this.windows[channel] : this.otherWindows.get(channel);
    if (!window) {
      window = new ChannelWindow();
      if (small) this.windows[channel] = window;
      else this.otherWindows.set(channel, window);
    }
    return window;
  }

  private paired(channel: number, send: SendEvent, sentAt: number, receivedAt: number, at: IsolateRecord): void {
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i]!(channel, send, sentAt, receivedAt, at);
  }

  /** The channel a message goes by: its number, or one of its own (below 0) for a channel
   * another process numbered (or a number the table's 32-bit keys cannot hold). */
  channelOf(event: SendEvent | ReceiveEvent): number {
    if (event.chpid === undefined && (event.channel | 0) === event.channel && event.seq <= MAX_TABLE_SEQ) return event.channel;
    const key = `${event.chpid}/${event.channel}`;
    let channel = this.foreignChannels.get(key);
    if (channel === undefined) this.foreignChannels.set(key, (channel = -1 - this.foreignChannels.size));
    return channel;
  }

  /** Whether this send was received (or never seen). */
  received(send: SendEvent): boolean {
    const channel = this.channelOf(send);
    return this.window(channel).getSend(send.seq) !== send && this.sends.get(channel, send.seq) !== send;
  }

  /** The sends never received (so far). */
  *unpairedSends(): Iterable<SendEvent> {
    for (const window of this.windows) if (window) yield* window.sends();
    for (const window of this.otherWindows.values()) yield* window.sends();
    yield* this.sends.entries();
  }

  /** How many sends and receives wait for their other half. */
  get pending(): number {
    let windows = 0;
    for (const window of this.windows) windows += window?.size ?? 0;
    for (const window of this.otherWindows.values()) windows += window.size;
    return windows + this.sends.size + this.receives.size;
  }

  /** Whether the isolate's own events are all in: it exited, and the trace has gone on for
   * THREAD_SETTLE_US since (its exit is recorded by another thread, and its last events
   * may come after it in the trace, up to a drain of the collector later) or its program
   * ended (whose exit is recorded last: the collector writes it after every other thread's
   * last events; before it did, a trace could have them after it, and there current() can
   * give at the end what finish() does not). */
  threadDone(isolate: IsolateRecord): boolean {
    return isolate.exit !== undefined && (this.end >= isolate.exit.t + THREAD_SETTLE_US || this.programEnd(isolate.pid) !== undefined);
  }

  /** A time before which no more sends or receives will come: each thread records its own
   * events in order, so what is still to come is at or after the last own event in its
   * order (lastInOrderAt: not a heap sample its parent may have recorded; else the spawn,
   * else the trace's start) of every isolate whose thread is not done. It holds for
   * causal traces: an isolate is spawned by a parent that has started, after it started, so
   * one not known yet records nothing before its parent's bound. (The bench's synthetic
   * trace spawns children before their parents and is not; there current() can show a
   * queue growth that finish() does not.) */
  settledBefore(): number {
    let settled = this.end;
    for (const isolate of this.allIsolates()) {
      if (this.threadDone(isolate)) continue;
      // Known only from another's event (a kill before its spawn): it may yet record anything.
      const last = isolate.lastInOrderAt ?? isolate.spawnAt ?? 0;
      if (last < settled) settled = last;
    }
    return settled;
  }

  /** The process's main isolate ended: the program ended (its exit event is recorded last). */
  programEnd(pid: number | undefined): number | undefined {
    return this.isolates.get(pid)?.get(0)?.exit?.t;
  }
}
