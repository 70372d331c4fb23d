// The findings engine: the rules (one file each, beside this one) over a trace's events, whole or streamed. Feed
// it events (one at a time or in chunks, in the order a reader gives them) and call
// finish() at the end; findTraceFindings() does both for a trace held whole. The result is
// the same however the events were cut into chunks, and does not depend on how the events
// of different isolates interleave (only on each isolate's own order, which a trace keeps;
// but a heap sample a parent recorded for its child comes by the parent's ring, so it may
// come before the child's earlier events, or after its later own sample: traceState.ts and
// blockedThread.ts take it so that current() still gives nothing finish() lacks).
// The engine holds no event list: its state is per isolate, per port and per message in
// flight (traceState.ts), and what each rule keeps (said at the top of each rule's file).
// While a trace streams, current() gives the findings already decided (each rule's file
// says when); undelivered-message and isolate-left-running only finish() can decide.
import type { TraceEvent, TraceEventType } from '../traceEvents';
import { DEFAULT_FINDING_OPTIONS, SEVERITY_ORDER, type Finding, type FindingOptions, type FindingSeverity } from './findingTypes';
import { TraceState } from './traceState';
import type { Rule, RuleFactory } from './rule';
import { blockedThreadRule } from './blockedThread';
import { undeliveredMessageRule } from './undelivered';
import { copyCouldTransferRule } from './copyCouldTransfer';
import { spawnPerTaskRule } from './spawnPerTask';
import { isolateLeftRunningRule } from './leftRunning';
import { queueGrowingRule } from './queueGrowing';
import { mostlyWaitingRule } from './mostlyWaiting';
import { crashRule } from './crash';

/** Every rule, in the table order. */
const RULES: RuleFactory[] = [
  blockedThreadRule, undeliveredMessageRule, copyCouldTransferRule, spawnPerTaskRule,
  isolateLeftRunningRule, queueGrowingRule, mostlyWaitingRule, crashRule,
];

export class FindingsEngine {
  private readonly state = new TraceState();
  private readonly rules: Rule[];
  /** The rules each type of event goes to: the common types apart, the rest together. */
  private readonly onSend: Rule[];
  private readonly onReceive: Rule[];
  private readonly onHeap: Rule[];
  private readonly onOther: Rule[];
  private finished: Finding[] | undefined;

  /** `options`: thresholds to change; the rest keep DEFAULT_FINDING_OPTIONS. */
  constructor(options: Partial<FindingOptions> = {}) {
    const settings = { ...DEFAULT_FINDING_OPTIONS, ...options };
    this.rules = RULES.map((make) => make(this.state, settings));
    const wanting = (test: (type: TraceEventType) => boolean): Rule[] => this.rules.filter((rule) => rule.event && rule.types?.some(test));
    this.onSend = wanting((type) => type === 'send');
    this.onReceive = wanting((type) => type === 'receive');
    this.onHeap = wanting((type) => type === 'heap');
    this.onOther = wanting((type) => type !== 'send' && type !== 'receive' && type !== 'heap');
  }

  /** Takes the next event of the trace. */
  push(event: TraceEvent): void {
    if (this.finished) throw new Error('FindingsEngine: push() after finish()');
    const isolate = this.state.add(event);
    const type = event.type;
    const rules = type === 'send' ? this.onSend : type === 'receive' ? this.onReceive : type === 'heap' ? this.onHeap : this.onOther;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rules === this.onOther && !rule.types!.includes(type)) continue;
      rule.event!(event, isolate);
    }
  }

  /** Takes the next chunk of events. */
  pushAll(events: Iterable<TraceEvent>): void {
    for (const event of events) this.push(event);
  }

  /** The findings decided so far, without finishing, in finish()'s order: none of them can a
   * later event take back, though one may grow (see sameFinding). Each rule keeps what it
   * decided, so a call costs little more than the findings it returns. After finish(): its
   * findings. */
  current(): Finding[] {
    if (this.finished) return this.finished;
    const out: Finding[] = [];
    for (const rule of this.rules) rule.current?.(out);
    return out.sort(byTime);
  }

  /** The trace has ended: its findings, by start time (then rule, process and isolate). */
  finish(): Finding[] {
    if (!this.finished) {
      const out: Finding[] = [];
      for (const rule of this.rules) rule.finish(out);
      this.finished = out.sort(byTime);
    }
    return this.finished;
  }
}

/** The findings of a trace held whole. */
export function findTraceFindings(events: Iterable<TraceEvent>, options?: Partial<FindingOptions>): Finding[] {
  const engine = new FindingsEngine(options);
  engine.pushAll(events);
  return engine.finish();
}

/** Whether `early`, a finding current() gave, is `final` (one of finish()'s) as it was
 * then: the same rule and isolate (of the same process), its span within final's. A
 * finding grows as the trace goes on: its span widens, spans join, its counts, message and
 * related events change, and so may its location when it is the longest-waiting message's. */
export function sameFinding(early: Finding, final: Finding): boolean {
  return (
    early.rule === final.rule && early.pid === final.pid && early.isolate === final.isolate &&
    final.start <= early.start && (early.end ?? early.start) <= (final.end ?? final.start)
  );
}

/** Whether any finding is at least `severity`. */
export function reaches(findings: readonly Finding[], severity: FindingSeverity): boolean {
  return findings.some((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[severity]);
}

function byTime(a: Finding, b: Finding): number {
  return a.start - b.start || a.rule.localeCompare(b.rule) || (a.pid ?? -1) - (b.pid ?? -1) || a.isolate - b.isolate || a.message.localeCompare(b.message);
}
