// Every message of a trace, one row each, in columns (typed arrays) so that half a million
// messages cost a few tens of megabytes and a pass over them is a loop over numbers.
// A row is made by whichever of its send or receive is read first (threads are drained in
// turn, so a receive can come before its send in the file).
import type { ReceiveEvent, SendEvent } from '../../../src/protocol/traceEvents';
import { messageKey } from '../../../src/protocol/messageKey';
import { resized } from '../../../src/protocol/typedArrays';
import { sortBySendTime } from './sendOrder';

export class MessageTable {
  count = 0;
  sendT = new Float64Array(1024);
  /** NaN until received. */
  recvT = new Float64Array(1024);
  /** Lane indexes; -1 until known. */
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  bytes = new Float64Array(1024);
  transferred = new Float64Array(1024);
  readonly sends: (SendEvent | undefined)[] = [];
  readonly receives: (ReceiveEvent | undefined)[] = [];
  /** Rows of messages whose channel's seqs are too sparse for a table. */
  private readonly rowOf = new Map<number | string, number>();
  /** Rows per channel, indexed by seq (no hashing: a channel's seqs count up from 1). */
  private readonly dense = new Map<number, ChannelRows>();
  /** The channel looked up last: messages come in runs from one channel. */
  private last: ChannelRows | undefined;
  /** Rows with a send, ordered by send time; rows not yet in it wait in `unsorted`. */
  private order = new Int32Array(0);
  private unsorted: number[] = [];
  /** One more than the highest lane index seen (sizes the bundler's per-pair tables). */
  laneCount = 0;
  /** The longest send-to-receive time seen: how far before a range an arrow into it can start. */
  maxLatency = 0;

  /** The row of message `seq` on `channel`, if it has one. */
  row(channel: number, seq: number): number | undefined {
    const row = this.dense.get(channel)?.rows[seq];
    if (row !== undefined && row >= 0) return row;
    return this.rowOf.get(messageKey(channel, seq));
  }

  addSend(event: SendEvent, lane: number, toLane: number): number {
    const row = this.rowFor(event.channel, event.seq);
    this.sends[row] = event;
    this.sendT[row] = event.t;
    this.from[row] = lane;
    if (toLane >= 0) this.to[row] = toLane;
    this.laneCount = Math.max(this.laneCount, lane + 1, toLane + 1);
    this.bytes[row] = event.bytes;
    this.transferred[row] = event.transferred;
    this.noteLatency(row);
    this.unsorted.push(row);
    return row;
  }

  addReceive(event: ReceiveEvent, lane: number): number {
    const row = this.rowFor(event.channel, event.seq);
    this.receives[row] = event;
    this.recvT[row] = event.t;
    this.to[row] = lane;
    this.laneCount = Math.max(this.laneCount, lane + 1);
    this.noteLatency(row);
    return row;
  }

  /** Rows with a send, in send-time order (sorting what arrived since the last call). */
  bySendTime(): Int32Array {
    if (this.unsorted.length === 0) return this.order;
    const sendT = this.sendT;
    const fresh = sortBySendTime(this.unsorted, sendT);
    this.unsorted = [];
    const old = this.order;
    if (old.length === 0) {
      this.order = fresh;
      return fresh;
    }
    // Merge: batches mostly come in time order, so this is one linear pass.
    const merged = new Int32Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) merged[k++] = sendT[old[i]!]! <= sendT[fresh[j]!]! ? old[i++]! : fresh[j++]!;
    while (i < old.length) merged[k++] = old[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    this.order = merged;
    return merged;
  }

  /** The first position in `order` whose send time is at least `t`. */
  static lowerBound(order: Int32Array, sendT: Float64Array, t: number): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sendT[order[mid]!]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private rowFor(channel: number, seq: number): number {
    let rows = this.last?.channel === channel ? this.last : this.dense.get(channel);
    if (rows === undefined) this.dense.set(channel, (rows = { channel, rows: EMPTY, filled: 0 }));
    this.last = rows;
    // A table only while the channel's seqs stay dense: one mostly empty would waste memory.
    const dense = seq < 8 * (rows.filled + 1024);
    let row: number | undefined;
    if (dense) {
      if (seq >= rows.rows.length) rows.rows = grownRows(rows.rows, seq);
      row = rows.rows[seq]!;
      if (row >= 0) return row;
    } else {
      row = this.rowOf.get(messageKey(channel, seq));
      if (row !== undefined) return row;
    }
    row = this.count++;
    if (dense) {
      rows.rows[seq] = row;
      rows.filled++;
    } else this.rowOf.set(messageKey(channel, seq), row);
    if (row === this.sendT.length) this.grow();
    this.sendT[row] = NaN;
    this.recvT[row] = NaN;
    this.from[row] = -1;
    this.to[row] = -1;
    this.bytes[row] = 0;
    this.transferred[row] = 0;
    return row;
  }

  private noteLatency(row: number): void {
    const latency = this.recvT[row]! - this.sendT[row]!;
    if (latency > this.maxLatency) this.maxLatency = latency;
  }

  private grow(): void {
    const size = this.sendT.length * 2;
    this.sendT = resized(this.sendT, size);
    this.recvT = resized(this.recvT, size);
    this.from = resized(this.from, size);
    this.to = resized(this.to, size);
    this.bytes = resized(this.bytes, size);
    this.transferred = resized(this.transferred, size);
  }
}

/** One channel's rows, by seq (-1: none yet). */
interface ChannelRows {
  channel: number;
  rows: Int32Array;
  filled: number;
}

const EMPTY = new Int32Array(0);

function grownRows(rows: Int32Array, n: number): Int32Array {
  return resized(rows, Math.max(1024, 2 ** Math.ceil(Math.log2(n + 1))), -1);
}
