// A ring of binary records in shared memory, one per traced thread: the thread appends
// records, the collector in the main thread reads them (formats them as NDJSON where they
// lie, or copies them out when the ring runs short of room) and then gives their room back.
// Because the memory is shared, what a thread wrote is safe the moment it wrote it — even if
// the thread is then terminated mid-loop, crashes, or calls process.exit — and a thread never
// waits for the collector: when the ring is full the record is counted as dropped instead.
// Messages are small binary records, so a busy thread writes a few numbers, not text; other
// events are NDJSON lines (recordLayout.ts has the layout). A record never wraps around the
// ring's end: a PAD record sends the reader back to the start.
import { LINE, PAD, RECEIVE, RECEIVE_WORDS, SEND, SEND_BIG, SEND_BIG_WORDS, SEND_WORDS } from './recordLayout';

const WRITE = 0;
const READ = 1;
const DROPPED = 2;
/** Set by the parent once the spawn event is written, so no child event is read before it. */
const ANNOUNCED = 3;
/** Set by the parent when the thread has exited: drain once more, then forget the ring. */
const EXITED = 4;
/** The header's int32 that says whether the ring records: cleared by the collector when
 * tracing stops (tracingOn() reads it directly). */
export const ENABLED_FLAG = 5;
const HEADER_BYTES = 32;

export const DEFAULT_RING_BYTES = 1 << 20;

export function createRing(bytes = DEFAULT_RING_BYTES): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(HEADER_BYTES + Math.max(64, bytes - (bytes % 8)));
  new Int32Array(sab, 0, HEADER_BYTES / 4)[ENABLED_FLAG] = 1;
  return sab;
}

class RingView {
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

// Made on first use: creating the first TextEncoder of a thread loads Node's encoding
// module (~1 ms), which an isolate that is not traced should not pay for.
let lazyEncoder: InstanceType<typeof TextEncoder> | undefined;

export class RingWriter extends RingView {
  private readonly f64: Float64Array;
  private readonly bytes: Uint8Array;
  private scratch = new Uint8Array(4096);
  /** Where the next record goes. This thread is the ring's only writer, so WRITE in the
   * header is always this value, published. */
  private at: number;
  /** Words that fit from `at` without looking at the reader's position again: the reader only
   * ever frees room, so a record that fits here is checked with no shared read at all. */
  private room = 0;
  /** Called when a record does not fit; the main thread drains itself here. */
  onFull: (() => void) | undefined;

  constructor(sab: SharedArrayBuffer) {
    super(sab);
    this.f64 = new Float64Array(sab, HEADER_BYTES);
    this.bytes = new Uint8Array(sab, HEADER_BYTES);
    this.at = Atomics.load(this.header, WRITE);
  }

  writeSend(t: number, channel: number, seq: number, bytes: number, transferred: number, bufferBytes: number, to: number, portId: number): boolean {
    const big = transferred !== 0 || bufferBytes !== 0 || bytes > 0x7fffffff;
    const size = big ? SEND_BIG_WORDS : SEND_WORDS;
    const at = this.reserve(size);
    if (at < 0) return false;
    const w = this.words;
    w[at] = big ? SEND_BIG : SEND;
    w[at + 1] = channel;
    this.f64[(at >> 1) + 1] = t;
    w[at + 4] = seq;
    if (big) {
      w[at + 5] = to;
      w[at + 6] = portId;
      this.f64[(at >> 1) + 4] = bytes;
      this.f64[(at >> 1) + 5] = transferred;
      this.f64[(at >> 1) + 6] = bufferBytes;
    } else {
      w[at + 5] = bytes;
      w[at + 6] = to;
      w[at + 7] = portId;
    }
    this.publish(at + size);
    return true;
  }

  writeReceive(t: number, channel: number, seq: number, portId: number): boolean {
    const at = this.reserve(RECEIVE_WORDS);
    if (at < 0) return false;
    const w = this.words;
    w[at] = RECEIVE;
    w[at + 1] = channel;
    this.f64[(at >> 1) + 1] = t;
    w[at + 4] = seq;
    w[at + 5] = portId;
    this.publish(at + RECEIVE_WORDS);
    return true;
  }

