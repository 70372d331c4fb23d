// Tells the host how far the timeline is with a live session (the `shown` message): the
// lines of live text read and the lanes shown, at once when lanes came (the host times the
// first lane by it), else at most every 250 ms while text comes.
import type { FromTimeline } from '../../src/protocol/webviewMessages';

export class LiveProgress {
  private lines = 0;
  private toldLanes = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly post: (message: FromTimeline) => void,
    private readonly lanes: () => number,
  ) {}

  /** `lines` of live text are read now (`final`: no more will come; told at once). */
  read(lines: number, final = false): void {
    this.lines = lines;
    if (final || this.lanes() !== this.toldLanes) this.tell();
    else this.timer ??= setTimeout(() => this.tell(), 250);
  }

  /** A new trace: the next read is told at once. */
  reset(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.toldLanes = -1;
  }

  private tell(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.toldLanes = this.lanes();
    this.post({ type: 'shown', lines: this.lines, lanes: this.toldLanes });
  }
}
