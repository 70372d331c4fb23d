// crash (error, names the crashed isolate): an isolate that died of an uncaught error, with
// the message and the stack's first frame. An Isolate.run whose error went back to its
// caller is not one: its isolate ends with reason "error", but its last message (the
// result carrying the error) was received, and the caller rethrew it (an uncaught rethrow
// makes the caller's own isolate the crashed one). The location is the first frame's when
// it is in a file, else the spawn call's. While the trace streams, a crash is decided once
// its exit and its spawn came (a main thread has no spawn), unless it was an Isolate.run's:
// whether its result is received is known only at the end.
import type { Rule, RuleFactory } from './rule';
import { about } from './related';
import { firstFrame } from './stackFrame';
import { isolateName, type IsolateRecord } from './traceRecords';
import { type TraceState } from './traceState';
import type { Finding } from './findingTypes';
import type { Micros } from '../time';

export const crashRule: RuleFactory = (state): Rule => {
  /** Isolates that ended in an error since current() last looked; those it found crashed. */
  let ended: IsolateRecord[] = [];
  const decided: Finding[] = [];
  const seen = new Set<IsolateRecord>();
  return {
    types: ['exit', 'spawn'],
    event(_event, isolate): void {
      if (isolate.exit?.reason === 'error') ended.push(isolate);
    },
    current(out: Finding[]): void {
      for (const isolate of ended) {
        if (seen.has(isolate) || isolate.kind === 'run' || (isolate.kind === undefined && isolate.id !== 0)) continue;
        seen.add(isolate);
        decided.push(crashFinding(state, isolate)!);
      }
      ended = [];
      for (const found of decided) out.push(found);
    },
    finish(out: Finding[]): void {
      for (const isolate of state.allIsolates()) {
        const found = crashFinding(state, isolate);
        if (found) out.push(found);
      }
    },
  };
};

/** The isolate's crash, if it died of an uncaught error. */
function crashFinding(state: TraceState, isolate: IsolateRecord): Finding | undefined {
  const exit = isolate.exit;
  if (exit?.reason !== 'error') return undefined;
  const rethrown = isolate.kind === 'run' && isolate.lastSend !== undefined && state.received(isolate.lastSend);
  if (rethrown) return undefined;
  const text = exit.error?.message.split('\n')[0] ?? `exit code ${exit.code ?? 'unknown'}`;
  // A frame in a shipped entry function names no file: the spawn call stands for it.
  const frame = firstFrame(exit.error?.stack);
  const location = frame?.location ?? isolate.location;
  const at = frame ? ` at ${frame.text}` : '';
  return {
    rule: 'crash', severity: 'error', ...about(isolate), start: exit.t as Micros,
    message: `${isolateName(isolate)} died of an uncaught error: ${text}${at}`,
    ...(location ? { location } : {}),
    related: { isolates: [isolate.id] },
  };
}
