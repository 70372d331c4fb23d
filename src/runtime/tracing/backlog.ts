// The collector's backlog: records taken from the rings, in the order they were taken,
// waiting to be formatted as NDJSON. Formatting is the expensive part, so it happens here,
// within a time budget the collector sets (see collector.ts), and a busy program is not
// slowed by it. Records are formatted where they are, in the ring that lent them, and give
// their room back as they are done; when a ring runs short of room, the collector has its
// lent records copied here instead (copyLent), which frees the ring at once.
import { createRing, RingReader } from './ring';
import { RingWriter } from './ringWriter';
import { LINE, lineWords, RECEIVE, RECEIVE_WORDS, SEND, SEND_BIG, SEND_BIG_WORDS, SEND_WORDS } from './recordLayout';
import { NdjsonWriter } from './ndjsonWriter';

/** Bytes of text formatted between two looks at the clock: when everything is formatted,
 * and when a deadline is set (the timer's drain, whose budget is a quarter of a millisecond
 * while the program is busy, run by code the JIT may not have optimized yet: about 20
 * records, so the budget is kept). */
const BATCH_BYTES = 16 << 10;
const TIMED_BATCH_BYTES = 2 << 10;

interface Run {
  isolate: number;
  words: Int32Array;
  f64: Float64Array;
  at: number;
  /** The ring `words` is a view into (its room is given back as the run is formatted), or
   * undefined for a copy. */
  lender: RingReader | undefined;
}

/** Records a full backlog may hold before it is formatted whatever the budget (bytes). */
export const MAX_BACKLOG_BYTES = 256 << 20;

export class Backlog {
  private readonly runs: (Run | Uint8Array)[] = [];
  private first = 0;
  /** Bytes held in copies, to bound memory (lent runs take none of ours). */
  bytes = 0;

  /** Queues runs of records from `isolate`'s ring: copies, or views lent by `lender`. */
  addRuns(isolate: number, runs: Int32Array[], lender?: RingReader): void {
    for (const words of runs) {
      this.runs.push({ isolate, words, f64: float64View(words), at: 0, lender });
      if (!lender) this.bytes += words.byteLength;
    }
  }

  /** Copies what is left of the runs `lender` lent, and gives the ring all their room back. */
  copyLent(lender: RingReader): void {
    for (let i = this.first; i < this.runs.length; i++) {
      const run = this.runs[i]!;
      if (run instanceof Uint8Array || run.lender !== lender) continue;
      run.words = run.words.slice(run.at);
      run.f64 = float64View(run.words);
      run.at = 0;
      run.lender = undefined;
      this.bytes += run.words.byteLength;
    }
    lender.releaseAll();
  }

  /** Queues bytes that are already NDJSON. */
  addLines(bytes: Uint8Array): void {
    this.runs.push(bytes);
    this.bytes += bytes.byteLength;
  }

  get empty(): boolean {
    return this.first === this.runs.length;
  }

  /** Formats queued records into `emit` (in chunks of about CHUNK_BYTES, one write each for
   * a file) until the backlog is empty or `deadline` (performance.now()) has passed. */
  format(emit: (bytes: Uint8Array) => void, deadline = Infinity): void {
    warmFormatter();
    while (this.first < this.runs.length) {
      const out = output;
      out.clear();
      this.formatInto(out, deadline);
      if (out.parts.length > 0) emit(out.parts.length === 1 ? out.parts[0]! : Buffer.concat(out.parts, out.bytes));
      if (performance.now() > deadline) return;
    }
  }

  private formatInto(out: Output, deadline: number): void {
    while (this.first < this.runs.length && out.bytes < CHUNK_BYTES) {
      const next = this.runs[this.first]!;
      if (next instanceof Uint8Array) {
        out.push(next);
        this.bytes -= next.byteLength;
      } else {
        const done = formatRun(next, out, deadline);
        next.lender?.release(next.words, next.at);
        if (!done) return;
        if (!next.lender) this.bytes -= next.words.byteLength;
      }
      this.runs[this.first++] = undefined as never;
      if (this.first > 1024 && this.first * 2 > this.runs.length) {
        this.runs.splice(0, this.first);
        this.first = 0;
      }
      if (performance.now() > deadline) return;
    }
  }
}

