// The bundles a view draws, kept per zoom level. Bins are anchored at time 0 (not at the
// view's edge), so panning at one zoom level reuses the bundles already made. Where messages
// are denser, bins widen, up to DENSE_BIN_PX; past that, only the busiest flows are kept
// (about MAX_BUNDLES a view) and the cache says how many of how many.
import type { MessageTable } from './messageTable';
import { BundleJob, type MessageBundle } from './messageBundles';

/** When a view holds more flows than are drawn: how many bundles (and messages) are shown of all. */
export interface Thinned {
  bundles: number;
  ofBundles: number;
  messages: number;
  ofMessages: number;
}

/** The most arrows a frame draws; beyond it, bins widen. */
export const MAX_BUNDLES = 3000;
/** Bins never grow wider than this (px): past it, the busiest flows are drawn instead. */
export const DENSE_BIN_PX = 40;
/** Rows a frame may bundle before it draws what it has (a few ms in Chromium). */
export const ROWS_PER_FRAME = 25_000;

/**
 * Bundles per zoom level: panning reuses them. At a new level (or new data, or filters) the
 * new bundles are made a slice per frame while the frame draws the previous ones (still at
 * their right times, only grouped for the old zoom), so zooming stays smooth however many
 * messages there are. The first bundles of a trace are made at once.
 */
export class BundleCache {
  private key = '';
  private covered: [number, number] = [0, 0];
  private bundles: MessageBundle[] | undefined;
  private job: { job: BundleJob; key: string; level: number; covered: [number, number]; dense: boolean } | undefined;
  /** Set when the view holds more flows than are drawn. */
  thinned: Thinned | undefined;
  private filterVersion = -1;
  /** True while newer bundles are being made: draw again next frame. */
  pending = false;

  /** Bundles for a view of [t0, t1] at `usPerPixel`, with bins at least `binPx` pixels wide. */
  get(table: MessageTable, t0: number, t1: number, usPerPixel: number, binPx: number, filterVersion: number, dataVersion: number, accept?: (row: number) => boolean, rowsPerFrame = Infinity): MessageBundle[] {
    // Bin widths move in steps of 2^(1/2), so a zoom gesture recomputes only at each step.
    const requested = Math.round(Math.log2(usPerPixel * binPx) * 2);
    const key = `${requested}|${filterVersion}|${dataVersion}`;
    const fresh = this.bundles !== undefined && key === this.key && t0 >= this.covered[0] && t1 <= this.covered[1];
    if (fresh) {
      this.job = undefined;
      this.pending = false;
      return this.bundles!;
    }
    // A pass under way for this level and filters goes on even if events arrived since (live):
    // when it ends it is shown, and the next pass takes the new events.
    const sameWork = (k: string) => k.slice(0, k.lastIndexOf('|')) === key.slice(0, key.lastIndexOf('|'));
    if (!this.job || !sameWork(this.job.key) || t0 < this.job.covered[0] || t1 > this.job.covered[1]) this.job = this.start(table, t0, t1, usPerPixel, requested, key, accept);
    // Without bundles to show meanwhile, or with other filters (the old bundles would show
    // what the user just hid), finish now.
    let budget = this.bundles === undefined || filterVersion !== this.filterVersion ? Infinity : rowsPerFrame;
    this.filterVersion = filterVersion;
    for (;;) {
      const work = this.job;
      const finished = work.job.run(budget);
      budget -= work.job.lastRows;
      if (!finished) break;
      if (work.job.result) {
        this.bundles = work.dense ? this.thin(work.job.result) : work.job.result;
        if (!work.dense) this.thinned = undefined;
        this.key = work.key;
        this.covered = work.covered;
        this.job = undefined;
        this.pending = work.key !== key;
        return this.bundles;
      }
      // Too many at this level: wider bins. Each step at best halves the bundles, so skip the
      // steps that cannot be enough, judging by how far this pass got before its limit.
      const expected = work.job.made / Math.max(work.job.progress, 1e-6);
      const steps = Math.max(1, Math.floor(Math.log2(expected / (3 * MAX_BUNDLES))));
      const dense = Math.ceil(Math.log2(usPerPixel * DENSE_BIN_PX) * 2);
      this.job = this.start(table, t0, t1, usPerPixel, Math.min(work.level + 2 * steps, Math.max(dense, work.level + 2)), work.key, accept);
      if (budget <= 0) break;
    }
    this.pending = true;
    return this.bundles ?? [];
  }

  private start(table: MessageTable, t0: number, t1: number, usPerPixel: number, level: number, key: string, accept?: (row: number) => boolean) {
    const span = t1 - t0;
    const binUs = 2 ** (level / 2);
    // Bins are aligned to multiples of binUs, so a wider cover gives the same bundles.
    const covered: [number, number] = [Math.floor((t0 - span) / binUs) * binUs, Math.ceil((t1 + span) / binUs) * binUs];
    // The cover is three views wide, so three views' worth. Bins stop widening at DENSE_BIN_PX:
    // wider, every arrow would stand at a bin's middle (walls of arrows); there, one bundle per
    // pair and bin, and only the busiest are drawn.
    const dense = binUs >= usPerPixel * DENSE_BIN_PX;
    const job = new BundleJob(table, { t0: covered[0], t1: covered[1], binUs, ...(accept ? { accept } : {}), ...(dense ? { byLatency: false } : { limit: 3 * MAX_BUNDLES }) });
    return { job, key, level, covered, dense };
  }

  /** The busiest bundles, when there are more than a view can draw (busiest first). */
  private thin(bundles: MessageBundle[]): MessageBundle[] {
    const keep = 3 * MAX_BUNDLES;
    if (bundles.length <= keep) {
      this.thinned = undefined;
      return bundles;
    }
    // The count of the keep-th busiest, from a sort of plain numbers (fast); then one pass.
    const counts = Int32Array.from(bundles, (b) => b.count).sort();
    const threshold = counts[counts.length - keep]!;
    let ties = keep - counts.filter((c) => c > threshold).length;
    const kept = bundles.filter((b) => b.count > threshold || (b.count === threshold && ties-- > 0));
    kept.sort((a, b) => b.count - a.count);
    const total = (list: MessageBundle[]) => list.reduce((n, b) => n + b.count, 0);
    this.thinned = { bundles: kept.length, ofBundles: bundles.length, messages: total(kept), ofMessages: total(bundles) };
    return kept;
  }

  clear(): void {
    this.key = '';
    this.bundles = undefined;
    this.job = undefined;
  }
}
