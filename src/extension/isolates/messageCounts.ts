// The fast path of the Isolates view's model: in a live session's text most lines are sends
// and receives, and all the view needs of one is which isolate it counts for. The tracer
// writes those lines with a fixed start (`{"type":"send","t":…,"isolate":N,` and the same for
// receive: src/protocol/recordLines.ts) and a live connection's lines carry no pid, so
// they are counted from their bytes; every other line goes to the trace reader as it came.
// Whole lines only: the caller keeps a cut line for the next piece.

import { ascii, CHANNEL_FIELD as CHANNEL, ISOLATE_FIELD as ISOLATE, RECEIVE_START as RECEIVE, SEND_START as SEND } from '../../protocol/recordLines';

const PID = ascii('"pid":');
const NEWLINE = 10;
const ZERO = 48;

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (bytes.length - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** The isolate a send or receive line at `start` (up to `end`) counts for, or -1 if it is not one of those. */
function isolateOf(bytes: Uint8Array, start: number, end: number): number {
  // After the type and `"t":<number>` comes `,"isolate":`.
  let at = start + (bytes[start + 9] === 115 /* s */ ? SEND.length : RECEIVE.length);
  while (at < end && bytes[at] !== 44 /* , */) at++;
  if (!startsWith(bytes, at, ISOLATE)) return -1;
  at += ISOLATE.length;
  let id = 0;
  let digits = 0;
  for (; at < end && bytes[at]! >= ZERO && bytes[at]! <= ZERO + 9; at++, digits++) id = id * 10 + bytes[at]! - ZERO;
  // As the tracer writes it: the channel next, and no process named (another process's event
  // belongs to the reader, which knows whose it is).
  if (digits === 0 || !startsWith(bytes, at, CHANNEL) || holds(bytes, at, end, PID)) return -1;
  return id;
}

function holds(bytes: Uint8Array, from: number, end: number, needle: Uint8Array): boolean {
  for (let at = bytes.indexOf(needle[0]!, from); at !== -1 && at + needle.length <= end; at = bytes.indexOf(needle[0]!, at + 1)) {
    if (startsWith(bytes, at, needle)) return true;
  }
  return false;
}

/** Splits whole NDJSON lines into counted sends and receives (`count`) and the runs of other
 * lines (`other`, in order, as views into `bytes`). */
export function countMessages(bytes: Uint8Array, count: (isolate: number, sent: boolean) => void, other: (run: Uint8Array) => void): void {
  let runStart = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    const sent = startsWith(bytes, start, SEND);
    const isolate = sent || startsWith(bytes, start, RECEIVE) ? isolateOf(bytes, start, end) : -1;
    if (isolate >= 0) {
      if (start > runStart) other(bytes.subarray(runStart, start));
      count(isolate, sent);
      runStart = end + 1;
    }
    start = end + 1;
  }
  if (runStart < bytes.length) other(bytes.subarray(runStart));
}
