// A byte ring in shared memory, one per traced thread: the thread appends whole NDJSON
// lines, the collector in the main thread takes them out. Because the memory is shared,
// what a thread wrote is safe the moment it wrote it — even if the thread is then
// terminated mid-loop, crashes, or calls process.exit — and a thread never waits for the
// collector: when the ring is full the line is counted as dropped instead.
const WRITE = 0;
const READ = 1;
const DROPPED = 2;
/** Set by the parent once the spawn event is written, so no child event is read before it. */
const ANNOUNCED = 3;
/** Set by the parent when the thread has exited: drain once more, then forget the ring. */
const EXITED = 4;
/** Cleared by the collector when tracing stops. */
const ENABLED = 5;
const HEADER_BYTES = 32;

export const DEFAULT_RING_BYTES = 1 << 20;

export function createRing(bytes = DEFAULT_RING_BYTES): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(HEADER_BYTES + bytes);
  new Int32Array(sab, 0, HEADER_BYTES / 4)[ENABLED] = 1;
  return sab;
}

class RingView {
  protected readonly header: Int32Array;
  protected readonly data: Uint8Array;
  protected readonly capacity: number;

  constructor(readonly sab: SharedArrayBuffer) {
    this.header = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(sab, HEADER_BYTES);
    this.capacity = this.data.length;
  }

  get enabled(): boolean {
    return this.header[ENABLED] === 1;
  }
  set enabled(on: boolean) {
    Atomics.store(this.header, ENABLED, on ? 1 : 0);
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
const encoder = { encodeInto: (text: string, into: Uint8Array) => (lazyEncoder ??= new TextEncoder()).encodeInto(text, into) };

export class RingWriter extends RingView {
  private scratch = new Uint8Array(16 * 1024);
  /** Called when a line does not fit; the main thread drains itself here. */
  onFull: (() => void) | undefined;

  /** Appends one line (with its newline). False when it was dropped for lack of room. */
  write(line: string): boolean {
    const w = this.header[WRITE]!;
    let free = this.freeBytes(w);
    // The common case: encode straight into the ring, in the room before its end.
    const room = Math.min(free, this.capacity - w);
    if (room >= line.length * 3 || room >= 4096) {
      const { read, written } = encoder.encodeInto(line, this.data.subarray(w, w + room));
      if (read === line.length) {
        Atomics.store(this.header, WRITE, (w + written) % this.capacity);
        return true;
      }
    }
    // Otherwise through a scratch buffer: the line wraps around the end, or the ring is full.
    let { written, read } = encoder.encodeInto(line, this.scratch);
    if (read < line.length) {
      this.scratch = new Uint8Array(line.length * 3);
      ({ written, read } = encoder.encodeInto(line, this.scratch));
    }
    if (written > free && this.onFull) {
      this.onFull();
      free = this.freeBytes(w);
    }
    if (written > free) {
      Atomics.add(this.header, DROPPED, 1);
      return false;
    }
    const first = Math.min(written, this.capacity - w);
    this.data.set(first === written ? this.scratch.subarray(0, written) : this.scratch.subarray(0, first), w);
    if (first < written) this.data.set(this.scratch.subarray(first, written), 0);
    Atomics.store(this.header, WRITE, (w + written) % this.capacity);
    return true;
  }

  private freeBytes(w: number): number {
    const r = Atomics.load(this.header, READ);
    return this.capacity - 1 - ((w - r + this.capacity) % this.capacity);
  }
}

export class RingReader extends RingView {
  /** Takes out everything written so far (whole lines), or undefined when empty. */
  take(): Uint8Array | undefined {
    const w = Atomics.load(this.header, WRITE);
    const r = this.header[READ]!;
    if (w === r) return undefined;
    let out: Uint8Array;
    if (w > r) out = this.data.slice(r, w);
    else {
      out = new Uint8Array(this.capacity - r + w);
      out.set(this.data.subarray(r), 0);
      out.set(this.data.subarray(0, w), this.capacity - r);
    }
    Atomics.store(this.header, READ, w);
    return out;
  }

  /** How many lines were dropped since the last call. */
  takeDropped(): number {
    return Atomics.exchange(this.header, DROPPED, 0);
  }
}
