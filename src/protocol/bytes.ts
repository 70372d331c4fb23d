// Two small operations on NDJSON text, as bytes or as a string, that the reader, the live
// stream's framing, the socket sink, the extension's session and the timeline all need.

/** The newlines in `text` (whole NDJSON lines: its lines). */
export function countLines(text: string | Uint8Array): number {
  let n = 0;
  if (typeof text === 'string') for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  else for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) n++;
  return n;
}

/** The first `length` bytes of `parts` (all of them by default), copied into one array with a buffer of its own. */
export function concatBytes(parts: readonly Uint8Array[], length = parts.reduce((n, part) => n + part.length, 0)): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    if (at >= length) break;
    const take = part.length <= length - at ? part : part.subarray(0, length - at);
    out.set(take, at);
    at += take.length;
  }
  return out;
}
