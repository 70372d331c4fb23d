// The shape of one findings rule: it sees every event (after the shared state took it in),
// every send paired with its receive, and says its findings when the trace ends.
import type { TraceEvent } from '../traceEvents';
import type { Finding, FindingOptions } from './findingTypes';
import type { IsolateRecord, TraceState } from './traceState';

export interface Rule {
  event?(event: TraceEvent, isolate: IsolateRecord): void;
  finish(out: Finding[]): void;
}

/** Makes a rule over the shared state (it registers for pairs there if it needs them). */
export type RuleFactory = (state: TraceState, options: FindingOptions) => Rule;
