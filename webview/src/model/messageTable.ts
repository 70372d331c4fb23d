// Every message of a trace, one row each, in columns (typed arrays) so that half a million
// messages cost a few tens of megabytes and a pass over them is a loop over numbers.
// A row is made by whichever of its send or receive is read first (threads are drained in
// turn, so a receive can come before its send in the file).
import type { ReceiveEvent, SendEvent } from '../../../src/protocol/traceEvents';
import { resized } from './typedArrays';

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
  private readonly rowOf = new Map<string, number>();
  /** Rows of ids shaped like the runtime makes them, "<channel>:<count>": per channel, by count (no hashing). */
  private readonly dense: Int32Array[] = [];
  private readonly denseCount: number[] = [];
  /** Rows with a send, ordered by send time; rows not yet in it wait in `unsorted`. */
  private order = new Int32Array(0);
  private unsorted: number[] = [];
  /** One more than the highest lane index seen (sizes the bundler's per-pair tables). */
  laneCount = 0;
  /** The longest send-to-receive time seen: how far before a range an arrow into it can start. */
  maxLatency = 0;

  row(msg: string): number | undefined {
    if (parseRuntimeId(msg)) {
      const row = this.dense[idChannel]?.[idCount];
      if (row !== undefined && row >= 0) return row;
    }
    return this.rowOf.get(msg);
  }

  addSend(event: SendEvent, lane: number, toLane: number): number {
    const row = this.rowFor(event.msg);
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
    const row = this.rowFor(event.msg);
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
    const fresh = Int32Array.from(this.unsorted).sort((a, b) => sendT[a]! - sendT[b]! || a - b);
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

  private rowFor(msg: string): number {
    const channel = parseRuntimeId(msg) ? idChannel : -1;
    const n = idCount;
    let rows: Int32Array | undefined;
    let row: number | undefined;
    // Only while the channel's counts stay dense: a table mostly empty would waste memory.
    if (channel >= 0 && channel < 65536 && n < 8 * ((this.denseCount[channel] ?? 0) + 1024)) {
      rows = this.dense[channel];
      if (!rows || n >= rows.length) rows = this.dense[channel] = grownRows(rows, n);
      row = rows[n]!;
      if (row >= 0) return row;
    } else {
      row = this.rowOf.get(msg);
      if (row !== undefined) return row;
    }
    row = this.count++;
    if (rows) {
      rows[n] = row;
      this.denseCount[channel] = (this.denseCount[channel] ?? 0) + 1;
    } else this.rowOf.set(msg, row);
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

/** What parseRuntimeId read (module variables: no array per call, a million times over). */
let idChannel = -1;
let idCount = -1;

/** True for an id "<channel>:<count>" (both canonical decimals), read into idChannel and idCount. */
function parseRuntimeId(msg: string): boolean {
  const colon = msg.indexOf(':');
  if (colon <= 0 || colon > 6 || msg.length - colon > 10 || colon === msg.length - 1) return false;
  // "01:2" and "1:02" are other ids than "1:2": only canonical numbers map to a table slot.
  if ((colon > 1 && msg.charCodeAt(0) === 48) || (msg.length - colon > 2 && msg.charCodeAt(colon + 1) === 48)) return false;
  let channel = 0;
  for (let i = 0; i < colon; i++) {
    const d = msg.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    channel = channel * 10 + d;
  }
  let n = 0;
  for (let i = colon + 1; i < msg.length; i++) {
    const d = msg.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  idChannel = channel;
  idCount = n;
  return true;
}

function grownRows(rows: Int32Array | undefined, n: number): Int32Array {
  return resized(rows ?? new Int32Array(0), Math.max(1024, 2 ** Math.ceil(Math.log2(n + 1))), -1);
}
