// A ring's writer: the thread's side of its ring (ring.ts has the ring, its header and its
// reader). It appends records where the known room allows without reading the reader's
// position, holds what does not fit while the ring is full, and warms itself once.
import { lineWords, PAD, putLine, putReceive, putSend, RECEIVE_WORDS, SEND_BIG_WORDS, SEND_WORDS } from './recordLayout';
import { HeldRecords, MAX_HELD_WORDS } from './heldRecords';
import { createRing, DROPPED, ENABLED_FLAG, HEADER_BYTES, READ, RingReader, RingView, STRANDED, WRITE } from './ring';

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
  private slowCalls = 0;
  /** Records that found the ring full wait here, in order, until it has room (see hold()). */
  private readonly held: HeldRecords;
  /** How soon held records are offered to the ring again while the thread writes none (ms;
   * 0: only as it writes). */
  retryMs = 10;
  /** While records are held, how many writes there are between two tries to move them in. */
  flushEvery = 256;
  private heldSinceTry = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Called when a record does not fit; the main thread drains itself here. */
  onFull: (() => void) | undefined;

  /** `maxHeldWords`: how much may be held outside the ring (default MAX_HELD_WORDS). */
  constructor(sab: SharedArrayBuffer, { maxHeldWords = MAX_HELD_WORDS } = {}) {
    super(sab);
    this.held = new HeldRecords(maxHeldWords);
    this.f64 = new Float64Array(sab, HEADER_BYTES);
    this.bytes = new Uint8Array(sab, HEADER_BYTES);
    this.at = Atomics.load(this.header, WRITE);
  }

  writeSend(t: number, channel: number, seq: number, bytes: number, transferred: number, bufferBytes: number, to: number, portId: number): boolean {
    const big = transferred !== 0 || bufferBytes !== 0 || bytes > 0x7fffffff;
    const size = big ? SEND_BIG_WORDS : SEND_WORDS;
    const at = this.reserve(size);
    if (at >= 0) {
      putSend(this.words, this.f64, at, big, t, channel, seq, bytes, transferred, bufferBytes, to, portId);
      this.publish(at + size);
      return true;
    }
    const kept = this.hold(size);
    if (kept < 0) return false;
    putSend(this.held.words, this.held.f64, kept, big, t, channel, seq, bytes, transferred, bufferBytes, to, portId);
    return true;
  }

  writeReceive(t: number, channel: number, seq: number, portId: number): boolean {
    const at = this.reserve(RECEIVE_WORDS);
    if (at >= 0) {
      putReceive(this.words, this.f64, at, t, channel, seq, portId);
      this.publish(at + RECEIVE_WORDS);
      return true;
    }
    const kept = this.hold(RECEIVE_WORDS);
    if (kept < 0) return false;
    putReceive(this.held.words, this.held.f64, kept, t, channel, seq, portId);
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
    const size = lineWords(written);
    const at = this.reserve(size);
    if (at >= 0) {
      putLine(this.words, this.bytes, at, this.scratch, written);
      this.publish(at + size);
      return true;
    }
    const kept = this.hold(size);
    if (kept < 0) return false;
    putLine(this.held.words, this.held.bytes, kept, this.scratch, written);
    return true;
  }

  /** Moves the held records into the ring, as far as it has room; true when none is left. */
  flushHeld(): boolean {
    const held = this.held;
    if (held.count === 0) return true;
    // A ring no longer read (the trace stopped) takes nothing more: what is held stays
    // counted, as dropped.
    while (held.count > 0 && this.header[ENABLED_FLAG] === 1) {
      const first = held.nextWords();
      const at = first <= this.room ? this.claim(first) : this.place(first);
      if (at < 0) break;
      // With the oldest record go those after it that fit in the room left: one copy.
      const records = held.take(first, this.room);
      this.room -= records.length - first;
      this.words.set(records, at);
      this.publish(at + records.length);
    }
    Atomics.store(this.header, STRANDED, held.count);
    return held.count === 0;
  }

  /** The thread is ending (its exit event): waits for the reader to take what is held, up
   * to `ms`, then leaves the rest to be counted as dropped. */
  flushHeldBefore(ms: number): void {
    const until = performance.now() + ms;
    while (!this.flushHeld() && performance.now() < until) {
      // Sleeps 5 ms and looks again (the reader never notifies; a reader that moved between
      // the load and the wait ends it at once).
      Atomics.wait(this.header, READ, Atomics.load(this.header, READ), 5);
    }
  }

  /** The thread stops writing here (it becomes another isolate): held records go in as far
   * as they fit, and no timer is left behind. */
  stop(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    this.retryMs = 0;
    this.flushHeld();
  }

  /** Makes the records before `end` visible to the reader (the store is a release: the
   * record's words are in memory before the reader can see WRITE move past them). */
  private publish(end: number): void {
    const next = end === this.capacity ? 0 : end;
    this.at = next;
    Atomics.store(this.header, WRITE, next);
  }

  /** Where a record of `size` words goes, or -1 when the ring has no room for it. */
  private reserve(size: number): number {
    return size <= this.room ? this.claim(size) : this.reserveSlowly(size);
  }

  /** Takes `size` words of the known room. */
  private claim(size: number): number {
    this.room -= size;
    return this.at;
  }

  /** reserve() when the known room is used up: held records go first, in order. A thread's
   * second time here (its first records took up to WARM_AFTER_WORDS) warms the writer. */
  private reserveSlowly(size: number): number {
    if (!warmed && this.slowCalls++ > 0) warmRingWriter();
    // While records are held, the next go after them; one write in `flushEvery` tries to move
    // them into the ring (and the retry timer does, whenever the thread's loop turns).
    if (this.held.count > 0) {
      if (++this.heldSinceTry < this.flushEvery) return -1;
      this.heldSinceTry = 0;
      if (!this.flushHeld()) return -1;
    }
    return this.place(size);
  }

  /** How much a record may take of the room that place() finds: all of it once warmed. */
  private roomUpTo(words: number): number {
    return warmed ? words : Math.min(words, WARM_AFTER_WORDS);
  }

  /** Reads the reader's position, pads out the ring's tail when the record would wrap, and
   * drains (main thread) when full; -1 when there is no room. */
  private place(size: number): number {
    for (let attempt = 0; ; attempt++) {
      const w = this.at;
      const r = Atomics.load(this.header, READ);
      const free = this.capacity - 2 - this.used(w, r);
      const tail = this.capacity - w;
      if (size <= tail && size <= free) {
        this.room = this.roomUpTo(Math.min(tail, free) - size);
        return w;
      }
      // Wrap: pad out the tail and start again at 0 (never overtaking the reader there).
      if (size > tail && tail + size <= free) {
        this.words[w] = PAD;
        this.publish(0);
        this.room = this.roomUpTo(Math.min(this.capacity, free - tail) - size);
        return 0;
      }
      // An empty ring whose tail is too short, and too little before the reader's position:
      // wrap now, so the record fits once the reader has followed to the start.
      if (size > tail && r === w && w !== 0) {
        this.words[w] = PAD;
        this.publish(0);
      }
      if (attempt > 0 || !this.onFull) break;
      this.onFull();
    }
    this.room = 0;
    return -1;
  }

  /** Keeps a record the ring has no room for, after those already kept: where in
   * `held.words` to write it, or -1 when too much is held already (it is dropped, and
   * counted). Kept records go into the ring as it gets room: when the thread writes its next
   * record, a few ms later, before it blocks in Atomics.wait, and at its exit. */
  private hold(size: number): number {
    // A record the ring could never take (a line of most of its size) is not kept.
    const at = size <= this.capacity - 2 ? this.held.add(size) : -1;
    if (at < 0) {
      Atomics.add(this.header, DROPPED, 1);
      return -1;
    }
    Atomics.store(this.header, STRANDED, this.held.count);
    if (this.retry === undefined && this.retryMs > 0) {
      this.retry = setTimeout(this.retryHeld, this.retryMs);
      this.retry.unref();
    }
    return at;
  }

  private readonly retryHeld = (): void => {
    this.retry = undefined;
    if (!this.flushHeld() && this.retryMs > 0 && this.header[ENABLED_FLAG] === 1) {
      this.retry = setTimeout(this.retryHeld, this.retryMs);
      this.retry.unref();
    }
  };
}

