// Records a thread's ring writer keeps outside its ring while the ring is full (see
// RingWriter.hold in ringWriter.ts), in the ring's own layout, oldest first.
import { recordWords } from './recordLayout';

/** Records kept in order outside the ring: a queue in memory of its own, which grows as
 * needed (and moves its records to its start when that makes room). */
export class HeldRecords {
  words = new Int32Array(0);
  f64 = new Float64Array(0);
  bytes = new Uint8Array(0);
  /** Where the oldest record is. */
  private first = 0;
  /** Where the next one goes. */
  private end = 0;
  count = 0;

  constructor(private readonly maxWords: number) {}

  /** Room for a record of `size` words: where it goes in `words`, or -1 past maxWords. */
  add(size: number): number {
    if (this.end + size > this.words.length && !this.makeRoom(size)) return -1;
    const at = this.end;
    this.end += size;
    this.count++;
    return at;
  }

  /** The size of the oldest record (count > 0). */
  nextWords(): number {
    return recordWords(this.words, this.first);
  }

  /** Takes the oldest record (`firstWords`, as nextWords() said) and those after it that fit
   * in `room` more words; the view is good until the next add(). */
  take(firstWords: number, room: number): Int32Array {
    const start = this.first;
    let end = start + firstWords;
    let taken = 1;
    for (; taken < this.count; taken++) {
      const size = recordWords(this.words, end);
      if (end + size - start - firstWords > room) break;
      end += size;
    }
    this.count -= taken;
    this.first = this.count === 0 ? (this.end = 0) : end;
    return this.words.subarray(start, end);
  }

  private makeRoom(size: number): boolean {
    const live = this.end - this.first;
    if (live + size > this.maxWords) return false;
    const words = live + size <= this.words.length >> 1 ? this.words : new Int32Array(Math.min(this.maxWords, Math.max(HELD_START_WORDS, 2 * (live + size))));
    words.set(this.words.subarray(this.first, this.end));
    if (words !== this.words) {
      this.words = words;
      this.f64 = new Float64Array(words.buffer);
      this.bytes = new Uint8Array(words.buffer);
    }
    this.first = 0;
    this.end = live;
    return true;
  }
}

/** At most this much is held outside a thread's ring (words: 32 MiB); beyond it, records
 * are dropped (and counted). */
export const MAX_HELD_WORDS = 8 << 20;
const HELD_START_WORDS = 16 << 10;