const CHUNK_BYTES = 8 << 20;

function float64View(words: Int32Array): Float64Array {
  return new Float64Array(words.buffer, words.byteOffset, words.length >> 1);
}

class Output {
  readonly parts: Uint8Array[] = [];
  bytes = 0;
  push(part: Uint8Array): void {
    this.parts.push(part);
    this.bytes += part.byteLength;
  }
  clear(): void {
    this.parts.length = 0;
    this.bytes = 0;
  }
}

/** The one Output, cleared for each chunk: a new one's empty array starts as an array of
 * small integers, and the JIT's code for the first push into it was thrown away each time. */
const output = new Output();

/** Formats records of every kind, plain and with a deadline, lent and copied, into nothing,
 * as warmRingWriter() does for the writer: so that the JIT compiles the formatter having seen
 * each branch (a kind first met after the compile throws the code away, and formatRun, which
 * inlines the NDJSON writer's methods, is among the largest compiles of a traced process).
 * Once, in the collector's thread, at its first formatting: about 2 ms, most of it compiling
 * what that formatting would compile anyway. */
function warmFormatter(): void {
  if (formatterWarmed) return;
  formatterWarmed = true;
  const sab = createRing(16 << 10);
  const writer = new RingWriter(sab);
  const reader = new RingReader(sab);
  for (const deadline of [Infinity, performance.now() + 1000]) {
    for (let i = 0; i < 12; i++) {
      writer.writeSend(i * 1.5, 1, i, 16, 0, 0, 1, i % 2 === 0 ? -1 : 2);
      writer.writeSend(-i, 1, i, 1e10, 8, 8, -1, -1);
      writer.writeReceive(i * 10.25, 1, i, i % 2 === 0 ? -1 : 2);
      if (i % 6 === 0) writer.writeLine('{"type":"warm"}\n');
    }
    const backlog = new Backlog();
    backlog.addRuns(0, reader.lend() ?? [], reader);
    // Lent runs the first time, copies (as when a ring runs short) the second.
    if (deadline !== Infinity) backlog.copyLent(reader);
    backlog.format(() => undefined, deadline);
  }
}
let formatterWarmed = false;

/** Formats `run` from where it stopped; false when it stopped early (the deadline came, or
 * the output is full). */
function formatRun(run: Run, out: Output, deadline: number): boolean {
  const w = run.words;
  const f = run.f64;
  const isolate = run.isolate;
  let at = run.at;
  while (at < w.length) {
    const text = new NdjsonWriter(Math.min(deadline === Infinity ? BATCH_BYTES : TIMED_BATCH_BYTES, (w.length - at) * 24));
    while (at < w.length && text.roomForRecord) {
      const kind = w[at]!;
      if (kind === SEND) {
        text.send(f[(at >> 1) + 1]!, isolate, w[at + 1]!, w[at + 4]! >>> 0, w[at + 6]!, w[at + 7]!, w[at + 5]!, 0, 0);
        at += SEND_WORDS;
      } else if (kind === SEND_BIG) {
        text.send(f[(at >> 1) + 1]!, isolate, w[at + 1]!, w[at + 4]! >>> 0, w[at + 5]!, w[at + 6]!, f[(at >> 1) + 4]!, f[(at >> 1) + 5]!, f[(at >> 1) + 6]!);
        at += SEND_BIG_WORDS;
      } else if (kind === RECEIVE) {
        text.receive(f[(at >> 1) + 1]!, isolate, w[at + 1]!, w[at + 4]! >>> 0, w[at + 5]!);
        at += RECEIVE_WORDS;
      } else if (kind === LINE) {
        if (text.length > 0) break;
        const length = w[at + 1]!;
        out.push(new Uint8Array(w.buffer, w.byteOffset + (at + 2) * 4, length));
        at += lineWords(length);
      } else {
        // PAD: the rest of this run is unused.
        at = w.length;
      }
    }
    if (text.length > 0) out.push(text.buffer.subarray(0, text.length));
    run.at = at;
    if (at < w.length && (out.bytes >= CHUNK_BYTES || performance.now() > deadline)) return false;
  }
  return true;
}
