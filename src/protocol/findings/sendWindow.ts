// One channel's sends still waiting for their receive, in seq order: a channel's sends come
// from one thread, numbered 1, 2, 3…, so they are appended to an array at seq - base and a
// receive finds its send by index, in memory the channel's sends share, with no hashing.
// (Pairing is most of the findings engine's time: a hash table of every message in flight
// cost three times as much over a million messages.) The array drops its taken front as it
// goes; sends that never get their receive would keep it growing, so once they are few
// among many slots, the window hands them to the caller's table and starts afresh.
import type { SendEvent } from '../traceEvents';

export class SendWindow {
  private base = 0;
  private head = 0;
  private length = 0;
  private live = 0;
  private events: (SendEvent | undefined)[] = [];
  private times = new Float64Array(64);
  /** The time of the last send take() returned. */
  takenAt = 0;

  get size(): number {
    return this.live;
  }

  /** Appends a send; false when its seq does not follow on (the caller holds it elsewhere). */
  push(seq: number, t: number, event: SendEvent): boolean {
    if (this.live === 0) {
      this.base = seq;
      this.head = 0;
      this.length = 0;
    }
    if (seq !== this.base + this.length) return false;
    if (this.length === this.times.length) this.makeRoom();
    this.events[this.length] = event;
    this.times[this.length] = t;
    this.length++;
    this.live++;
    return true;
  }

  /** The send of `seq`, removed (its time in takenAt). */
  take(seq: number): SendEvent | undefined {
    const at = seq - this.base;
    if (at < this.head || at >= this.length) return undefined;
    const event = this.events[at];
    if (event === undefined) return undefined;
    this.events[at] = undefined;
    this.takenAt = this.times[at]!;
    this.live--;
    if (at === this.head) while (this.head < this.length && this.events[this.head] === undefined) this.head++;
    return event;
  }

  get(seq: number): SendEvent | undefined {
    const at = seq - this.base;
    return at >= this.head && at < this.length ? this.events[at] : undefined;
  }

  *values(): Iterable<SendEvent> {
    for (let i = this.head; i < this.length; i++) if (this.events[i] !== undefined) yield this.events[i]!;
  }

  /** Sends that wait for good among many slots: [seq, t, event] each, the window emptied. */
  evictIfSparse(): [number, number, SendEvent][] | undefined {
    const slots = this.length - this.head;
    if (slots < 4096 || this.live * 16 > slots) return undefined;
    const out: [number, number, SendEvent][] = [];
    for (let i = this.head; i < this.length; i++) if (this.events[i] !== undefined) out.push([this.base + i, this.times[i]!, this.events[i]!]);
    this.events = [];
    this.live = 0;
    this.head = 0;
    this.length = 0;
    return out;
  }

  /** A full array: drop the taken front, or grow. */
  private makeRoom(): void {
    if (this.head * 2 >= this.length) {
      this.times.copyWithin(0, this.head, this.length);
      this.events.splice(0, this.head);
      this.base += this.head;
      this.length -= this.head;
      this.head = 0;
      return;
    }
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
  }
}
