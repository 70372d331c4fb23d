// Where a trace goes. The collector hands each sink whole NDJSON lines, as bytes, from the
// main thread; a sink never blocks the program on a slow reader.
import { openSync, writeSync, closeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES, type LiveHello } from '../../protocol/liveFrames';
import { readControlRequest, type ControlOrder } from '../../protocol/liveControl';
import { parseTrace, type ParsedTrace } from '../../protocol/traceReader';
import { encodeEvent } from '../../protocol/traceEncode';
import { countLines } from '../../protocol/bytes';
import type { Micros } from '../../protocol/time';

export interface TraceSink {
  /** Whole lines of the trace, the header first. */
  write(chunk: Uint8Array): void;
  close(): void;
}

const NEWLINE = 10;

/** Writes the trace to a file (synchronously, so nothing is lost when the process exits). */
export class FileSink implements TraceSink {
  private fd: number | undefined;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  write(chunk: Uint8Array): void {
    if (this.fd === undefined) return;
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset);
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Keeps the trace in memory; for tests and tools that read events in-process. */
export class MemorySink implements TraceSink {
  private readonly chunks: Uint8Array[] = [];
  closed = false;
  write(chunk: Uint8Array): void {
    this.chunks.push(chunk);
  }
  close(): void {
    this.closed = true;
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  /** The trace as read back by the protocol's reader. */
  read(): ParsedTrace {
    return parseTrace(Buffer.concat(this.chunks));
  }
}

export interface SocketSinkOptions {
  /** A Unix socket path, or a Windows named pipe (\\.\pipe\name). */
  path: string;
  /** The session's secret; the reader checks it before accepting anything. */
  token: string;
  /** Bytes queued for a slow reader before the oldest lines are dropped. Default 8 MiB. */
  maxQueuedBytes?: number;
  /** Given, the reader may send control requests (src/protocol/liveControl.ts) back on the
   * socket: each one that carries the token is handed here; any other is refused with a line
   * on stderr. Without it, nothing the reader sends is read. */
  onControl?: (order: ControlOrder) => void;
  /** With onControl: the reader's socket closed (whatever it asked to hold must be let go). */
  onControlEnd?: () => void;
}

/** Streams the trace to a live reader on a local socket. If the reader is slower than the
 * program, the oldest queued lines are dropped (memory stays bounded) and a "dropped" event
 * tells the reader how many; the program never waits. */
export class SocketSink implements TraceSink {
  private readonly socket: Socket;
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private header: Uint8Array | undefined;
  private dropped = 0;
  private ready = false;
  private failed = false;
  private readonly maxQueuedBytes: number;
  /** Lines dropped over the session, for reports and tests. */
  droppedTotal = 0;

  /** `now` is the trace's clock (the tracer core's traceNow), for the "dropped" lines. */
  constructor(options: SocketSinkOptions, private readonly now: () => Micros) {
    this.maxQueuedBytes = options.maxQueuedBytes ?? 8 << 20;
    // node:net loads here, not with the tracer's tools: every traced program's main thread
    // loads those, most of them to write a file (net and crypto took 2 ms of its start).
    const { connect } = require('node:net') as typeof import('node:net');
    this.socket = connect(options.path);
    this.socket.unref();
    this.socket.on('connect', () => {
      const hello: LiveHello = { type: 'hello', token: options.token, pid: process.pid };
      this.socket.write(encodeFrame(Buffer.from(JSON.stringify(hello))));
      this.ready = true;
      this.pump();
    });
    this.socket.on('drain', () => this.pump());
    if (options.onControl) {
      this.readControl(options.token, options.onControl);
      if (options.onControlEnd) this.socket.once('close', options.onControlEnd);
    }
    this.socket.on('error', (error) => {
      if (!this.failed) process.stderr.write(`isoscope: the live trace reader at ${options.path} is gone (${error.message}); tracing continues without it\n`);
      this.failed = true;
      this.queue.length = 0;
      this.queuedBytes = 0;
    });
  }

  /** Reads the reader's frames as control requests, checked against the session's token. */
  private readControl(token: string, onControl: (order: ControlOrder) => void): void {
    const decoder = new FrameDecoder();
    // (With node:crypto, loaded here: see the constructor.)
    const { sameSecret } = require('./sameSecret') as typeof import('./sameSecret');
    const sameToken = (given: string): boolean => sameSecret(given, token);
    this.socket.on('data', (chunk: Buffer) => {
      let frames: Uint8Array[];
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        process.stderr.write(`isoscope: stopped reading control requests from the live trace reader: ${(error as Error).message}\n`);
        this.socket.removeAllListeners('data');
        return;
      }
      for (const frame of frames) {
        const read = readControlRequest(frame, sameToken);
        if ('order' in read) onControl(read.order);
        else process.stderr.write(`isoscope: refused ${read.refused} from the live trace reader\n`);
      }
    });
  }

  write(chunk: Uint8Array): void {
    if (this.failed) return;
    // The header is the reader's key to everything else: it is never dropped.
    if (this.header === undefined) {
      this.header = chunk;
      if (this.ready) this.pump();
      return;
    }
    for (const piece of splitLines(chunk, MAX_FRAME_BYTES)) {
      this.queue.push(piece);
      this.queuedBytes += piece.length;
    }
    while (this.queuedBytes > this.maxQueuedBytes && this.queue.length > 0) {
      const oldest = this.queue.shift()!;
      this.queuedBytes -= oldest.length;
      const lines = countLines(oldest);
      this.dropped += lines;
      this.droppedTotal += lines;
    }
    if (this.ready) this.pump();
  }

  /** Sends what is queued while the socket takes it; `all` sends everything (at close, the
   * queue is bounded, so this is too). A "dropped" line goes ahead of what follows a gap. */
  private pump(all = false): void {
    if (!this.ready || this.failed) return;
    // Sent once: afterwards it is empty (not undefined, which means not written yet).
    if (this.header !== undefined && this.header.length > 0) {
      this.socket.write(encodeFrame(this.header));
      this.header = new Uint8Array(0);
    }
    while (this.queue.length > 0 && (all || !this.socket.writableNeedDrain)) {
      if (this.dropped > 0) {
        const line = encodeEvent({ type: 'dropped', t: this.now(), isolate: 0, count: this.dropped });
        this.dropped = 0;
        this.socket.write(encodeFrame(Buffer.from(line)));
      }
      const next = this.queue.shift()!;
      this.queuedBytes -= next.length;
      this.socket.write(encodeFrame(next));
    }
  }

  close(): void {
    if (!this.ready) {
      // Not connected yet: send everything once it is, then end.
      this.socket.once('connect', () => this.close());
      return;
    }
    this.pump(true);
    this.socket.end();
  }
}

/** Pieces of at most `max` bytes that end on line boundaries (a longer line is cut off). */
function* splitLines(chunk: Uint8Array, max: number): Generator<Uint8Array> {
  let start = 0;
  while (chunk.length - start > max) {
    let end = chunk.lastIndexOf(NEWLINE, start + max - 1) + 1;
    if (end <= start) end = chunk.indexOf(NEWLINE, start + max) + 1 || chunk.length; // one line over the limit: skipped
    else {
      yield chunk.subarray(start, end);
    }
    start = end;
  }
  if (start < chunk.length) yield chunk.subarray(start);
}
