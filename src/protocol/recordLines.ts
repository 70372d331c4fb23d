// How the tracer writes its send and receive lines (src/runtime/tracing/ndjsonWriter.ts writes
// them straight into bytes): each starts with its type and time, then the isolate and the
// channel, in that order. The Isolates view's fast path (src/extension/isolates/messageCounts.ts)
// reads those lines by these same bytes, so writer and reader share them here.

/** A string of ASCII characters as bytes. */
export const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

export const SEND_START = ascii('{"type":"send","t":');
export const RECEIVE_START = ascii('{"type":"receive","t":');
export const ISOLATE_FIELD = ascii(',"isolate":');
export const CHANNEL_FIELD = ascii(',"channel":');
