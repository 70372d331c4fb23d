// A ring of binary records in shared memory, one per traced thread: the thread appends
// records (ringWriter.ts), the collector in the main thread reads them (formats them as
// NDJSON where they lie, or copies them out when the ring runs short of room) and then gives
// their room back.
// Because the memory is shared, what a thread wrote is safe the moment it wrote it — even if
// the thread is then terminated mid-loop, crashes, or calls process.exit — and a thread never
// waits for the collector: when the ring is full (the main thread busy elsewhere), records
// are held in the thread's own memory, in order, and go into the ring as it gets room; only
// those still held when the thread is terminated or the trace stops, or past a bound, are
// counted as dropped.
// Messages are small binary records, so a busy thread writes a few numbers, not text; other
// events are NDJSON lines (recordLayout.ts has the layout). A record never wraps around the
// ring's end: a PAD record sends the reader back to the start.

export const WRITE = 0;
export const READ = 1;
export const DROPPED = 2;
/** Set by the parent once the spawn event is written, so no child event is read before it. */
const ANNOUNCED = 3;
/** Set by the parent when the thread has exited: drain once more, then forget the ring. */
const EXITED = 4;
/** The header's int32 that says whether the ring records: cleared by the collector when
 * tracing stops (tracingOn() reads it directly). */
export const ENABLED_FLAG = 5;
/** Records the writer holds outside the ring, waiting for room (RingWriter.hold): the
 * collector counts those left as dropped once the thread has exited or the trace stops. */
export const STRANDED = 6;
export const HEADER_BYTES = 32;

export const DEFAULT_RING_BYTES = 1 << 20;

export function createRing(bytes = DEFAULT_RING_BYTES): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(HEADER_BYTES + Math.max(64, bytes - (bytes % 8)));
  new Int32Array(sab, 0, HEADER_BYTES / 4)[ENABLED_FLAG] = 1;
  return sab;
}

export class RingView {
  protected readonly header: Int32Array;
  protected readonly words: Int32Array;
  /** Capacity in words; WRITE and READ count words and are always even. */
  protected readonly capacity: number;

  constructor(readonly sab: SharedArrayBuffer) {
    this.header = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.words = new Int32Array(sab, HEADER_BYTES);
    this.capacity = this.words.length;
  }

  /** Words in use between the reader's position `r` and the writer's `w`. */
  protected used(w: number, r: number): number {
    return w >= r ? w - r : w - r + this.capacity;
  }
  /** The thread stops recording into this ring. */
  disable(): void {
    Atomics.store(this.header, ENABLED_FLAG, 0);
  }
  announce(): void {
    Atomics.store(this.header, ANNOUNCED, 1);
  }
  get announced(): boolean {
    return Atomics.load(this.header, ANNOUNCED) === 1;
  }
  markExited(): void {
    Atomics.store(this.header, EXITED, 1);
  }
  get exited(): boolean {
    return Atomics.load(this.header, EXITED) === 1;
  }
}

export class RingReader extends RingView {
  /** Where lend() got to. The records between READ and here are lent out: they stay in the
   * ring (the writer cannot reuse their room) until release() passes them. */
  private lent: number;

  constructor(sab: SharedArrayBuffer) {
    super(sab);
    this.lent = Atomics.load(this.header, READ);
  }

  /** Everything written since the last call (whole records, in one or two runs), as views
   * into the ring: nothing is copied. Undefined when there is nothing new. A run ends at its
   * end or at a PAD record. */
  lend(): Int32Array[] | undefined {
    const w = Atomics.load(this.header, WRITE);
    const r = this.lent;
    if (w === r) return undefined;
    this.lent = w;
    return w > r ? [this.words.subarray(r, w)] : [this.words.subarray(r), this.words.subarray(0, w)];
  }

  /** Gives the room of a lent run back up to its word `at` (the records before it are done
   * with). Runs are released in the order they were lent. */
  release(run: Int32Array, at: number): void {
    const position = (run.byteOffset - HEADER_BYTES) / 4 + at;
    Atomics.store(this.header, READ, position === this.capacity ? 0 : position);
  }

  /** Gives back the room of every lent record (their holder has copied them). */
  releaseAll(): void {
    Atomics.store(this.header, READ, this.lent);
  }

  /** The share of the ring in use (lent records included), 0 to 1. */
  get fill(): number {
    return this.used(Atomics.load(this.header, WRITE), this.header[READ]!) / this.capacity;
  }

  /** How many records were dropped since the last call; once the thread has exited (or
   * `last`: the ring is read for the last time), those it still held outside the ring too. */
  takeDropped(last = false): number {
    return Atomics.exchange(this.header, DROPPED, 0) + (last || this.exited ? Atomics.exchange(this.header, STRANDED, 0) : 0);
  }
}
