// The trace a report carries: gzipped, base64-encoded, in <script id="isoscope-trace">.
// (Unpacking it is in unpack.ts; this part is pure and tested under plain mocha.)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Base64 to bytes, four characters to three bytes at a time (whitespace and padding skipped). */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  // Reports hold one unbroken line with padding at most at its end; anything else is cleaned
  // first (a regular expression over the whole text would cost more than the decoding).
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 61 || text.charCodeAt(end - 1) <= 32)) end--;
  const body = text.slice(0, end);
  const messy = ['\n', '\r', ' ', '\t', '='].some((c) => body.includes(c));
  const clean = messy ? body.replace(/[^A-Za-z0-9+/]/g, '') : body;
  const length = clean.length;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  const whole = length - (length % 4);
  let n = 0;
  for (let i = 0; i < whole; i += 4) {
    const v = (VALUES[clean.charCodeAt(i)]! << 18) | (VALUES[clean.charCodeAt(i + 1)]! << 12) | (VALUES[clean.charCodeAt(i + 2)]! << 6) | VALUES[clean.charCodeAt(i + 3)]!;
    out[n++] = v >> 16;
    out[n++] = (v >> 8) & 0xff;
    out[n++] = v & 0xff;
  }
  const rest = length - whole;
  if (rest >= 2) {
    const v = (VALUES[clean.charCodeAt(whole)]! << 18) | (VALUES[clean.charCodeAt(whole + 1)]! << 12) | (rest === 3 ? VALUES[clean.charCodeAt(whole + 2)]! << 6 : 0);
    out[n++] = v >> 16;
    if (rest === 3) out[n++] = (v >> 8) & 0xff;
  }
  return out.subarray(0, n);
}
