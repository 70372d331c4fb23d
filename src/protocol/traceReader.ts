// Reading .isotrace streams, chunk by chunk, in Node or a browser. A bad line never stops
// the reader: it reports the line number and the reason, skips the line and keeps every
// good event. Memory is bounded by the longest line it accepts (maxLineBytes), whatever
// the input holds.
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceHeader } from './traceEvents';
import { isKnownType, shapeProblem } from './traceSchema';
import { V1Messages } from './traceV1';
import { SpawnCheck } from './spawnCheck';
import { concatBytes } from './bytes';

export interface TraceProblem {
  /** 1-based line number; 0 for problems about the whole stream. */
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface TraceReaderHandlers {
  onHeader?(header: TraceHeader): void;
  onEvent(event: TraceEvent, line: number): void;
  onProblem?(problem: TraceProblem): void;
}

export interface TraceReaderOptions {
  /** Longer lines are skipped (with an error) without being held in memory. Default 1 MiB. */
  maxLineBytes?: number;
}

export interface TraceReadTotals {
  lines: number;
  events: number;
  errors: number;
  warnings: number;
  header: TraceHeader | undefined;
}

const NEWLINE = 10;

/** A push-style streaming reader: write() chunks as they come, then end(). */
export class TraceReader {
  private readonly handlers: TraceReaderHandlers;
  private readonly maxLineBytes: number;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly encoder = new TextEncoder();
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private overlong = false;
  private lineNumber = 0;
  private header: TraceHeader | undefined;
  private readonly spawns = new SpawnCheck();
  private readonly v1 = new V1Messages();
  private readonly unknownTypes = new Map<string, { line: number; count: number }>();
  private totals = { events: 0, errors: 0, warnings: 0 };
  private ended = false;

  constructor(handlers: TraceReaderHandlers, options: TraceReaderOptions = {}) {
    this.handlers = handlers;
    this.maxLineBytes = options.maxLineBytes ?? 1 << 20;
  }

  /** Feeds the next chunk of the stream (bytes, or text). */
  write(chunk: Uint8Array | string): void {
    if (this.ended) throw new Error('TraceReader: write() after end()');
    if (typeof chunk === 'string') {
      this.writeText(chunk);
      return;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.hold(chunk);
      return;
    }
    let start = 0;
    if (this.pendingBytes > 0 || this.overlong) {
      // The held line ends in this chunk.
      start = chunk.indexOf(NEWLINE) + 1;
      this.hold(chunk.subarray(0, start - 1));
      this.finishLine();
    }
    // The whole lines, decoded at once (a newline byte is never inside a character, so this
    // is the lines' own decoding): one call was about five times faster than one per line.
    if (start <= last) {
      let text: string | undefined;
      try {
        text = this.decoder.decode(chunk.subarray(start, last + 1));
      } catch {
        // Not UTF-8 somewhere: line by line, to say which.
        this.writeLines(chunk.subarray(start, last + 1));
      }
      if (text !== undefined) this.writeText(text);
    }
    this.hold(chunk.subarray(last + 1));
  }

