// isolate-left-running (warning, names the isolate): an isolate or worker still alive when
// its program ended. The main isolate's exit event is the program's end; an isolate
// without an exit event by then was killed by the process's exit, mid-work or idle. A trace
// that stops before the program's end (no exit of main) says nothing about this.
import type { Rule, RuleFactory } from './rule';
import { about, ms } from './related';
import { isolateName } from './traceRecords';
import type { Finding } from './findingTypes';
import type { Micros } from '../time';

export const isolateLeftRunningRule: RuleFactory = (state): Rule => ({
  finish(out: Finding[]): void {
    for (const isolate of state.allIsolates()) {
      if (isolate.id === 0 || isolate.exit) continue;
      const end = state.programEnd(isolate.pid);
      if (end === undefined) continue;
      const start = isolate.spawnAt ?? isolate.runningAt ?? isolate.firstOwnAt ?? end;
      const what = isolate.kind === 'worker' ? 'worker' : 'isolate';
      out.push({
        rule: 'isolate-left-running', severity: 'warning', ...about(isolate), start: start as Micros, end: end as Micros,
        message: `${isolateName(isolate)} was still running when the program ended at ${ms(end)}: the process's exit killed it; end the ${what} (kill(), terminate(), close its ports) or let it return`,
        ...(isolate.location ? { location: isolate.location } : {}),
        related: { isolates: [isolate.id] },
      });
    }
  },
});
