// One trace from the traces of several processes (`isoscope record` of a program that forks;
// the extension's debug session, later): the first process's header heads it, each other
// process is introduced by a `process` event, and every event of another process carries
// its `pid`. Each process numbers its channels from 1, so channels are renumbered, in order
// of first sight, to be unique in the trace; an IPC link is the parent's numbering (`chpid`),
// so both ends of it get the same new number. Times are moved onto the first process's
// clock when a process's origin differs (processes of a trace normally share it).
import type { ProcessEvent, TraceEvent, TraceHeader } from './traceEvents';

export class ProcessMerge {
  readonly header: TraceHeader;
  /** Per process, its channel numbers and their numbers in the merged trace. */
  private readonly channels = new Map<number, Map<number, number>>();
  private readonly shifts = new Map<number, number>();
  private nextChannel = 1;

  constructor(first: TraceHeader) {
    this.header = first;
    this.shifts.set(first.pid, 0);
  }

  /** Takes in another process; returns its process event (`t`: its first event's time). */
  addProcess(header: TraceHeader, firstT: number): ProcessEvent {
    const shift = header.origin !== undefined && this.header.origin !== undefined ? header.origin - this.header.origin : 0;
    this.shifts.set(header.pid, shift);
    const event: ProcessEvent = { type: 'process', t: round(firstT + shift), isolate: 0, pid: header.pid, argv: header.argv };
    if (header.ppid !== undefined) event.ppid = header.ppid;
    if (header.node !== undefined) event.node = header.node;
    return event;
  }

  /** `event`, recorded by process `pid`, as the merged trace holds it (a new object). */
  map(event: TraceEvent, pid: number): TraceEvent {
    const shift = this.shifts.get(pid) ?? 0;
    const mapped = { ...event, t: shift === 0 ? event.t : round(event.t + shift) } as TraceEvent;
    if (pid !== this.header.pid) mapped.pid = pid;
    if (mapped.type === 'send' || mapped.type === 'receive') {
      mapped.channel = this.channel(mapped.chpid ?? pid, mapped.channel);
      delete mapped.chpid;
    }
    return mapped;
  }

  private channel(owner: number, channel: number): number {
    let numbers = this.channels.get(owner);
    if (numbers === undefined) this.channels.set(owner, (numbers = new Map()));
    let merged = numbers.get(channel);
    if (merged === undefined) numbers.set(channel, (merged = this.nextChannel++));
    return merged;
  }
}

function round(t: number): TraceEvent['t'] {
  return (Math.round(t * 10) / 10) as TraceEvent['t'];
}
