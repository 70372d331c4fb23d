// crash (error, names the crashed isolate): an isolate that died of an uncaught error, with
// the message and the stack's first frame. An Isolate.run whose error went back to its
// caller is not one: its isolate ends with reason "error", but its last message (the
// result carrying the error) was received, and the caller rethrew it (an uncaught rethrow
// makes the caller's own isolate the crashed one). The location is the first frame's when
// it is in a file, else the spawn call's.
import type { Rule, RuleFactory } from './rule';
import { about } from './related';
import { firstFrame } from './stackFrame';
import { isolateName } from './traceState';
import type { Finding } from './findingTypes';
import type { Micros } from '../time';

export const crashRule: RuleFactory = (state): Rule => ({
  finish(out: Finding[]): void {
    for (const isolate of state.allIsolates()) {
      const exit = isolate.exit;
      if (exit?.reason !== 'error') continue;
      const rethrown = isolate.kind === 'run' && isolate.lastSend !== undefined && state.received(isolate.lastSend);
      if (rethrown) continue;
      const text = exit.error?.message.split('\n')[0] ?? `exit code ${exit.code ?? 'unknown'}`;
      // A frame in a shipped entry function names no file: the spawn call stands for it.
      const frame = firstFrame(exit.error?.stack);
      const location = frame?.location ?? isolate.location;
      const at = frame ? ` at ${frame.text}` : '';
      out.push({
        rule: 'crash', severity: 'error', ...about(isolate), start: exit.t as Micros,
        message: `${isolateName(isolate)} died of an uncaught error: ${text}${at}`,
        ...(location ? { location } : {}),
        related: { isolates: [isolate.id] },
      });
    }
  },
});