  /** Appends one NDJSON line (with its newline). False when it was dropped for lack of room. */
  writeLine(line: string): boolean {
    lazyEncoder ??= new TextEncoder();
    const first = lazyEncoder.encodeInto(line, this.scratch);
    let written = first.written;
    if (first.read < line.length) {
      this.scratch = new Uint8Array(line.length * 3);
      ({ written } = lazyEncoder.encodeInto(line, this.scratch));
    }
    const size = 2 + 2 * Math.ceil(written / 8);
    const at = this.reserve(size);
    if (at < 0) return false;
    this.words[at] = LINE;
    this.words[at + 1] = written;
    this.bytes.set(this.scratch.subarray(0, written), (at + 2) * 4);
    this.publish(at + size);
    return true;
  }

  /** Makes the records before `end` visible to the reader (the store is a release: the
   * record's words are in memory before the reader can see WRITE move past them). */
  private publish(end: number): void {
    const next = end === this.capacity ? 0 : end;
    this.at = next;
    Atomics.store(this.header, WRITE, next);
  }

  /** Where a record of `size` words goes, or -1 when it was dropped. */
  private reserve(size: number): number {
    if (size <= this.room) {
      this.room -= size;
      return this.at;
    }
    return this.reserveSlowly(size);
  }

  /** reserve() when the known room is used up: reads the reader's position, pads out the
   * ring's tail when the record would wrap, and drains (main thread) or drops when full. */
  private reserveSlowly(size: number): number {
    for (let attempt = 0; ; attempt++) {
      const w = this.at;
      const r = Atomics.load(this.header, READ);
      const free = this.capacity - 2 - this.used(w, r);
      const tail = this.capacity - w;
      if (size <= tail && size <= free) {
        this.room = Math.min(tail, free) - size;
        return w;
      }
      // Wrap: pad out the tail and start again at 0 (never overtaking the reader there).
      if (size > tail && tail + size <= free) {
        this.words[w] = PAD;
        this.publish(0);
        this.room = Math.min(this.capacity, free - tail) - size;
        return 0;
      }
      if (attempt > 0 || !this.onFull) break;
      this.onFull();
    }
    this.room = 0;
    Atomics.add(this.header, DROPPED, 1);
    return -1;
  }
}

/** Runs every path of RingWriter once on a small ring of its own: plain and big sends,
 * receives, a wrap, a full ring with and without a drain. V8 compiles a thread's hot send and
 * receive paths (which inline these methods) from what they have run: a path never run
 * before the compile (the first wrap of a real ring comes after some 30,000 records) throws
 * the optimized code away when it is first taken, and it is compiled again, in every traced
 * thread (measured: 7 of the 19 deoptimizations of a traced worker_threads echo). Once per
 * thread: 0.4 ms in a main thread, 0.9 ms in a new worker, most of it compiling to bytecode
 * what the thread's first records would compile anyway. */
export function warmRingWriter(): void {
  if (warmed) return;
  warmed = true;
  const sab = createRing(256);
  const writer = new RingWriter(sab);
  const reader = new RingReader(sab);
  for (let i = 0; i < 16; i++) {
    writer.onFull = i % 2 === 0 ? undefined : () => reader.releaseAll();
    writer.writeSend(i, 1, i, 16, 0, 0, 1, -1);
    writer.writeSend(i, 1, i, 16, 8, 8, 1, 2);
    writer.writeReceive(i, 1, i, i % 3 === 0 ? -1 : 2);
    // Now and then the reader takes everything, so the writer wraps; otherwise it fills up.
    if (i % 4 === 0 && reader.lend()) reader.releaseAll();
  }
  reader.takeDropped();
}
let warmed = false;

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

  /** How many records were dropped since the last call. */
  takeDropped(): number {
    return Atomics.exchange(this.header, DROPPED, 0);
  }
}
