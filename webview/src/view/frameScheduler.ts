// Draw requests come from everywhere (scrolling, zooming, new events, resizes, the theme):
// one draw per animation frame serves them all.
export class FrameScheduler {
  private frame = 0;
  private later: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly draw: () => void) {}

  /** Draws at the next animation frame, once however often it is asked before then. */
  request(): void {
    clearTimeout(this.later);
    this.later = undefined;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws in `ms`, at the animation frame after (sooner if asked to draw before). */
  requestLater(ms: number): void {
    if (this.frame || this.later !== undefined) return;
    this.later = setTimeout(() => {
      this.later = undefined;
      this.request();
    }, ms);
  }
}
