// Where the debugger stopped threads of the program, as the host says (debugPause messages):
// a span on the lane of each thread it stopped, from `paused` to the matching `resumed`, or
// open while still paused. Kept by process whatever the timeline shows: a pause of a process
// not shown yet is drawn once it is. Times come on the machine's monotonic clock and are
// placed in the trace when drawn (the merged header, which says where t = 0 is, may come
// after the pause).
import type { Micros } from '../../../src/protocol/time';
import type { ToTimeline } from '../../../src/protocol/webviewMessages';

export type DebugPauseMessage = Extract<ToTimeline, { type: 'debugPause' }>;

/** One stop of one thread. */
export interface PauseSpan {
  from: Micros;
  /** undefined while still paused. */
  to: Micros | undefined;
  /** Why it stopped, as the debugger says ('breakpoint', 'step', 'exception', …). */
  reason: string | undefined;
}

/** Where `at` (µs on the monotonic clock) of process `pid` falls in the trace; undefined while that cannot be known. */
export type PlaceTime = (pid: number, at: number) => Micros | undefined;

export class DebugPauses {
  private readonly byPid = new Map<number, DebugPauseMessage[]>();
  /** Bumped by each message. */
  version = 0;

  /** Takes a paused or resumed message. */
  add(message: DebugPauseMessage): void {
    const list = this.byPid.get(message.pid);
    if (list) list.push(message);
    else this.byPid.set(message.pid, [message]);
    this.version++;
  }

  get isEmpty(): boolean {
    return this.byPid.size === 0;
  }

  /** The spans of thread `isolate` of process `pid`, in the order they came. */
  spans(pid: number | undefined, isolate: number, place: PlaceTime): PauseSpan[] {
    const messages = pid === undefined ? undefined : this.byPid.get(pid);
    if (!messages) return [];
    const spans: PauseSpan[] = [];
    let open: PauseSpan | undefined;
    for (const message of messages) {
      if (message.isolates !== undefined && !message.isolates.includes(isolate)) continue;
      const t = place(message.pid, message.at);
      if (t === undefined) return [];
      if (message.state === 'paused' && open === undefined) spans.push((open = { from: t, to: undefined, reason: message.reason }));
      else if (message.state === 'resumed' && open !== undefined) {
        open.to = t;
        open = undefined;
      }
    }
    return spans;
  }

  /** The latest time any message is placed at (the time axis reaches it), or -Infinity. */
  latest(place: PlaceTime): number {
    let latest = -Infinity;
    for (const [pid, messages] of this.byPid) {
      for (const message of messages) latest = Math.max(latest, place(pid, message.at) ?? -Infinity);
    }
    return latest;
  }
}

/** A stop in words: "paused at breakpoint", "paused on exception"… */
export function describePause(reason: string | undefined): string {
  if (reason === undefined || reason === '' || reason === 'pause') return 'paused by the debugger';
  if (reason.includes('breakpoint')) return `paused at ${reason}`;
  if (reason === 'step') return 'paused after a step';
  if (reason === 'exception' || reason === 'entry') return `paused on ${reason}`;
  return `paused: ${reason}`;
}