/** Runs every path of RingWriter once on a small ring of its own: plain and big sends,
 * receives, a wrap, a full ring with and without a drain, records held and moved in. V8
 * compiles a thread's hot send and receive paths (which inline these methods) from what they
 * have run: a path never run before the compile (the first wrap of a real ring comes after
 * some 30,000 records) throws the optimized code away when it is first taken, and it is
 * compiled again, in every traced thread (measured: 7 of the 19 deoptimizations of a traced
 * worker_threads echo). Once per thread, when it has written WARM_AFTER_WORDS (long before
 * V8 optimizes anything), so that a thread that records little does not pay it: 2-3 ms,
 * part of it compiling to bytecode what the thread's next records would compile anyway. */
function warmRingWriter(): void {
  if (warmed) return;
  warmed = true;
  // The smallest ring: every other record wraps it (a big send fills it).
  const sab = createRing(64);
  const writer = new RingWriter(sab);
  writer.retryMs = 0;
  writer.flushEvery = 2;
  const reader = new RingReader(sab);
  const takeAll = (): void => {
    reader.lend();
    reader.releaseAll();
  };
  const writeEach = (i: number): void => {
    writer.writeSend(i, 1, i, 16, 0, 0, 1, -1);
    writer.writeSend(i, 1, i, 16, 8, 8, 1, 2);
    writer.writeReceive(i, 1, i, i % 3 === 0 ? -1 : 2);
    writer.writeLine('{}\n');
  };
  // A reader that keeps up (the main thread drains itself when full): the ring wraps.
  writer.onFull = takeAll;
  for (let i = 0; i < 16; i++) writeEach(i);
  // One that is away: the ring fills and records are held; now and then it takes
  // everything, as often as it takes for the held records to go in.
  writer.onFull = undefined;
  for (let i = 0; i < 8; i++) {
    writeEach(i);
    if (i % 4 === 3) {
      do takeAll();
      while (!writer.flushHeld());
    }
  }
  reader.takeDropped();
}
let warmed = false;
/** Words a thread writes before it warms its writer: some 500 sends. */
const WARM_AFTER_WORDS = 4096;