  /** Whole lines of bytes, each decoded on its own. */
  private writeLines(bytes: Uint8Array): void {
    let start = 0;
    for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, start)) {
      this.hold(bytes.subarray(start, newline));
      this.finishLine();
      start = newline + 1;
    }
  }

  /** Text needs no UTF-8 decoding: whole lines are read as they are (several times faster
   * than going through bytes, which matters for a trace already in memory as a string). */
  private writeText(text: string): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      // A partial line (or one that continues held bytes) goes the byte way.
      if (newline === -1 || this.pendingBytes > 0 || this.overlong) {
        const end = newline === -1 ? text.length : newline;
        if (end - start > this.maxLineBytes) this.dropHeld(); // too long however it is encoded
        else if (end > start) this.hold(this.encoder.encode(text.slice(start, end)));
        if (newline === -1) return;
        this.finishLine();
        start = newline + 1;
        continue;
      }
      const line = text.slice(start, newline);
      start = newline + 1;
      // Bytes are at least as many as UTF-16 units, at most three times as many.
      if (line.length > this.maxLineBytes || (line.length * 3 > this.maxLineBytes && this.encoder.encode(line).length > this.maxLineBytes)) {
        this.overlong = true;
        this.finishLine();
      } else {
        this.readLine(line, ++this.lineNumber);
      }
    }
  }

  /** Ends the stream: the last line may lack its newline. Returns what was read. */
  end(): TraceReadTotals {
    if (!this.ended) {
      if (this.pendingBytes > 0 || this.overlong) {
        this.finishLine();
        this.problem(this.lineNumber, 'warning', 'the last line has no newline: the trace may be truncated (was the program still writing it?)');
      }
      this.ended = true;
      if (this.lineNumber === 0) this.problem(0, 'error', 'the trace is empty');
      for (const [type, { line, count }] of this.unknownTypes) {
        this.problem(line, 'warning', `${count} event(s) of unknown type "${type}" skipped (first on this line); a newer isoscope may have written them`);
      }
      for (const [line, message] of this.spawns.warnings()) this.problem(line, 'warning', message);
    }
    return { lines: this.lineNumber, ...this.totals, header: this.header };
  }

  private hold(part: Uint8Array): void {
    if (this.overlong || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.dropHeld();
      return;
    }
    // Copy: the caller may reuse its buffer after write() returns (not with slice(), which
    // copies nothing of a Node Buffer).
    this.pending.push(new Uint8Array(part));
    this.pendingBytes += part.length;
  }

  /** The line is too long: drop what is held of it; it is reported and skipped, never kept. */
  private dropHeld(): void {
    this.overlong = true;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private finishLine(): void {
    const line = ++this.lineNumber;
    if (this.overlong) {
      this.overlong = false;
      this.problem(line, 'error', `line is longer than ${this.maxLineBytes} bytes; skipped`);
      return;
    }
    const bytes = this.pending.length === 1 ? this.pending[0]! : concatBytes(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      this.problem(line, 'error', 'line is not UTF-8 text (binary data?); skipped');
      return;
    }
    this.readLine(text, line);
  }

  private readLine(text: string, line: number): void {
    if (isBlank(text)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.problem(line, 'error', `line is not valid JSON (${(error as Error).message}); skipped`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(line, 'error', 'line is not a JSON object; skipped');
      return;
    }
    const record = value as Record<string, unknown>;
    if (line === 1 || (this.header === undefined && record['format'] !== undefined)) {
      if (this.readHeader(record, line)) return;
    }
    this.readEvent(record, line);
  }

  /** True when the line was a header (good or bad) and must not be read as an event. */
  private readHeader(record: Record<string, unknown>, line: number): boolean {
    if (record['format'] !== TRACE_FORMAT) {
      if (line === 1) this.problem(1, 'error', `the first line is not an isotrace header (expected "format": "${TRACE_FORMAT}"); reading events anyway`);
      return record['format'] !== undefined;
    }
    if (this.header !== undefined) {
      this.problem(line, 'warning', 'a second header (two traces joined?); ignored');
      return true;
    }
    const version = record['version'];
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      this.problem(line, 'error', `the header's version must be a whole number ≥ 1, not ${JSON.stringify(version)}; reading as version ${TRACE_VERSION}`);
    } else if (version > TRACE_VERSION) {
      this.problem(line, 'warning', `the trace is format version ${version}, newer than this reader (${TRACE_VERSION}): events it does not know are skipped`);
    }
    this.header = record as unknown as TraceHeader;
    this.handlers.onHeader?.(this.header);
    return true;
  }

  private readEvent(record: Record<string, unknown>, line: number): void {
    const type = record['type'];
    if ((type === 'send' || type === 'receive') && record['channel'] === undefined && record['msg'] !== undefined) record = this.v1.upgrade(record);
    if (!isKnownType(type)) {
      if (typeof type !== 'string') {
        this.problem(line, 'error', 'line has no "type": not a trace event; skipped');
        return;
      }
      const seen = this.unknownTypes.get(type);
      if (seen) seen.count++;
      else this.unknownTypes.set(type, { line, count: 1 });
      return;
    }
    const problem = shapeProblem(type, record);
    if (problem) {
      this.problem(line, 'error', `${problem}; skipped`);
      return;
    }
    const event = record as unknown as TraceEvent;
    this.spawns.note(event, line, this.header?.pid);
    this.totals.events++;
    this.handlers.onEvent(event, line);
  }

  private problem(line: number, severity: TraceProblem['severity'], message: string): void {
    if (severity === 'error') this.totals.errors++;
    else this.totals.warnings++;
    this.handlers.onProblem?.({ line, severity, message });
  }
}

/** True for an empty or whitespace-only line (checked without making a trimmed copy). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

export interface ParsedTrace extends TraceReadTotals {
  events: number;
  list: TraceEvent[];
  problems: TraceProblem[];
}

/** Reads a whole trace held in memory. */
export function parseTrace(input: Uint8Array | string, options?: TraceReaderOptions): ParsedTrace {
  const list: TraceEvent[] = [];
  const problems: TraceProblem[] = [];
  const reader = new TraceReader({ onEvent: (event) => list.push(event), onProblem: (p) => problems.push(p) }, options);
  reader.write(input);
  return { ...reader.end(), list, problems };
}

/** "line 12: …" for people. */
export function formatProblem(problem: TraceProblem): string {
  return `${problem.severity}: ${problem.line > 0 ? `line ${problem.line}: ` : ''}${problem.message}`;
}
