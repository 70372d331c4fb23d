// One channel's messages still waiting for their other half, by seq: a channel's sends come
// from one thread, numbered 1, 2, 3…, so a send or a receive goes in a slot at seq - base
// and its other half finds it by index, in typed arrays the channel's messages share, with
// no hashing and no object per message. (Pairing is most of the findings engine's time: a
// hash table of every message in flight cost several times as much over a million
// messages, most of it in cache misses.) A slot holds a waiting send (its event) or a
// waiting receive (the receiving isolate), with its time. Receives come before their sends
// when a trace lists its isolates' events apart, so a slot may be filled anywhere in the
// window, in front of it too (the window moves its contents up). The window drops its
// emptied front as it goes; messages that never get their other half would keep it
// growing, so once they are few among many slots the window hands them to the caller
// (evictIfSparse) and starts afresh.
import type { SendEvent } from '../traceEvents';
import type { IsolateRecord } from './traceRecords';

export const EMPTY = 0;
export const SEND = 1;
export const RECEIVE = 2;

/** How far from what it holds a window reaches for a new seq (farther: the caller's table). */
const MAX_GAP = 1 << 16;

export class ChannelWindow {
  private base = 0;
  /** Every slot before it is empty (not every slot after it is used). */
  private head = 0;
  private length = 0;
  private live = 0;
  private kinds = new Uint8Array(64);
  private times = new Float64Array(64);
  /** As long as the typed arrays (written in bounds, the array stays packed). */
  private values = slots(64);
  /** Slots filled since the last sparseness check. */
  private filled = 0;
  /** What the last take() found: its kind, value and time. */
  takenKind = EMPTY;
  takenAt = 0;

  get size(): number {
    return this.live;
  }

  /** What slot `seq` holds: EMPTY, SEND or RECEIVE (EMPTY outside the window). */
  kindAt(seq: number): number {
    const at = seq - this.base;
    return at >= this.head && at < this.length ? this.kinds[at]! : EMPTY;
  }

  /** The value of slot `seq`, removed (its kind in takenKind, its time in takenAt); call
   * it only when kindAt(seq) is not EMPTY. */
  take(seq: number): SendEvent | IsolateRecord {
    const at = seq - this.base;
    const value = this.values[at]!;
    this.takenKind = this.kinds[at]!;
    this.takenAt = this.times[at]!;
    this.kinds[at] = EMPTY;
    this.values[at] = undefined;
    this.live--;
    return value;
  }

  /** Puts a send or receive in the empty slot of `seq`; false when `seq` is too far from
   * what the window holds (the caller holds it elsewhere). */
  put(seq: number, kind: number, t: number, value: SendEvent | IsolateRecord): boolean {
    let at = seq - this.base;
    if (this.live === 0) {
      // Empty: the arrays are kept (seqs near the last ones stay in place: a channel's
      // messages need not come in seq order), unless this one falls outside them.
      if (at < 0 || at >= this.kinds.length) {
        // In the middle: the next seqs may be lower as well as higher.
        at = Math.max(0, Math.min(seq, this.kinds.length >> 1));
        this.base = seq - at;
      }
      this.head = at;
      this.length = at + 1;
    } else if (at < this.head) {
      if (this.head - at > MAX_GAP) return false;
      if (at < 0) {
        if (this.length - at > MAX_GAP * 4 || this.sparse(this.length - at)) return false;
        this.moveUp(-at);
        at = seq - this.base;
      }
      this.head = at;
    } else if (at >= this.length) {
      if (at - this.length > MAX_GAP) return false;
      if (at >= this.kinds.length) {
        if (this.sparse(at + 1 - this.head)) return false;
        this.makeRoom(at + 1);
      }
      at = seq - this.base;
      this.length = at + 1;
    }
    this.kinds[at] = kind;
    this.times[at] = t;
    this.values[at] = value;
    this.live++;
    this.filled++;
    return true;
  }

  /** The send of `seq` when it waits here. */
  getSend(seq: number): SendEvent | undefined {
    return this.kindAt(seq) === SEND ? (this.values[seq - this.base] as SendEvent) : undefined;
  }

