// The state of the isolate this thread is: its id, its pause state and the events held
// back while it is paused. Every thread (the main one included) is exactly one isolate.
import { threadId, isMainThread } from 'node:worker_threads';

type Event = () => void;

class IsolateContext {
  /** The isolate's id: the worker's threadId, 0 for the main isolate. */
  readonly isolateId = threadId;
  readonly isMain = isMainThread;
  debugName = isMainThread ? 'main' : `isolate-${threadId}`;
  private readonly pauses = new Set<string>();
  private readonly held: Event[] = [];
  private draining = false;

  get paused(): boolean {
    return this.pauses.size > 0;
  }

  /** Runs a message event now, or holds it (in order) while the isolate is paused. */
  deliver(event: Event): void {
    if (this.pauses.size > 0 || this.held.length > 0) this.held.push(event);
    else event();
  }

  /** Pausing twice with one capability needs one resume; each capability needs its own. */
  pause(capabilityId: string): void {
    this.pauses.add(capabilityId);
  }

  resume(capabilityId: string): void {
    if (!this.pauses.delete(capabilityId) || this.pauses.size > 0) return;
    this.scheduleDrain();
  }

  /** Held events run one per macrotask, as they would have arrived. */
  private scheduleDrain(): void {
    if (this.draining || this.held.length === 0) return;
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      if (this.pauses.size > 0) return;
      const event = this.held.shift();
      this.scheduleDrain();
      event?.();
    });
  }
}

export const context = new IsolateContext();
