// What the extension host learns from a live session's bytes without parsing them: how many
// lines (events) came, and the few events it acts on (an isolate or worker starting or
// ending: the panel opens on the first, the status bar counts them). A line is parsed only
// when it holds `"type":"spawn"` or `"type":"exit"`, which no other line can: inside a JSON
// string those quotes would be escaped.

import { countLines } from '../../protocol/bytes';

export interface ScannedEvent {
  type: 'spawn' | 'exit';
  isolate: number;
  /** A spawn's debugName. */
  name?: string;
  /** An exit's code and, for an uncaught error, its message. */
  code?: number;
  error?: string;
}

const MARKERS = ['"type":"spawn"', '"type":"exit"'].map((marker) => Buffer.from(marker));
const NEWLINE = 10;

/** The lines in `bytes` (whole NDJSON lines, UTF-8) and the spawn and exit events among them.
 * Only those lines are decoded: the rest is searched as bytes. */
export function scanTraceText(bytes: Uint8Array): { lines: number; events: ScannedEvent[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines = countLines(bytes);
  const events: ScannedEvent[] = [];
  const starts = new Set<number>();
  for (const marker of MARKERS) {
    for (let at = buffer.indexOf(marker); at !== -1; at = buffer.indexOf(marker, at + marker.length)) {
      const start = buffer.lastIndexOf(NEWLINE, at) + 1;
      if (starts.has(start)) continue;
      starts.add(start);
      const end = buffer.indexOf(NEWLINE, at);
      const event = parseLine(buffer.toString('utf8', start, end === -1 ? buffer.length : end));
      if (event) events.push(event);
    }
  }
  return { lines, events };
}
function parseLine(line: string): ScannedEvent | undefined {
  try {
    const value = JSON.parse(line) as { type?: unknown; isolate?: unknown; debugName?: unknown; code?: unknown; error?: { message?: unknown } };
    if ((value.type !== 'spawn' && value.type !== 'exit') || typeof value.isolate !== 'number') return undefined;
    const event: ScannedEvent = { type: value.type, isolate: value.isolate };
    if (value.type === 'spawn' && typeof value.debugName === 'string') event.name = value.debugName;
    if (value.type === 'exit' && typeof value.code === 'number') event.code = value.code;
    if (value.type === 'exit' && typeof value.error?.message === 'string') event.error = value.error.message;
    return event;
  } catch {
    return undefined;
  }
}
