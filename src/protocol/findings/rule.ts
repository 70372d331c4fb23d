// The shape of one findings rule: it sees the events of the types it names (after the
// shared state took them in), every send paired with its receive if it asks the state for
// them, says its findings when the trace ends, and (most rules) while the trace streams,
// those already decided.
import type { TraceEvent, TraceEventType } from '../traceEvents';
import type { Finding, FindingOptions } from './findingTypes';
import type { IsolateRecord } from './traceRecords';
import type { TraceState } from './traceState';

export interface Rule {
  /** The types of event `event` is called with. */
  types?: readonly TraceEventType[];
  event?(event: TraceEvent, isolate: IsolateRecord): void;
  finish(out: Finding[]): void;
  /** The findings decided so far, which no later event can take back (one may still grow:
   * its span may widen, its counts rise, its message change); cheap to call
   * often: what it adds is kept, not recomputed. Absent: the rule decides only at the end. */
  current?(out: Finding[]): void;
}

/** Makes a rule over the shared state (it registers for pairs there if it needs them). */
export type RuleFactory = (state: TraceState, options: FindingOptions) => Rule;
