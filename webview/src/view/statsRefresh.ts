// When the stats table is rendered again. It sums every event, so while events stream in it
// is redone at most once a second, and only while it is shown and out of date.
import type { TraceModel } from '../model/traceModel';
import { renderStats } from './statsPanel';

export class StatsRefresh {
  private dirty = true;
  private lastAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly panel: HTMLElement, private readonly model: () => TraceModel) {}

  /** The figures may have changed (new events, another trace) or the panel was opened. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Renders the table soon, if it is shown and out of date. */
  renderSoon(): void {
    if (this.panel.hidden || !this.dirty || this.timer !== undefined) return;
    const wait = Math.max(0, this.lastAt + 1000 - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.panel.hidden || !this.dirty) return;
      renderStats(this.panel, this.model());
      this.dirty = false;
      this.lastAt = performance.now();
    }, wait);
  }
}
