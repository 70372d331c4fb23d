// What the extension host learns from a live session's text without parsing it: how many
// lines (events) came, and the few events it acts on (an isolate or worker starting or
// ending: the panel opens on the first, the status bar counts them). A line is parsed only
// when it holds `"type":"spawn"` or `"type":"exit"`, which no other line can: inside a JSON
// string those quotes would be escaped.

export interface ScannedEvent {
  type: 'spawn' | 'exit';
  isolate: number;
  /** A spawn's debugName. */
  name?: string;
  /** An exit's code and, for an uncaught error, its message. */
  code?: number;
  error?: string;
}

const MARKERS = ['"type":"spawn"', '"type":"exit"'];

/** The lines in `text` (whole NDJSON lines) and the spawn and exit events among them. */
export function scanTraceText(text: string): { lines: number; events: ScannedEvent[] } {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  const events: ScannedEvent[] = [];
  const starts = new Set<number>();
  for (const marker of MARKERS) {
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
      const start = text.lastIndexOf('\n', at) + 1;
      if (starts.has(start)) continue;
      starts.add(start);
      const end = text.indexOf('\n', at);
      const event = parseLine(text.slice(start, end === -1 ? text.length : end));
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
