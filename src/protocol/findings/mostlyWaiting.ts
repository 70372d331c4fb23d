// mostly-waiting (info, names the isolate): an isolate (not a main thread) alive at least
// waitingMinLifeUs (1 s) whose event loop was busy less than waitingMaxBusyShare (10%) of
// its life, by its heap samples' event-loop utilisation weighted by the time each covers.
// It waits (on I/O, timers) rather than computes: an async function on the main thread
// would do the same without a thread and its copies. Its life runs from its thread's start
// (its spawn when the trace lacks it: start-up on a loaded machine is not waiting) to its
// exit, or to the program's end (else the trace's); the samples must cover half of it.
// While the trace streams, decided for an isolate once its thread is done (traceState.ts:
// it exited, and its last events are in).
import type { Rule, RuleFactory } from './rule';
import { about, ms } from './related';
import { isolateName, type IsolateRecord } from './traceRecords';
import type { Finding } from './findingTypes';
import type { TraceEvent } from '../traceEvents';
import type { Micros } from '../time';

interface Utilisation {
  busy: number;
  sampled: number;
  last: number | undefined;
}

export const mostlyWaitingRule: RuleFactory = (state, options): Rule => {
  const loops = new Map<IsolateRecord, Utilisation>();
  /** Isolates that exited since current() last looked; the findings of those that had. */
  let exited: IsolateRecord[] = [];
  const decided = new Map<IsolateRecord, Finding>();
  const judge = (isolate: IsolateRecord, loop: Utilisation): Finding | undefined => {
    const start = isolate.runningAt ?? isolate.spawnAt ?? isolate.firstOwnAt;
    if (start === undefined) return undefined;
    const end = isolate.exit?.t ?? state.programEnd(isolate.pid) ?? state.end;
    const life = end - start;
    if (life < options.waitingMinLifeUs || loop.sampled < life / 2) return undefined;
    const share = loop.busy / loop.sampled;
    if (share >= options.waitingMaxBusyShare) return undefined;
    return {
      rule: 'mostly-waiting', severity: 'info', ...about(isolate), start: start as Micros, end: end as Micros,
      message: `${isolateName(isolate)} was alive ${ms(life)} but its event loop was busy only ${(share * 100).toFixed(1)}% of it: it waits (on I/O, timers) rather than computes; an async function on the main thread would do the same without a thread and its copies`,
      ...(isolate.location ? { location: isolate.location } : {}),
      related: { isolates: [isolate.id] },
    };
  };
  return {
    types: ['heap', 'exit'],
    event(event: TraceEvent, isolate: IsolateRecord): void {
      if (isolate.id === 0) return;
      if (event.type === 'exit') {
        exited.push(isolate);
        return;
      }
      if (event.type !== 'heap') return;
      let loop = loops.get(isolate);
      if (!loop) loops.set(isolate, (loop = { busy: 0, sampled: 0, last: undefined }));
      // A sample older than the last (its parent's and its own come by two rings, see
      // blockedThread.ts): its time is counted already.
      if (loop.last !== undefined && event.t <= loop.last) return;
      // The first sample's utilisation is of the thread's life so far: since it started.
      const since = loop.last ?? isolate.runningAt ?? event.t;
      const span = Math.max(0, event.t - since);
      loop.busy += event.elu * span;
      loop.sampled += span;
      loop.last = event.t;
    },
    current(out: Finding[]): void {
      exited = exited.filter((isolate) => {
        if (!state.threadDone(isolate)) return true;
        const loop = loops.get(isolate);
        const found = loop && judge(isolate, loop);
        if (found) decided.set(isolate, found);
        return false;
      });
      for (const found of decided.values()) out.push(found);
    },
    finish(out: Finding[]): void {
      for (const [isolate, loop] of loops) {
        const found = judge(isolate, loop);
        if (found) out.push(found);
      }
    },
  };
};
