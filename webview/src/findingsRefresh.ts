// When the findings of the trace shown are worked out (src/protocol/findings). A trace read
// whole: once, after the first frame with its events is drawn, so opening it is no slower. A
// live session: at most every 2 s while events come (longer when working them out costs more
// than a tenth of that), and once more when it ends.
// Each time, a fresh engine is fed the model's events from the first: the engine gives its
// findings only at finish(), after which it takes no more events, and the model keeps every
// event anyway. It is fed in slices of a few milliseconds, each in its own task, so frames and
// live batches go on while a big trace is read; events that come meanwhile wait for the next time.
// While a session goes on, what finish() says of messages not received yet is left out: they
// may still be (the engine has no way yet to give only what is decided so far).
import { FindingsEngine } from '../../src/protocol/findings/engine';
import type { Finding, FindingRule } from '../../src/protocol/findings/findingTypes';
import type { TraceModel } from './model/traceModel';

/** Live: findings worked out again at most this often (ms). */
const LIVE_EVERY_MS = 2000;
/** Rules that a trace still coming may yet prove wrong: shown once it has all come. */
const UNDECIDED_WHILE_LIVE: ReadonlySet<FindingRule> = new Set(['undelivered-message']);
/** Time one slice of feeding may take (ms) before the page gets a turn. */
const SLICE_MS = 8;

export class FindingsRefresh {
  /** The findings last worked out; undefined until they are for the trace shown. */
  findings: readonly Finding[] | undefined;
  /** Bumped by every new trace: work for an older one is dropped. */
  private generation = 0;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticket = 0;
  /** When the last run ended (ms), and what it cost. */
  private doneAt = -Infinity;
  private lastCostMs = 0;
  /** The model's version the findings are of. */
  private doneVersion = -1;
  private doneComplete = false;
  /** What asked for findings while a run went on: it asks again when the run ends. */
  private waiting: 'live' | 'complete' | undefined;

  /** `changed`: new findings are there to show. */
  constructor(private readonly model: () => TraceModel, private readonly changed: () => void) {}

  /** Another trace is shown: forget the findings. */
  reset(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = false;
    this.waiting = undefined;
    this.findings = undefined;
    this.doneVersion = -1;
    this.doneAt = -Infinity;
  }

  /** The trace has all come (read, or its live session ended): work them out once, after the next frame. */
  complete(): void {
    this.schedule(0, 'complete');
  }

  /** Events came to a live session: work them out again when the last time is old enough. */
  liveData(): void {
    const every = Math.max(LIVE_EVERY_MS, 10 * this.lastCostMs);
    this.schedule(Math.max(0, this.doneAt + every - performance.now()), 'live');
  }

  private schedule(delayMs: number, why: 'live' | 'complete'): void {
    // (Findings of a live run are worked out again at the end, even of the same events.)
    if (this.model().version === this.doneVersion && (why === 'live' || this.doneComplete)) return;
    if (this.running) {
      if (this.waiting !== 'complete') this.waiting = why;
      return;
    }
    if (this.timer !== undefined) {
      if (why === 'live') return;
      clearTimeout(this.timer);
    }
    const generation = this.generation;
    // After the next frame is drawn (a report's first one among them), not before it; a
    // timer replaced once it has fired goes no further (its ticket is old).
    const ticket = ++this.ticket;
    this.timer = setTimeout(() => requestAnimationFrame(() => setTimeout(() => {
      if (ticket !== this.ticket || generation !== this.generation) return;
      this.timer = undefined;
      void this.run(generation, why === 'live');
    }, 0)), delayMs);
  }

  private async run(generation: number, live: boolean): Promise<void> {
    const model = this.model();
    const version = model.version;
    const events = model.events;
    const count = events.length;
    const engine = new FindingsEngine();
    this.running = true;
    let cost = 0;
    for (let at = 0; at < count; ) {
      const started = performance.now();
      // Events at a time between looks at the clock.
      do {
        const to = Math.min(count, at + 4096);
        for (; at < to; at++) engine.push(events[at]!);
      } while (at < count && performance.now() - started < SLICE_MS);
      cost += performance.now() - started;
      if (at < count) await nextTask();
      if (generation !== this.generation) return;
    }
    const started = performance.now();
    const findings = live ? engine.finish().filter((f) => !UNDECIDED_WHILE_LIVE.has(f.rule)) : engine.finish();
    this.lastCostMs = cost + performance.now() - started;
    this.running = false;
    this.doneAt = performance.now();
    this.doneVersion = count === model.events.length ? version : -1;
    this.doneComplete = !live;
    this.findings = findings;
    this.changed();
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === 'complete') this.complete();
    else if (waiting === 'live') this.liveData();
  }
}

/** Resolves in a task of its own, after what the page had waiting (input, frames, messages):
 * at background priority where the browser has a task scheduler (Chromium, VS Code's
 * webviews), else through a message channel (a chain of setTimeout(0) waits 4 ms a link). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask(task: () => void, options: { priority: string }): Promise<void> } }).scheduler;
  if (scheduler) return scheduler.postTask(() => undefined, { priority: 'background' });
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (channel.port1.close(), resolve());
    channel.port2.postMessage(undefined);
  });
}