  *sends(): Iterable<SendEvent> {
    for (let i = this.head; i < this.length; i++) if (this.kinds[i] === SEND) yield this.values[i] as SendEvent;
  }

  /** Messages that wait for good among many slots: [seq, kind, t, value] each, the window
   * emptied; checked once every 4096 slots filled. */
  evictIfSparse(): [number, number, number, SendEvent | IsolateRecord][] | undefined {
    if (this.filled < 4096) return undefined;
    this.filled = 0;
    this.skipEmptyFront();
    const used = this.length - this.head;
    if (used < 4096 || this.live * 16 > used) return undefined;
    const out: [number, number, number, SendEvent | IsolateRecord][] = [];
    for (let i = this.head; i < this.length; i++) if (this.kinds[i] !== EMPTY) out.push([this.base + i, this.kinds[i]!, this.times[i]!, this.values[i]!]);
    this.kinds = new Uint8Array(64);
    this.times = new Float64Array(64);
    this.values = slots(64);
    this.live = 0;
    this.head = 0;
    this.length = 0;
    return out;
  }

  /** Room for `needed` slots: drop the emptied front, or grow. */
  private makeRoom(needed: number): void {
    this.skipEmptyFront();
    const head = this.head;
    if (head > 0 && needed - head <= this.kinds.length && head * 2 >= this.length) {
      this.kinds.copyWithin(0, head, this.length);
      this.kinds.fill(EMPTY, this.length - head, this.length);
      this.times.copyWithin(0, head, this.length);
      const values = this.values;
      for (let i = head; i < this.length; i++) values[i - head] = values[i];
      values.fill(undefined, this.length - head, this.length);
      this.base += head;
      this.length -= head;
      this.head = 0;
      return;
    }
    let size = this.kinds.length * 2;
    while (size < needed) size *= 2;
    this.resize(size, 0);
  }

  /** Whether the window's messages would be few among `slots` slots (then it does not grow:
   * what does not fit goes to the caller's table, which for a few is small and warm in cache). */
  private sparse(slots: number): boolean {
    return slots > 1024 && this.live * 16 < slots;
  }

  /** Moves `head` to the first slot in use (take() leaves it behind: a channel's messages
   * taken out of seq order would make it step over the same empty slots again and again). */
  private skipEmptyFront(): void {
    const kinds = this.kinds;
    let head = this.head;
    if (this.live === 0) head = this.length;
    else while (kinds[head] === EMPTY) head++;
    this.head = head;
  }

  /** Room for `by` slots in front: the contents move up, with as much room again before
   * them (receives that come first come in runs of falling seqs, and a channel's messages
   * in no seq order at all), so that moves are few. */
  private moveUp(by: number): void {
    const slack = Math.min(this.base - by, Math.max(by, this.length, 64));
    const shift = by + Math.max(0, slack);
    let size = this.kinds.length;
    while (size < this.length + shift) size *= 2;
    if (size === this.kinds.length) {
      this.kinds.copyWithin(shift, 0, this.length);
      this.kinds.fill(EMPTY, 0, shift);
      this.times.copyWithin(shift, 0, this.length);
      const values = this.values;
      for (let i = this.length - 1; i >= this.head; i--) values[i + shift] = values[i];
      values.fill(undefined, 0, shift);
    } else this.resize(size, shift);
    this.base -= shift;
    this.head += shift;
    this.length += shift;
  }

  private resize(size: number, shift: number): void {
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds.subarray(0, this.length), shift);
    const times = new Float64Array(size);
    times.set(this.times.subarray(0, this.length), shift);
    const values = this.values;
    const moved = slots(size);
    for (let i = this.head; i < this.length; i++) moved[i + shift] = values[i];
    this.kinds = kinds;
    this.times = times;
    this.values = moved;
  }
}

function slots(size: number): (SendEvent | IsolateRecord | undefined)[] {
  return new Array<SendEvent | IsolateRecord | undefined>(size).fill(undefined);
}
