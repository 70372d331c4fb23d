// How often the view catches up with a live session's data: at once when something new must
// show (the first data after a pause, a lane that came), else at most every `everyMs()` (the
// app makes that grow with what a frame costs), so that a program sending 100,000 events a
// second does not keep the page redrawing for each batch: it then read its text more slowly
// than it came, and ever more slowly as the trace, and each frame, grew.
export class LiveRefresh {
  private doneAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly catchUp: () => void,
    private readonly everyMs: () => number,
  ) {}

  /** The data changed; `now`: it must show at once. */
  request(now: boolean): void {
    const since = performance.now() - this.doneAt;
    const every = this.everyMs();
    if (!now && since < every) {
      this.timer ??= setTimeout(() => this.request(true), every - since);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.doneAt = performance.now();
    this.catchUp();
  }
}
