// blocked-thread (warning, names the busy isolate): an isolate, a main thread included, busy
// without a break for at least blockedMinBusyUs (200 ms) while messages to it waited at
// least blockedMinWaitUs (100 ms): the span, how many messages waited, the longest wait.
// "Busy without a break" is either
//  - a run of heap samples whose event-loop utilisation is at least blockedBusyElu (0.9),
//    each covering the time since the sample before it; or one sample, late because a long
//    run held the thread, whose busy time (utilisation × time covered) is itself at least
//    blockedMinBusyUs: its busy part is taken to end at the sample; or
//  - a silence: no event of the isolate's own (not even a heap sample, which its event loop
//    would have taken) while a message to it was due, ended by an event other than a heap
//    sample (a late sample's utilisation judges its own interval, above); the span runs
//    from the first due message to the silence's end.
// Messages sent to an isolate (not a main thread) before it handled its first message
// waited on its start-up instead, and are not counted. Spans that overlap are one finding.
// A message is counted once, with the first span it overlaps (a silence before a run). It
// is matched once the isolate has a heap sample after its receive, when every span it can
// overlap is known, so the result does not depend on how the isolates' events interleave
// in the file. Held until then: the waited messages of one sample interval. Kept for good:
// the runs and silences long enough to be findings.
// While the trace streams, a span is decided once it is long enough and a message that
// waited is counted with it: a run still going included (its end grows), a silence once an
// event ended it. Spans only widen, join and count more messages as events come, so a
// decided one is never taken back: a heap sample older than the isolate's last one (its
// parent's and its own samples come by two rings) is passed over, not let end a run early.
import type { Rule, RuleFactory } from './rule';
import { about, count, ms, RelatedMessages } from './related';
import { isolateName, type IsolateRecord } from './traceRecords';
import type { Finding, FindingOptions } from './findingTypes';
import type { SendEvent, SourceLocation, TraceEvent } from '../traceEvents';
import type { Micros } from '../time';

interface Span {
  start: number;
  end: number;
  silence: boolean;
  count: number;
  longest: number;
  longestFrom: SourceLocation | undefined;
  firstDue: number;
  related: RelatedMessages;
}

interface Waited {
  sentAt: number;
  receivedAt: number;
  send: SendEvent;
}

interface Thread {
  lastSampleAt: number | undefined;
  run: Span | undefined;
  spans: Span[];
  held: Waited[];
}

export const blockedThreadRule: RuleFactory = (state, options): Rule => {
  const threads = new Map<IsolateRecord, Thread>();
  /** The threads that changed since current() last looked, and each one's findings then. */
  const changed = new Set<IsolateRecord>();
  const decided = new Map<IsolateRecord, Finding[]>();
  // Events come in runs of one isolate: the last one's thread, at hand.
  let lastIsolate: IsolateRecord | undefined;
  let lastThread: Thread | undefined;
  const threadOf = (isolate: IsolateRecord): Thread => {
    if (isolate === lastIsolate && changed.has(isolate)) return lastThread!;
    let thread = threads.get(isolate);
    if (!thread) threads.set(isolate, (thread = { lastSampleAt: undefined, run: undefined, spans: [], held: [] }));
    lastIsolate = isolate;
    lastThread = thread;
    changed.add(isolate);
    return thread;
  };
  const closeRun = (thread: Thread): void => {
    const run = thread.run;
    if (run && run.end - run.start >= options.blockedMinBusyUs) insert(thread.spans, run);
    thread.run = undefined;
  };
  // A silence that a heap sample ends is the sample's to judge (its utilisation says).
  state.onSilence(options.blockedMinBusyUs, (isolate, from, to) => insert(threadOf(isolate).spans, span(from, to, true)));
  state.onPair((_channel, send, sentAt, receivedAt, at) => {
    const waited = receivedAt - sentAt;
    if (waited < options.blockedMinWaitUs) return;
    // Sent to an isolate before it handled its first message: it waited on the isolate's
    // start-up (which spawn-per-task weighs), not on a blocked thread.
    const first = at.firstReceiveAt;
    if (at.id !== 0 && first !== undefined && sentAt < first) return;
    const thread = threadOf(at);
    const item = { sentAt, receivedAt, send };
    if (thread.lastSampleAt !== undefined && thread.lastSampleAt > item.receivedAt) attach(thread, item);
    else thread.held.push(item);
  });
  return {
    types: ['heap'],
    event(event: TraceEvent, isolate: IsolateRecord): void {
      if (event.type !== 'heap') return;
      const thread = threadOf(isolate);
      // An isolate's samples come from two threads, its own and its parent's while it cannot
      // sample itself (childThreads.ts), by two rings: one may reach the trace after a later
      // one. Its time is judged already; ending the run at it would take back a run's end.
      if (thread.lastSampleAt !== undefined && event.t <= thread.lastSampleAt) return;
      if (thread.lastSampleAt !== undefined) {
        const busy = event.elu * (event.t - thread.lastSampleAt);
        if (event.elu >= options.blockedBusyElu) {
          if (thread.run?.end === thread.lastSampleAt) thread.run.end = event.t;
          else {
            closeRun(thread);
            thread.run = span(thread.lastSampleAt, event.t, false);
          }
        } else {
          closeRun(thread);
          // A late sample: one long run held its timer; it ended just before the sample.
          if (busy >= options.blockedMinBusyUs) thread.run = span(event.t - busy, event.t, false);
        }
      }
      thread.lastSampleAt = event.t;
      if (thread.held.length > 0) {
        const ready = thread.held.filter((w) => w.receivedAt < event.t);
        thread.held = thread.held.filter((w) => w.receivedAt >= event.t);
        for (const w of ready) attach(thread, w);
      }
    },
    current(out: Finding[]): void {
      for (const isolate of changed) {
        const thread = threads.get(isolate)!;
        const run = thread.run;
        const spans = run && run.end - run.start >= options.blockedMinBusyUs ? [...thread.spans, run] : thread.spans;
        decided.set(isolate, merged(spans, options).map((found) => finding(isolate, found)));
      }
      changed.clear();
      for (const found of decided.values()) out.push(...found);
    },
    finish(out: Finding[]): void {
      for (const [isolate, thread] of threads) {
        for (const w of thread.held) attach(thread, w);
        thread.held = [];
        closeRun(thread);
        for (const found of merged(thread.spans, options)) out.push(finding(isolate, found));
      }
    },
  };
};

