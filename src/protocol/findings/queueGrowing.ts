// queue-growing (warning, names the receiver): a port whose unreceived messages keep growing
// for at least queueMinGrowingUs (1 s): its receiver cannot keep up. A port's queue is
// counted at the end of every step of queueStepUs (100 ms): +1 at each send, -1 at each
// receive of a send to it. It grows from the step where it rises to the step where it last
// reaches a new high, as long as it never falls back by half of what it gained. Bounded:
// one count per port and step that saw a send or a receive. While the trace streams, a
// growth is decided once it grew for 1 s in steps no later event can change (before the
// state's settledBefore()); each queue's steps are scanned once, as they settle.
import type { Rule, RuleFactory } from './rule';
import { about, ms } from './related';
import { isolateName, portKey, type IsolateRecord } from './traceRecords';
import { MAX_RELATED, type Finding } from './findingTypes';
import type { SendEvent, TraceEvent } from '../traceEvents';
import type { Micros } from '../time';

/** A run of +1s or -1s in one step, added to `steps` when the step changes. */
interface StepRun {
  step: number;
  delta: number;
}

interface Queue {
  pid: number | undefined;
  port: string | undefined;
  steps: Map<number, number>;
  sends: StepRun;
  receives: StepRun;
  receiver: IsolateRecord | undefined;
  senders: Set<number>;
  /** Its settled steps as current() scanned them. */
  scan: Scan;
}

/** A walk over a queue's steps in order: the count so far, the growth going on, those ended
 * (`next`: NaN until the first walk, which starts at the earliest step that has a count). */
interface Scan {
  next: number;
  depth: number;
  growth: Growth | undefined;
  found: Growth[];
}

interface Growth {
  base: number;
  high: number;
  from: number;
  highAt: number;
}

export const queueGrowingRule: RuleFactory = (state, options): Rule => {
  const queues = new Map<string, Queue>();
  // A channel always goes to one port: its queue, found once, by the channel's number as
  // the shared state gives it (by index for the usual small ones: a Map lookup per message
  // was a good part of this rule's time).
  const byNumber: (Queue | undefined)[] = [];
  const byChannel = new Map<number, Queue>();
  const queueOf = (channel: number, send: SendEvent): Queue => {
    const small = channel >= 0 && channel < 1 << 20;
    let queue = small ? byNumber[channel] : byChannel.get(channel);
    if (queue) return queue;
    const key = send.port !== undefined ? portKey(send.pid, send.port) : `${send.pid}/channel ${channel}`;
    queue = queues.get(key);
    if (!queue) {
      const scan = { next: NaN, depth: 0, growth: undefined, found: [] };
      queue = { pid: send.pid, port: send.port, steps: new Map(), sends: { step: 0, delta: 0 }, receives: { step: 0, delta: 0 }, receiver: undefined, senders: new Set(), scan };
      queues.set(key, queue);
    }
    if (small) byNumber[channel] = queue;
    else byChannel.set(channel, queue);
    // A channel has one sending end: its first send names the isolate.
    queue.senders.add(send.isolate);
    return queue;
  };
  const count = (queue: Queue, run: StepRun, t: number, delta: number): void => {
    const step = Math.floor(t / options.queueStepUs);
    if (step !== run.step) {
      flush(queue, run);
      run.step = step;
    }
    run.delta += delta;
  };
  state.onPair((channel, send, _sentAt, receivedAt, at) => {
    const queue = queueOf(channel, send);
    queue.receiver ??= at;
    count(queue, queue.receives, receivedAt, -1);
  });
  return {
    types: ['send'],
    event(event: TraceEvent): void {
      if (event.type !== 'send') return;
      const queue = queueOf(state.channelOf(event), event);
      count(queue, queue.sends, event.t, +1);
    },
    current(out: Finding[]): void {
      const settled = Math.floor(state.settledBefore() / options.queueStepUs);
      for (const queue of queues.values()) {
        flush(queue, queue.sends);
        flush(queue, queue.receives);
        const scan = queue.scan;
        if (Number.isNaN(scan.next)) {
          scan.next = settled;
          for (const at of queue.steps.keys()) if (at < scan.next) scan.next = at;
        }
        for (; scan.next < settled; scan.next++) {
          const delta = queue.steps.get(scan.next);
          if (delta !== undefined) step(scan, scan.next, delta);
        }
        for (const growth of scan.growth ? [...scan.found, scan.growth] : scan.found) {
          const found = growthFinding(queue, growth);
          if (found) out.push(found);
        }
      }
    },
    finish(out: Finding[]): void {
      for (const queue of queues.values()) {
        flush(queue, queue.sends);
        flush(queue, queue.receives);
        const scan: Scan = { next: 0, depth: 0, growth: undefined, found: [] };
        for (const at of [...queue.steps.keys()].sort((a, b) => a - b)) step(scan, at, queue.steps.get(at)!);
        for (const growth of scan.growth ? [...scan.found, scan.growth] : scan.found) {
          const found = growthFinding(queue, growth);
          if (found) out.push(found);
        }
      }
    },
  };

  /** The finding of a growth long enough, when the queue's receiver is known. */
  function growthFinding(queue: Queue, growth: Growth): Finding | undefined {
    const start = growth.from * options.queueStepUs;
    const end = (growth.highAt + 1) * options.queueStepUs;
    if (end - start < options.queueMinGrowingUs) return undefined;
    const port = queue.port === undefined ? undefined : state.ports.get(portKey(queue.pid, queue.port));
    const receiver = port?.owner ?? queue.receiver;
    if (!receiver) return undefined;
    const name = queue.port === undefined ? 'a channel' : port?.debugName ? `port "${port.debugName}" (${queue.port})` : `port ${queue.port}`;
    return {
      rule: 'queue-growing', severity: 'warning', ...about(receiver), start: start as Micros, end: end as Micros,
      message: `the unreceived messages of ${name} grew from ${growth.base} to ${growth.high} over ${ms(end - start)}: ${isolateName(receiver)} cannot keep up with what is sent to it`,
      ...(receiver.location ? { location: receiver.location } : {}),
      related: { isolates: [...queue.senders].sort((a, b) => a - b).slice(0, MAX_RELATED) },
    };
  }
};

function flush(queue: Queue, run: StepRun): void {
  if (run.delta !== 0) queue.steps.set(run.step, (queue.steps.get(run.step) ?? 0) + run.delta);
  run.delta = 0;
}

/** The next step of a queue's count (its change in step `at`, after the steps before it). */
function step(scan: Scan, at: number, delta: number): void {
  const before = scan.depth;
  const depth = (scan.depth += delta);
  const growth = scan.growth;
  if (!growth) {
    if (depth > before) scan.growth = { base: before, high: depth, from: at, highAt: at };
  } else if (depth > growth.high) {
    growth.high = depth;
    growth.highAt = at;
  } else if (depth <= growth.base + (growth.high - growth.base) / 2) {
    scan.found.push(growth);
    scan.growth = undefined;
  }
}
