// The state of the isolate this thread is: its id, its pause state and the events held
// back while it is paused. Every thread (the main one included) is exactly one isolate.
import { threadId, isMainThread } from 'node:worker_threads';
import { tracer } from './tracing/core';

const { record, traceNow, tracingOn } = tracer;

type Event = () => void;

const callEvent = { dispatch: (event: unknown) => (event as Event)() };

class IsolateContext {
  /** The isolate's id: the worker's threadId, 0 for the main isolate; a thread Isolate.run
   * reuses is a new isolate for each computation (see worker/runJob.ts). */
  isolateId = threadId;
  readonly isMain = isMainThread;
  debugName = isMainThread ? 'main' : `isolate-${threadId}`;
  private readonly pauses = new Set<string>();
  private readonly held: Event[] = [];
  private draining = false;
  /** Runs before every event; an isolate uses it to act on control messages first. */
  beforeEvent: (() => void) | undefined;
  /** Told when the isolate becomes paused or unpaused (a paused isolate must stay alive). */
  onPausedChange: ((paused: boolean) => void) | undefined;

  get paused(): boolean {
    return this.pauses.size > 0;
  }

  /** Runs an event now, or holds it (in order) while the isolate is paused. */
  deliver(event: Event): void {
    this.deliverTo(callEvent, event);
  }

  /** deliver(), without a closure per message: runs `target.dispatch(message)`. */
  deliverTo(target: { dispatch(message: unknown): void }, message: unknown): void {
    this.beforeEvent?.();
    if (this.pauses.size > 0 || this.held.length > 0) this.held.push(() => target.dispatch(message));
    else target.dispatch(message);
  }

  /** deliverTo() for a traced message: runs `target.dispatchTraced(message, channel, seq)`. */
  deliverTracedTo(target: { dispatchTraced(message: unknown, channel: number, seq: number): void }, message: unknown, channel: number, seq: number): void {
    this.beforeEvent?.();
    if (this.pauses.size > 0 || this.held.length > 0) this.held.push(() => target.dispatchTraced(message, channel, seq));
    else target.dispatchTraced(message, channel, seq);
  }

  /** Pausing twice with one capability needs one resume; each capability needs its own. */
  pause(capabilityId: string, by?: 'editor'): void {
    this.pauses.add(capabilityId);
    if (this.pauses.size !== 1) return;
    if (tracingOn()) record({ type: 'paused', t: traceNow(), isolate: this.isolateId, ...(by ? { by } : {}) });
    this.onPausedChange?.(true);
  }

  resume(capabilityId: string, by?: 'editor'): void {
    if (!this.pauses.delete(capabilityId) || this.pauses.size > 0) return;
    if (tracingOn()) record({ type: 'resumed', t: traceNow(), isolate: this.isolateId, ...(by ? { by } : {}) });
    this.onPausedChange?.(false);
    this.scheduleDrain();
  }

  /** Held events run one per macrotask, as they would have arrived. */
  private scheduleDrain(): void {
    if (this.draining || this.held.length === 0) return;
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      this.beforeEvent?.();
      if (this.pauses.size > 0) return;
      const event = this.held.shift();
      this.scheduleDrain();
      event?.();
    });
  }
}

export const context = new IsolateContext();
