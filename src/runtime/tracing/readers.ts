// Reading traces from the runtime's API (`import { parseTrace, summarize } from 'isoscope'`):
// the reader and the summary are in the tools bundle, loaded on first use, so that an
// isolate starting up does not parse them.
import type * as Reader from '../../protocol/traceReader';
import type * as Summary from '../../protocol/traceSummary';

const tools = (): typeof import('./tools') => require('./tools');

/** The format's streaming reader (the CLI's and the extension's). */
export const TraceReader: typeof Reader.TraceReader = class {
  constructor(...args: ConstructorParameters<typeof Reader.TraceReader>) {
    return new (tools().TraceReader)(...args);
  }
} as never;

/** Reads a whole trace held in memory. */
export const parseTrace: typeof Reader.parseTrace = (...args) => tools().parseTrace(...args);

/** "error: line 12: …" for people. */
export const formatProblem: typeof Reader.formatProblem = (problem) => tools().formatProblem(problem);

/** One row per isolate and the totals, as `isoscope summary --json` prints them. */
export const summarize: typeof Summary.summarize = (...args) => tools().summarize(...args);
