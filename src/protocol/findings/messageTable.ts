// The messages still waiting for their other half, by channel and seq: an open-addressing
// hash table on two integer keys (linear probing, deletion by shifting back), each with its
// time and its event. A trace of a million messages puts each in and takes it out once, and
// its events are scattered in memory: a probe reads only the packed keys (a miss costs one
// cache line, not one per object), and a pair's two times come from the table and the
// event at hand. A Map keyed by one number per message cost about twice as much.
// Keys are 32-bit: the caller maps channels that are not (and chpid's) to ones that are.
import { resized } from '../typedArrays';

/** The largest seq the table holds (it stores seq + 1, 0 marking an empty slot). */
export const MAX_TABLE_SEQ = 2 ** 31 - 2;

const SMALL_CHANNELS = 1 << 16;

export class MessageTable<E> {
  /** Each slot's channel and seq + 1 side by side; seq + 1 = 0: empty. */
  private keys = new Int32Array(2048);
  private times = new Float64Array(1024);
  private values: (E | undefined)[] = new Array<E | undefined>(1024).fill(undefined);
  private mask = 1023;
  private count = 0;
  /** How many each channel holds, for channels 0 to SMALL_CHANNELS - 1: a take() from a
   * channel that holds none costs no probe (in a trace in time order, every send's look for
   * its receive is such a miss). It grows to the largest channel set, so that a table of a
   * trace with few channels (many are made: two per traced file's summary) stays small. */
  private perChannel = new Int32Array(64);
  /** The time of the last value take() returned. */
  takenAt = 0;

  get size(): number {
    return this.count;
  }

  private home(channel: number, seq: number): number {
    return (Math.imul(channel, 0x9e3779b1) ^ Math.imul(seq, 0x85ebca77)) & this.mask;
  }

  /** The slot of (channel, seq), or of the empty slot where it would go. */
  private slot(channel: number, seq: number): number {
    const keys = this.keys;
    const stored = seq + 1;
    let at = this.home(channel, seq);
    for (;;) {
      const key = keys[2 * at + 1]!;
      if (key === 0 || (key === stored && keys[2 * at] === channel)) return at;
      at = (at + 1) & this.mask;
    }
  }

  set(channel: number, seq: number, t: number, value: E): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const at = this.slot(channel, seq);
    if (this.keys[2 * at + 1] === 0) {
      this.count++;
      if (channel >= 0 && channel < SMALL_CHANNELS) {
        if (channel >= this.perChannel.length) this.widenPerChannel(channel);
        this.perChannel[channel]!++;
      }
    }
    this.keys[2 * at] = channel;
    this.keys[2 * at + 1] = seq + 1;
    this.times[at] = t;
    this.values[at] = value;
  }

  get(channel: number, seq: number): E | undefined {
    return this.values[this.slot(channel, seq)];
  }

  /** The value of (channel, seq), removed (its time in takenAt). */
  take(channel: number, seq: number): E | undefined {
    const small = channel >= 0 && channel < SMALL_CHANNELS;
    // (A channel past perChannel's end has never been set.)
    if (small && (channel >= this.perChannel.length || this.perChannel[channel] === 0)) return undefined;
    let at = this.slot(channel, seq);
    const keys = this.keys;
    if (keys[2 * at + 1] === 0) return undefined;
    const value = this.values[at];
    this.takenAt = this.times[at]!;
    this.count--;
    if (small) this.perChannel[channel]!--;
    // Shift back the entries after it that probed past it, so no lookup stops short.
    for (let next = (at + 1) & this.mask; keys[2 * next + 1] !== 0; next = (next + 1) & this.mask) {
      const home = this.home(keys[2 * next]!, keys[2 * next + 1]! - 1);
      // `next` may move to `at` when its home is not in (at, next] (cyclically).
      if (at <= next ? home > at && home <= next : home > at || home <= next) continue;
      keys[2 * at] = keys[2 * next]!;
      keys[2 * at + 1] = keys[2 * next + 1]!;
      this.times[at] = this.times[next]!;
      this.values[at] = this.values[next];
      at = next;
    }
    keys[2 * at + 1] = 0;
    this.values[at] = undefined;
    return value;
  }

  *entries(): Iterable<E> {
    for (const value of this.values) if (value !== undefined) yield value;
  }

  private widenPerChannel(channel: number): void {
    let length = this.perChannel.length;
    while (length <= channel) length *= 2;
    this.perChannel = resized(this.perChannel, Math.min(length, SMALL_CHANNELS));
  }

  private grow(): void {
    const { keys, times, values } = this;
    const size = (this.mask + 1) * 2;
    this.keys = new Int32Array(2 * size);
    this.times = new Float64Array(size);
    this.values = new Array<E | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.count = 0;
    this.perChannel.fill(0);
    for (let i = 0; i < values.length; i++) if (keys[2 * i + 1] !== 0) this.set(keys[2 * i]!, keys[2 * i + 1]! - 1, times[i]!, values[i]!);
  }
}
