// The ring's records (see ring.ts): their sizes and kinds as plain constants, which both
// bundles inline (a value read from the other bundle would be a getter call per record), and
// the functions that write and measure them. Sizes are in 4-byte words;
// every record is a whole number of 8-byte slots, so its time (a float64) is aligned.
//   SEND     [kind, channel, t:f64, seq, bytes, to, portId]                          8 words
//   SEND_BIG [kind, channel, t:f64, seq, to, portId, 0, bytes:f64, transferred:f64, bufferBytes:f64]  14 words
//   RECEIVE  [kind, channel, t:f64, seq, portId]                                     6 words
//   LINE     [kind, byteLength, …the UTF-8 of one NDJSON line, padded]
//   PAD      [kind]: the rest of the ring is empty; the next record is at its start.
// SEND_BIG is for a send that moved or copied buffers, or is over 2 GiB. seq is stored as a
// uint32; -1 means "not known" for to and portId.
export const PAD = 0;
export const LINE = 1;
export const SEND = 2;
export const SEND_BIG = 3;
export const RECEIVE = 4;
export const SEND_WORDS = 8;
export const SEND_BIG_WORDS = 14;
export const RECEIVE_WORDS = 6;

/** Words of a LINE record whose line is `byteLength` bytes long. */
export function lineWords(byteLength: number): number {
  return 2 + 2 * Math.ceil(byteLength / 8);
}

/** Words of the record at `at` (0 for PAD: nothing follows it in its run). A switch: its
 * cases share one slot of type feedback, so a kind first met after the JIT compiled this
 * does not throw the code away (as a chain of comparisons, each with its own slot, would). */
export function recordWords(words: Int32Array, at: number): number {
  switch (words[at]) {
    case SEND:
      return SEND_WORDS;
    case RECEIVE:
      return RECEIVE_WORDS;
    case SEND_BIG:
      return SEND_BIG_WORDS;
    case LINE:
      return lineWords(words[at + 1]!);
    default:
      return 0;
  }
}

// Each record written at word `at` of `w` (its float64 view `f`, its bytes `b`).

export function putSend(w: Int32Array, f: Float64Array, at: number, big: boolean, t: number, channel: number, seq: number, bytes: number, transferred: number, bufferBytes: number, to: number, portId: number): void {
  w[at] = big ? SEND_BIG : SEND;
  w[at + 1] = channel;
  f[(at >> 1) + 1] = t;
  w[at + 4] = seq;
  if (big) {
    w[at + 5] = to;
    w[at + 6] = portId;
    f[(at >> 1) + 4] = bytes;
    f[(at >> 1) + 5] = transferred;
    f[(at >> 1) + 6] = bufferBytes;
  } else {
    w[at + 5] = bytes;
    w[at + 6] = to;
    w[at + 7] = portId;
  }
}

export function putReceive(w: Int32Array, f: Float64Array, at: number, t: number, channel: number, seq: number, portId: number): void {
  w[at] = RECEIVE;
  w[at + 1] = channel;
  f[(at >> 1) + 1] = t;
  w[at + 4] = seq;
  w[at + 5] = portId;
}

export function putLine(w: Int32Array, b: Uint8Array, at: number, line: Uint8Array, length: number): void {
  w[at] = LINE;
  w[at + 1] = length;
  b.set(line.subarray(0, length), (at + 2) * 4);
}
