// The messages still waiting for their other half, by channel and seq: an open-addressing
// hash table on two integer keys (linear probing, deletion by shifting back), values in a
// plain array. A trace of a million messages puts each in and takes it out once; a Map
// keyed by one number per message cost about three times as much, in time and garbage.
// Channels numbered by another process (`chpid`) get an integer of their own here.
export class MessageTable<E> {
  /** Each slot's channel and seq, side by side (one cache line for both). */
  private keys = new Int32Array(2048);
  private values: (E | undefined)[] = new Array<E | undefined>(1024).fill(undefined);
  private mask = 1023;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The slot of (channel, seq), or of the empty slot where it would go. */
  private slot(channel: number, seq: number): number {
    let at = (Math.imul(channel, 0x9e3779b1) ^ Math.imul(seq, 0x85ebca77)) & this.mask;
    while (this.values[at] !== undefined && (this.keys[2 * at] !== channel || this.keys[2 * at + 1] !== seq)) at = (at + 1) & this.mask;
    return at;
  }

  set(channel: number, seq: number, value: E): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const at = this.slot(channel, seq);
    if (this.values[at] === undefined) this.count++;
    this.keys[2 * at] = channel;
    this.keys[2 * at + 1] = seq;
    this.values[at] = value;
  }

  get(channel: number, seq: number): E | undefined {
    return this.values[this.slot(channel, seq)];
  }

  /** The value of (channel, seq), removed. */
  take(channel: number, seq: number): E | undefined {
    let at = this.slot(channel, seq);
    const value = this.values[at];
    if (value === undefined) return undefined;
    this.count--;
    // Shift back the entries after it that probed past it, so no lookup stops short.
    for (let next = (at + 1) & this.mask; this.values[next] !== undefined; next = (next + 1) & this.mask) {
      const home = (Math.imul(this.keys[2 * next]!, 0x9e3779b1) ^ Math.imul(this.keys[2 * next + 1]!, 0x85ebca77)) & this.mask;
      // `next` may move to `at` when its home is not in (at, next] (cyclically).
      if (at <= next ? home > at && home <= next : home > at || home <= next) continue;
      this.keys[2 * at] = this.keys[2 * next]!;
      this.keys[2 * at + 1] = this.keys[2 * next + 1]!;
      this.values[at] = this.values[next];
      at = next;
    }
    this.values[at] = undefined;
    return value;
  }

  *entries(): Iterable<E> {
    for (const value of this.values) if (value !== undefined) yield value;
  }

  private grow(): void {
    const { keys, values } = this;
    const size = (this.mask + 1) * 2;
    this.keys = new Int32Array(2 * size);
    this.values = new Array<E | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.count = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== undefined) this.set(keys[2 * i]!, keys[2 * i + 1]!, values[i]!);
  }
}
