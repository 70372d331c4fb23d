// What a finding is, the rules that make them, and every rule's thresholds with their
// defaults (the values the table names; settable through FindingOptions).
import type { IsolateId, SourceLocation } from '../traceEvents';
import type { Micros } from '../time';

export type FindingRule =
  | 'blocked-thread'
  | 'undelivered-message'
  | 'copy-could-transfer'
  | 'spawn-per-task'
  | 'isolate-left-running'
  | 'queue-growing'
  | 'mostly-waiting'
  | 'crash';

export type FindingSeverity = 'info' | 'warning' | 'error';

/** A message, by the channel and seq its send and receive share. */
export interface MessageId {
  channel: number;
  seq: number;
}

/** A concrete problem in a trace, with its place in time and (when known) in the source. */
export interface Finding {
  rule: FindingRule;
  severity: FindingSeverity;
  /** The isolate the rule names (see each rule). */
  isolate: IsolateId;
  /** Its process, in a trace of several (the events' `pid`); absent: the header's. */
  pid?: number;
  /** In the trace's own time (µs since it started). */
  start: Micros;
  end?: Micros;
  message: string;
  location?: SourceLocation;
  /** The events that prove it: message ids, isolates. */
  related?: { messages?: MessageId[]; isolates?: IsolateId[] };
}

export interface FindingOptions {
  /** blocked-thread: busy without a break for at least this long (µs). */
  blockedMinBusyUs: number;
  /** blocked-thread: while a message to it waited at least this long (µs). */
  blockedMinWaitUs: number;
  /** blocked-thread: a heap sample's event-loop utilisation that counts as busy. */
  blockedBusyElu: number;
  /** copy-could-transfer: a copied message at least this big (bytes; 1 MB = 2^20). */
  copyMinBytes: number;
  /** copy-could-transfer: of which at least this share was ArrayBuffers or typed arrays. */
  copyMinBufferShare: number;
  /** spawn-per-task: at least this many short-lived isolates of one entry… */
  spawnMinIsolates: number;
  /** spawn-per-task: …each doing its work in less than this (µs). */
  spawnMaxWorkUs: number;
  /** queue-growing: a port's unreceived messages keep growing for at least this long (µs). */
  queueMinGrowingUs: number;
  /** queue-growing: the queue is measured at the end of every step of this length (µs). */
  queueStepUs: number;
  /** mostly-waiting: an isolate alive at least this long (µs)… */
  waitingMinLifeUs: number;
  /** mostly-waiting: …whose event loop was busy less than this share of its life. */
  waitingMaxBusyShare: number;
}

export const DEFAULT_FINDING_OPTIONS: Readonly<FindingOptions> = Object.freeze({
  blockedMinBusyUs: 200_000,
  blockedMinWaitUs: 100_000,
  blockedBusyElu: 0.9,
  copyMinBytes: 2 ** 20,
  copyMinBufferShare: 0.9,
  spawnMinIsolates: 20,
  spawnMaxWorkUs: 50_000,
  queueMinGrowingUs: 1_000_000,
  queueStepUs: 100_000,
  waitingMinLifeUs: 1_000_000,
  waitingMaxBusyShare: 0.1,
});

export const SEVERITY_ORDER: Record<FindingSeverity, number> = { info: 0, warning: 1, error: 2 };

/** At most this many related messages or isolates are kept per finding. */
export const MAX_RELATED = 20;
