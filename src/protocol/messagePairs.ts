// Pairs each received message with its send, for the summary's received bytes and queue
// latencies (traceSummary.ts), as the events come: a receive when its send has come, or its
// send when it comes (a trace often has a receive first: the collector writes each thread's
// records in turn). Pairing 40,000 receives at the end took a 20,000-task trace's summary
// 20 ms; as they come, each pairs while its send is fresh in memory. A receive pairs with the
// last send of its message's key: only a key sent twice (two traces of one process joined,
// say) can make a later send take a receive from an earlier one, so finish() then pairs
// every receive again, from the receives kept for it.
import type { Micros } from './time';

interface Send {
  t: Micros;
  bytes: number;
}

export class MessagePairs<Row extends { bytesReceived: number }> {
  private readonly sends = new Map<number | string, Send>();
  private sentTwice = false;
  /** Every receive (for finish() when a key was sent twice). */
  private readonly receiveKeys: (number | string)[] = [];
  private readonly receiveTimes: Micros[] = [];
  private readonly receiveRows: Row[] = [];
  /** The receives whose send has not come, by key: one index, or several (a broadcast). */
  private readonly waiting = new Map<number | string, number | number[]>();
  private latencies = new Float64Array(1024);
  private paired = 0;

  send(key: number | string, t: Micros, bytes: number): void {
    const before = this.sends.size;
    const send = { t, bytes };
    this.sends.set(key, send);
    if (this.sends.size === before) this.sentTwice = true;
    const waiting = this.waiting.size > 0 ? this.waiting.get(key) : undefined;
    if (waiting === undefined) return;
    this.waiting.delete(key);
    for (const index of typeof waiting === 'number' ? [waiting] : waiting) this.pair(send, this.receiveTimes[index]!, this.receiveRows[index]!);
  }

  /** A receive of the message `key`, in `row`'s isolate (whose bytesReceived it adds to). */
  receive(key: number | string, t: Micros, row: Row): void {
    const index = this.receiveKeys.push(key) - 1;
    this.receiveTimes.push(t);
    this.receiveRows.push(row);
    const send = this.sends.get(key);
    if (send) {
      this.pair(send, t, row);
      return;
    }
    const waiting = this.waiting.get(key);
    if (waiting === undefined) this.waiting.set(key, index);
    else if (typeof waiting === 'number') this.waiting.set(key, [waiting, index]);
    else waiting.push(index);
  }

  /** The latencies of the paired receives, sorted (µs). Every receive whose message was
   * sent is paired by now, unless a key was sent twice: then all are paired again. */
  finish(): Float64Array {
    const { receiveKeys, receiveTimes, receiveRows } = this;
    if (this.sentTwice) {
      this.sentTwice = false;
      this.paired = 0;
      for (const row of receiveRows) row.bytesReceived = 0;
      for (let i = 0; i < receiveKeys.length; i++) {
        const send = this.sends.get(receiveKeys[i]!);
        if (send) this.pair(send, receiveTimes[i]!, receiveRows[i]!);
      }
    }
    return this.latencies.subarray(0, this.paired).sort();
  }

  private pair(send: Send, t: Micros, row: Row): void {
    row.bytesReceived += send.bytes;
    if (this.paired === this.latencies.length) {
      const grown = new Float64Array(this.paired * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.paired++] = t - send.t;
  }
}
