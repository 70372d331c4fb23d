// What the reader checks across lines: every isolate with events has a spawn (a process's
// main thread needs none), and every process other than the header's has a process event.
// Reported once each, at the end of the stream (a spawn may come after the first events of
// its isolate: threads are drained in turn).
import type { IsolateId, TraceEvent } from './traceEvents';

export class SpawnCheck {
  /** Per process (-1: the header's), the isolates with a spawn, and main: a lookup per event. */
  private readonly known = new Map<number, Set<IsolateId>>([[-1, new Set([0])]]);
  private readonly headerKnown = this.known.get(-1)!;
  /** Isolates seen without a spawn: the line each was first seen on, by process. */
  private readonly unknownSeen = new Map<number, Map<IsolateId, number>>();
  /** Processes seen before (or without) their process event, and their first line. */
  private readonly unannounced = new Map<number, number>();

  /** Notes one event; `headerPid` is the pid of the header's process, when known. */
  note(event: TraceEvent, line: number, headerPid: number | undefined): void {
    const pid = event.pid === undefined || event.pid === headerPid ? -1 : event.pid;
    let known = pid === -1 ? this.headerKnown : this.known.get(pid);
    if (known === undefined) {
      this.known.set(pid, (known = new Set([0])));
      this.unannounced.set(pid, line);
    }
    if (event.type === 'process') this.unannounced.delete(pid);
    if (event.type === 'spawn') known.add(event.isolate);
    if (event.type === 'spawn' || event.type === 'process' || known.has(event.isolate)) return;
    let seen = this.unknownSeen.get(pid);
    if (seen === undefined) this.unknownSeen.set(pid, (seen = new Map()));
    if (!seen.has(event.isolate)) seen.set(event.isolate, line);
  }

  /** The warnings, as [line, message]. */
  *warnings(): Generator<[number, string]> {
    for (const [pid, line] of this.unannounced) yield [line, `process ${pid} has events (first on this line) but no process event`];
    for (const [pid, seen] of this.unknownSeen) {
      const known = this.known.get(pid);
      for (const [isolate, line] of seen) {
        if (!known?.has(isolate)) yield [line, `isolate ${isolate}${pid === -1 ? '' : ` of process ${pid}`} has events (first on this line) but no spawn event`];
      }
    }
  }
}
