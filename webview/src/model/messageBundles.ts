// Messages as drawn: those sent in the same few pixels, between the same two lanes, with
// receives about as far along, merge into one bundle with a count, at every zoom level, so
// half a million messages never become a black smear. Bins are anchored at time 0 (not at
// the view's edge), so panning at one zoom level reuses the bundles already made. Where
// messages are denser, bins widen, up to DENSE_BIN_PX; past that, only the busiest flows
// are kept (about MAX_BUNDLES a view) and the cache says how many of how many.
import { MessageTable } from './messageTable';
import { resized } from './typedArrays';

export interface MessageBundle {
  fromLane: number;
  toLane: number;
  /** Mean send and receive times of the messages in it (µs). */
  sendT: number;
  recvT: number;
  count: number;
  bytes: number;
  /** How many of them moved (transferred) rather than copied their payload. */
  transfers: number;
  /** A row of the message table: the only message when count is 1. */
  row: number;
  maxLatency: number;
}

export interface BundleQuery {
  /** Time range (µs) whose arrows are wanted. */
  t0: number;
  t1: number;
  /** Width in µs of one bin (a few pixels at the current zoom). */
  binUs: number;
  /** Which messages count (filters); every message when absent. */
  accept?: (row: number) => boolean;
  /** Give up (return undefined) past this many bundles. */
  limit?: number;
  /** Keep fast and slow messages of a pair apart (default), or merge them. */
  byLatency?: boolean;
}

/** The most arrows a frame draws; beyond it, bins widen. */
export const MAX_BUNDLES = 3000;
/** Bins never grow wider than this (px): past it, the busiest flows are drawn instead. */
export const DENSE_BIN_PX = 40;
/** Queue latency classes, in bins: under 1, under 4, under 16, longer. */
const CLASSES = 4;

/** Per (lane pair, latency class) sums for one send bin. */
class Sums {
  size = 0;
  count = new Int32Array(0);
  sendT = new Float64Array(0);
  recvT = new Float64Array(0);
  bytes = new Float64Array(0);
  transfers = new Int32Array(0);
  maxLatency = new Float64Array(0);
  row = new Int32Array(0);
  touched = new Int32Array(0);

  constructor(size: number) {
    this.grow(size);
  }

  /** Room for `size` slots, keeping what the first ones hold (a map-mode bin may grow mid-way). */
  grow(size: number): void {
    size = Math.max(size, this.size * 2);
    this.size = size;
    this.count = resized(this.count, size);
    this.sendT = resized(this.sendT, size);
    this.recvT = resized(this.recvT, size);
    this.bytes = resized(this.bytes, size);
    this.transfers = resized(this.transfers, size);
    this.maxLatency = resized(this.maxLatency, size);
    this.row = resized(this.row, size);
    this.touched = resized(this.touched, size);
  }
}

/** One bundling pass that can stop and resume, so a frame never waits for a whole pass. */
export class BundleJob {
  result: MessageBundle[] | undefined;
  /** True when the pass ended: `result` holds the bundles, or undefined when past the limit. */
  done = false;
  private readonly order: Int32Array;
  private readonly lanes: number;
  private readonly direct: boolean;
  private readonly slots = new Map<number, number>();
  private readonly sums: Sums;
  private readonly out: MessageBundle[] = [];
  /** Rows looked at by the last run(). */
  lastRows = 0;
  /** Bundles made so far, and the share of the rows in range gone through (0..1). */
  get made(): number {
    return this.out.length;
  }
  get progress(): number {
    return this.end > this.begin ? (this.i - this.begin) / (this.end - this.begin) : 1;
  }
  private readonly begin: number;
  private readonly end: number;
  private i: number;
  private bin = NaN;
  private touchedCount = 0;

  constructor(private readonly table: MessageTable, private readonly query: BundleQuery) {
    this.order = table.bySendTime();
    this.lanes = Math.max(1, table.laneCount);
    // Up to 256 lanes, a table indexed by (pair, class); beyond, a map gives each key a slot.
    this.direct = this.lanes <= 256;
    this.sums = new Sums(this.direct ? this.lanes * this.lanes * CLASSES : 4096);
    this.i = this.begin = MessageTable.lowerBound(this.order, table.sendT, query.t0 - table.maxLatency);
    this.end = MessageTable.lowerBound(this.order, table.sendT, query.t1 + 1e-9);
  }

