// Messages as drawn: those whose sends fall in the same few pixels, between the same two
// lanes, with receives in the same few pixels, merge into one bundle with a count, at every
// zoom level, so a million messages never become a black smear. Bins are anchored at time 0
// (not at the view's edge), so panning at one zoom level reuses the bundles already made.
import { MessageTable } from './messageTable';

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
  /** Visible time range (µs). */
  t0: number;
  t1: number;
  /** Width in µs of one bin (a few pixels at the current zoom). */
  binUs: number;
  /** Which messages count (filters); every message when absent. */
  accept?: (row: number) => boolean;
}

/** Bundles the received messages whose arrows cross [t0, t1]. */
export function bundleMessages(table: MessageTable, query: BundleQuery): MessageBundle[] {
  const { t0, t1, binUs, accept } = query;
  const order = table.bySendTime();
  const { sendT, recvT, from, to, bytes, transferred } = table;
  const first = MessageTable.lowerBound(order, sendT, t0 - table.maxLatency);
  const bins = new Map<number, MessageBundle>();
  const base = Math.floor(t0 / binUs);
  for (let i = first; i < order.length; i++) {
    const row = order[i]!;
    const s = sendT[row]!;
    if (s > t1) break;
    const r = recvT[row]!;
    if (Number.isNaN(r) || r < t0) continue;
    const a = from[row]!;
    const b = to[row]!;
    if (a < 0 || b < 0) continue;
    if (accept && !accept(row)) continue;
    const sBin = Math.floor(s / binUs);
    // One number per (send bin, receive offset, lane pair), exact below 2^53: send bins count
    // from the range's start (sends before it share bin 0: their arrows enter from the left),
    // receive offsets and lanes are capped (4096 lanes each way).
    const sRel = Math.min(Math.max(0, sBin - base), 0xffff);
    const rOff = Math.min(Math.floor(r / binUs) - sBin, 0x1fff);
    const key = (sRel * 0x2000 + rOff) * 0x1000000 + (a & 0xfff) * 0x1000 + (b & 0xfff);
    const bundle = bins.get(key);
    const size = bytes[row]!;
    const moved = transferred[row]! > 0 ? 1 : 0;
    if (bundle) {
      bundle.count++;
      bundle.sendT += (s - bundle.sendT) / bundle.count;
      bundle.recvT += (r - bundle.recvT) / bundle.count;
      bundle.bytes += size;
      bundle.transfers += moved;
      if (r - s > bundle.maxLatency) bundle.maxLatency = r - s;
    } else {
      bins.set(key, { fromLane: a, toLane: b, sendT: s, recvT: r, count: 1, bytes: size, transfers: moved, row, maxLatency: r - s });
    }
  }
  return [...bins.values()];
}

/** A cache of bundles per zoom level: panning reuses them; zooming recomputes at most once per level step. */
export class BundleCache {
  private key = '';
  private covered: [number, number] = [0, 0];
  private bundles: MessageBundle[] = [];

  /** Bundles for a view of [t0, t1] at `usPerPixel`, with bins `binPx` pixels wide. */
  get(table: MessageTable, t0: number, t1: number, usPerPixel: number, binPx: number, filterVersion: number, dataVersion: number, accept?: (row: number) => boolean): MessageBundle[] {
    // Bin widths move in steps of 2^(1/2), so a zoom gesture recomputes only at each step.
    const level = Math.round(Math.log2(usPerPixel * binPx) * 2);
    const binUs = 2 ** (level / 2);
    const key = `${level}|${filterVersion}|${dataVersion}`;
    if (key !== this.key || t0 < this.covered[0] || t1 > this.covered[1]) {
      const span = t1 - t0;
      // Bins are aligned to multiples of binUs, so a wider cover gives the same bundles.
      const from = Math.floor((t0 - span) / binUs) * binUs;
      const to = Math.ceil((t1 + span) / binUs) * binUs;
      this.bundles = bundleMessages(table, { t0: from, t1: to, binUs, ...(accept ? { accept } : {}) });
      this.key = key;
      this.covered = [from, to];
    }
    return this.bundles;
  }

  clear(): void {
    this.key = '';
  }
}
