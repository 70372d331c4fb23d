// How many tasks IsolatePool sends ahead to one isolate. A task sent ahead waits behind the
// isolate's current one, so sending many suits tiny tasks (the round trip to fetch the next
// one costs more than the task) and ruins the balance of long ones (one isolate holds work
// another could start). The pacer aims at about a millisecond of work per isolate, from how
// long tasks have been taking: tiny tasks go 64 at a time, tasks of a millisecond or more
// one at a time, as if nothing were sent ahead.

/** The work to send ahead to an isolate (ms). */
const AHEAD_MS = 1;
const MAX_DEPTH = 64;
/** Weight of the latest observation in the running estimate. */
const WEIGHT = 0.5;

export class TaskPacer {
  /** Estimated time per task (ms), from the isolate's side: its run and its share of the
   * messages. Until tasks are seen, long enough for one at a time. */
  private perTaskMs = AHEAD_MS;

  /** How many tasks one isolate may have been sent and not finished. */
  depth(): number {
    return Math.max(1, Math.min(MAX_DEPTH, Math.floor(AHEAD_MS / this.perTaskMs)));
  }

  /** An isolate busy for `elapsedMs` finished a task. */
  observe(elapsedMs: number): void {
    if (!(elapsedMs >= 0)) return;
    this.perTaskMs += WEIGHT * (elapsedMs - this.perTaskMs);
  }
}