  /** Works through at most `rows` messages; true once done. */
  run(rows = Infinity): boolean {
    if (this.done) return true;
    const { t0, t1, binUs, accept, limit = Infinity, byLatency = true } = this.query;
    const { sendT, recvT, from, to, bytes, transferred } = this.table;
    const { order, lanes, direct, slots, sums } = this;
    const stop = Math.min(order.length, this.i + rows);
    const first = this.i;
    let i = this.i;
    for (; i < stop; i++) {
      const row = order[i]!;
      const s = sendT[row]!;
      if (s > t1) {
        i = order.length;
        break;
      }
      const r = recvT[row]!;
      if (Number.isNaN(r) || r < t0) continue;
      const a = from[row]!;
      const b = to[row]!;
      // Unknown lanes, or lanes that appeared after this pass began (live): not this pass.
      if (a < 0 || b < 0 || a >= lanes || b >= lanes) continue;
      if (accept && !accept(row)) continue;
      // Rows come in send order, so a send bin's messages are contiguous: sum them, then emit.
      const sBin = Math.floor(s / binUs);
      if (sBin !== this.bin) {
        this.flush();
        if (this.out.length > limit) {
          this.lastRows = i - first;
          return this.finish(false);
        }
        this.bin = sBin;
      }
      const latency = r - s;
      const inBins = latency / binUs;
      const key = (a * lanes + b) * CLASSES + (!byLatency || inBins < 1 ? 0 : inBins < 4 ? 1 : inBins < 16 ? 2 : 3);
      let slot = direct ? key : slots.get(key);
      if (slot === undefined) {
        slot = slots.size;
        slots.set(key, slot);
        if (slot >= sums.size) sums.grow(slot + 1);
      }
      if (sums.count[slot] === 0) {
        sums.touched[this.touchedCount++] = key;
        sums.sendT[slot] = 0;
        sums.recvT[slot] = 0;
        sums.bytes[slot] = 0;
        sums.transfers[slot] = 0;
        sums.maxLatency[slot] = 0;
        sums.row[slot] = row;
      }
      sums.count[slot]!++;
      sums.sendT[slot]! += s;
      sums.recvT[slot]! += r;
      sums.bytes[slot]! += bytes[row]!;
      if (transferred[row]! > 0) sums.transfers[slot]!++;
      if (latency > sums.maxLatency[slot]!) sums.maxLatency[slot] = latency;
    }
    this.lastRows = Math.min(i, stop) - first;
    this.i = i;
    if (i < order.length) return false;
    this.flush();
    return this.finish(this.out.length <= limit);
  }

  private finish(ok: boolean): boolean {
    this.done = true;
    this.result = ok ? this.out : undefined;
    return true;
  }

  private flush(): void {
    const { sums, lanes, direct, slots, out } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const key = sums.touched[i]!;
      const slot = direct ? key : slots.get(key)!;
      const n = sums.count[slot]!;
      const pair = Math.floor(key / CLASSES);
      out.push({
        fromLane: Math.floor(pair / lanes), toLane: pair % lanes, sendT: sums.sendT[slot]! / n, recvT: sums.recvT[slot]! / n, count: n,
        bytes: sums.bytes[slot]!, transfers: sums.transfers[slot]!, row: sums.row[slot]!, maxLatency: sums.maxLatency[slot]!,
      });
      sums.count[slot] = 0;
    }
    this.touchedCount = 0;
    slots.clear();
  }
}

/** Bundles the received messages whose arrows cross [t0, t1] (undefined past `limit`). */
export function bundleMessages(table: MessageTable, query: BundleQuery & { limit: number }): MessageBundle[] | undefined;
export function bundleMessages(table: MessageTable, query: BundleQuery): MessageBundle[];
export function bundleMessages(table: MessageTable, query: BundleQuery): MessageBundle[] | undefined {
  const job = new BundleJob(table, query);
  job.run();
  return job.result;
}

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
  /** When a view holds more flows than are drawn: how many bundles (and messages) are shown of all. */
  thinned: { bundles: number; ofBundles: number; messages: number; ofMessages: number } | undefined;
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
