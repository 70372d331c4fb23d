// Every message of a trace, one row each, in columns (typed arrays) so that half a million
// messages cost a few tens of megabytes and a pass over them is a loop over numbers.
// A row is made by whichever of its send or receive is read first (threads are drained in
// turn, so a receive can come before its send in the file).
import type { ReceiveEvent, SendEvent } from '../../../src/protocol/traceEvents';

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
  /** Rows with a send, ordered by send time; rows not yet in it wait in `unsorted`. */
  private order = new Int32Array(0);
  private unsorted: number[] = [];
  /** The longest send-to-receive time seen: how far before a range an arrow into it can start. */
  maxLatency = 0;

  row(msg: string): number | undefined {
    return this.rowOf.get(msg);
  }

  addSend(event: SendEvent, lane: number, toLane: number): number {
    const row = this.rowFor(event.msg);
    this.sends[row] = event;
    this.sendT[row] = event.t;
    this.from[row] = lane;
    if (toLane >= 0) this.to[row] = toLane;
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
    let row = this.rowOf.get(msg);
    if (row !== undefined) return row;
    row = this.count++;
    if (row === this.sendT.length) this.grow();
    this.sendT[row] = NaN;
    this.recvT[row] = NaN;
    this.from[row] = -1;
    this.to[row] = -1;
    this.bytes[row] = 0;
    this.transferred[row] = 0;
    this.rowOf.set(msg, row);
    return row;
  }

  private noteLatency(row: number): void {
    const latency = this.recvT[row]! - this.sendT[row]!;
    if (latency > this.maxLatency) this.maxLatency = latency;
  }

  private grow(): void {
    const size = this.sendT.length * 2;
    const grown = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.sendT = grown(this.sendT);
    this.recvT = grown(this.recvT);
    this.from = grown(this.from);
    this.to = grown(this.to);
    this.bytes = grown(this.bytes);
    this.transferred = grown(this.transferred);
  }
}
