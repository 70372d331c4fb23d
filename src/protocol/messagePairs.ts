// Pairs each received message with its send, for the summary's received bytes and queue
// latencies (traceSummary.ts), as the events come: a receive when its send has come, or its
// send when it comes (a trace often has a receive first: the collector writes each thread's
// records in turn). Pairing 40,000 receives at the end took a 20,000-task trace's summary
// 20 ms; as they come, each pairs while its send is fresh in memory. Every send is kept in an
// array by seq per channel (sendIndex.ts), receives waiting for their send in the findings'
// open-addressing table (messageTable.ts), with nothing allocated per message: a Map keyed by
// one number per message, with an object per send, cost this summary three times as much, and
// the hash table of every send 1.2–1.5 times. A receive pairs with the last send of its
// message (channel and seq): only a message sent twice (two traces of one process joined, say)
// can make a later send take a receive from an earlier one, so finish() then pairs every
// receive again, from the receives kept for it.
import { MAX_TABLE_SEQ, MessageTable } from './findings/messageTable';
import { SendIndex } from './sendIndex';
import { resized } from './typedArrays';

export class MessagePairs<Row extends { bytesReceived: number }> {
  /** Each message's last send, as its index in sendTimes and sendBytes. */
  private readonly sends = new SendIndex();
  private readonly sendTimes: number[] = [];
  private readonly sendBytes: number[] = [];
  private sentTwice = false;
  /** Every receive (for finish() when a message was sent twice): its message and time. */
  private readonly receiveChannels: number[] = [];
  private readonly receiveSeqs: number[] = [];
  private readonly receiveTimes: number[] = [];
  private readonly receiveRows: Row[] = [];
  /** The receives whose send has not come, by message: one index, or several (a broadcast). */
  private readonly waiting = new MessageTable<number | number[]>();
  /** Messages the tables' 32-bit keys cannot hold, each under a channel of its own (below 0). */
  private readonly outsized = new Map<string, number>();
  private latencies = new Float64Array(1024);
  private paired = 0;

  send(channel: number, seq: number, t: number, bytes: number): void {
    if (!fits(channel, seq)) [channel, seq] = [this.ownChannel(channel, seq), 0];
    this.sendTimes.push(t);
    if (this.sends.set(channel, seq, this.sendBytes.push(bytes) - 1)) this.sentTwice = true;
    const waiting = this.waiting.size > 0 ? this.waiting.take(channel, seq) : undefined;
    if (waiting === undefined) return;
    if (typeof waiting === 'number') this.pair(t, bytes, this.receiveTimes[waiting]!, this.receiveRows[waiting]!);
    else for (const index of waiting) this.pair(t, bytes, this.receiveTimes[index]!, this.receiveRows[index]!);
  }

  /** A receive of message `seq` on `channel`, in `row`'s isolate (whose bytesReceived it adds to). */
  receive(channel: number, seq: number, t: number, row: Row): void {
    if (!fits(channel, seq)) [channel, seq] = [this.ownChannel(channel, seq), 0];
    const index = this.receiveChannels.push(channel) - 1;
    this.receiveSeqs.push(seq);
    this.receiveTimes.push(t);
    this.receiveRows.push(row);
    if (this.pairWithSend(channel, seq, t, row)) return;
    const waiting = this.waiting.get(channel, seq);
    if (waiting === undefined) this.waiting.set(channel, seq, t, index);
    else if (typeof waiting === 'number') this.waiting.set(channel, seq, t, [waiting, index]);
    else waiting.push(index);
  }

  /** The latencies of the paired receives, sorted (µs). Every receive whose message was
   * sent is paired by now, unless a message was sent twice: then all are paired again. */
  finish(): Float64Array {
    const { receiveChannels, receiveSeqs, receiveTimes, receiveRows } = this;
    if (this.sentTwice) {
      this.sentTwice = false;
      this.paired = 0;
      for (const row of receiveRows) row.bytesReceived = 0;
      for (let i = 0; i < receiveChannels.length; i++) this.pairWithSend(receiveChannels[i]!, receiveSeqs[i]!, receiveTimes[i]!, receiveRows[i]!);
    }
    return this.latencies.subarray(0, this.paired).sort();
  }

  /** Pairs a receive with its message's last send so far; false when none has come. */
  private pairWithSend(channel: number, seq: number, t: number, row: Row): boolean {
    const send = this.sends.get(channel, seq);
    if (send === undefined) return false;
    this.pair(this.sendTimes[send]!, this.sendBytes[send]!, t, row);
    return true;
  }

  private pair(sentAt: number, bytes: number, receivedAt: number, row: Row): void {
    row.bytesReceived += bytes;
    if (this.paired === this.latencies.length) this.latencies = resized(this.latencies, this.paired * 2);
    this.latencies[this.paired++] = receivedAt - sentAt;
  }

  private ownChannel(channel: number, seq: number): number {
    const key = `${channel}:${seq}`;
    let own = this.outsized.get(key);
    if (own === undefined) this.outsized.set(key, (own = -1 - this.outsized.size));
    return own;
  }
}

/** Whether the tables' keys hold the message as it is (whole numbers, not too big). */
function fits(channel: number, seq: number): boolean {
  return (channel | 0) === channel && channel >= 0 && (seq | 0) === seq && seq >= 0 && seq <= MAX_TABLE_SEQ;
}