function span(start: number, end: number, silence: boolean): Span {
  return { start, end, silence, count: 0, longest: 0, longestFrom: undefined, firstDue: Infinity, related: new RelatedMessages() };
}

/** Keeps `spans` in start order (they come almost in order: from the end is quick). */
function insert(spans: Span[], item: Span): void {
  let at = spans.length;
  while (at > 0 && spans[at - 1]!.start > item.start) at--;
  spans.splice(at, 0, item);
}

/** Counts a message that waited with the first span it overlaps: a silence it was due in,
 * else the earliest busy run it overlaps (a closed one, else the open one). */
function attach(thread: Thread, waited: Waited): void {
  const target =
    thread.spans.find((s) => s.silence && waited.sentAt < s.end && waited.receivedAt >= s.end) ??
    thread.spans.find((s) => !s.silence && waited.sentAt < s.end && waited.receivedAt > s.start) ??
    (thread.run && waited.sentAt < thread.run.end && waited.receivedAt > thread.run.start ? thread.run : undefined);
  if (!target) return;
  const wait = waited.receivedAt - waited.sentAt;
  target.count++;
  if (wait > target.longest || (wait === target.longest && target.longestFrom === undefined)) {
    target.longest = wait;
    target.longestFrom = waited.send.location;
  }
  target.firstDue = Math.min(target.firstDue, waited.sentAt);
  target.related.add(waited.send, wait);
}

/** The spans that make findings: silences that had due messages (from the first due one),
 * then overlapping spans joined, each long enough and with a message that waited. */
function merged(spans: Span[], options: FindingOptions): Span[] {
  const candidates = spans
    .filter((s) => !s.silence || s.count > 0)
    .map((s) => (s.silence ? { ...s, start: Math.max(s.start, s.firstDue) } : s))
    .filter((s) => s.end - s.start >= options.blockedMinBusyUs)
    .sort((a, b) => a.start - b.start);
  const joined: Span[] = [];
  for (const s of candidates) {
    const last = joined[joined.length - 1];
    if (last && s.start <= last.end) {
      const related = new RelatedMessages();
      related.merge(last.related);
      related.merge(s.related);
      joined[joined.length - 1] = {
        start: last.start, end: Math.max(last.end, s.end), silence: false, count: last.count + s.count,
        longest: Math.max(last.longest, s.longest), longestFrom: s.longest > last.longest ? s.longestFrom : last.longestFrom,
        firstDue: Math.min(last.firstDue, s.firstDue), related,
      };
    } else joined.push(s);
  }
  return joined.filter((s) => s.count > 0);
}

function finding(isolate: IsolateRecord, s: Span): Finding {
  const location = isolate.location ?? s.longestFrom;
  return {
    rule: 'blocked-thread', severity: 'warning', ...about(isolate), start: s.start as Micros, end: s.end as Micros,
    message: `${isolateName(isolate)} was busy without a break for ${ms(s.end - s.start)} while ${count(s.count, 'message')} to it waited (the longest ${ms(s.longest)})`,
    ...(location ? { location } : {}),
    related: { messages: s.related.list() },
  };
}
