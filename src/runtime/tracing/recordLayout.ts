// The ring's records (see ring.ts), as plain constants: both bundles inline them (a value
// read from the other bundle would be a getter call per record). Sizes are in 4-byte words;
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
