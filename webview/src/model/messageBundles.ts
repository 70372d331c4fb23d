// Messages as drawn: those sent in the same few pixels, between the same two lanes, with
// receives about as far along, merge into one bundle with a count, at every zoom level, so
// half a million messages never become a black smear. This is one bundling pass over a time
// range; bundleCache.ts keeps the passes per zoom level and thins views too dense to draw.
import { micros, type Micros } from '../../../src/protocol/time';
import { MessageTable } from './messageTable';
import { resized } from '../../../src/protocol/typedArrays';

export interface MessageBundle {
  fromLane: number;
  toLane: number;
  /** Mean send and receive times of the messages in it. */
  sendT: Micros;
  recvT: Micros;
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
        fromLane: Math.floor(pair / lanes), toLane: pair % lanes, sendT: micros(sums.sendT[slot]! / n), recvT: micros(sums.recvT[slot]! / n), count: n,
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
