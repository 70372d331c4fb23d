// Each message's last send, by channel and seq, for the summary's pairing (messagePairs.ts),
// which keeps every send of the trace (a broadcast's receives, and a receive that comes late,
// still find it). A channel's sends come from one thread numbered 1, 2, 3…, so each channel
// keeps its sends in an array by seq: a look-up is an index, where the hash table of every
// send (messageTable.ts) hashed and probed, and grew to megabytes of slots, moving every send
// again each time it doubled. A channel whose seqs are too sparse for an array (a seq far
// beyond how many it holds), and channels out of the arrays' range, use the hash table.
import { MessageTable } from './findings/messageTable';
import { resized } from './typedArrays';

/** Channels 0 to DENSE_CHANNELS - 1 may have an array. */
const DENSE_CHANNELS = 1 << 16;
/** A channel's array reaches a seq only while it is at most this many times the sends it
 * holds (plus FIRST_LENGTH): sparse seqs go to the hash table instead. */
const MAX_SPARSENESS = 4;
const FIRST_LENGTH = 1024;

export class SendIndex {
  /** Per channel, each seq's value + 1 (0: none). */
  private dense: (Int32Array | undefined)[] = [];
  /** Per channel, how many its array holds. */
  private denseCounts = new Int32Array(64);
  private readonly sparse = new MessageTable<number>();

  /** Sets the value of message `seq` of `channel` (`value` and `seq` non-negative 32-bit
   * integers, `channel` a 32-bit one: negative channels use the hash table); true when the
   * message had one already (it was sent twice). */
  set(channel: number, seq: number, value: number): boolean {
    const seqs = this.arrayFor(channel, seq);
    if (!seqs) {
      const before = this.sparse.size;
      this.sparse.set(channel, seq, 0, value);
      return this.sparse.size === before;
    }
    const had = seqs[seq] !== 0 || (this.sparse.size > 0 && this.sparse.get(channel, seq) !== undefined);
    if (seqs[seq] === 0) this.denseCounts[channel]!++;
    seqs[seq] = value + 1;
    return had;
  }

  /** The value of message `seq` of `channel`, or undefined. */
  get(channel: number, seq: number): number | undefined {
    const seqs = channel >= 0 && channel < this.dense.length ? this.dense[channel] : undefined;
    if (seqs !== undefined && seq < seqs.length && seqs[seq] !== 0) return seqs[seq]! - 1;
    return this.sparse.size > 0 ? this.sparse.get(channel, seq) : undefined;
  }

  /** The channel's array, grown to hold `seq`; undefined when `seq` is too far for one. */
  private arrayFor(channel: number, seq: number): Int32Array | undefined {
    if (channel < 0 || channel >= DENSE_CHANNELS) return undefined;
    let seqs = this.dense[channel];
    if (seqs !== undefined && seq < seqs.length) return seqs;
    const held = channel < this.denseCounts.length ? this.denseCounts[channel]! : 0;
    if (seq >= MAX_SPARSENESS * held + FIRST_LENGTH) return undefined;
    if (channel >= this.denseCounts.length) this.denseCounts = resized(this.denseCounts, Math.max(channel + 1, this.denseCounts.length * 2));
    while (this.dense.length <= channel) this.dense.push(undefined);
    let length = seqs?.length ?? FIRST_LENGTH;
    while (length <= seq) length *= 2;
    seqs = seqs ? resized(seqs, length) : new Int32Array(length);
    this.dense[channel] = seqs;
    return seqs;
  }
}
