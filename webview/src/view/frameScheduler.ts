// Draw requests come from everywhere (scrolling, zooming, new events, resizes, the theme):
// one draw per animation frame serves them all.
export class FrameScheduler {
  private frame = 0;

  constructor(private readonly draw: () => void) {}

  /** Draws at the next animation frame, once however often it is asked before then. */
  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }
}
