// The live sink: the trace streamed to a reader (the extension) on a local socket. It writes
// the socket's descriptor itself (syncSocketWrite.ts), a frame at a time, and keeps what the
// socket does not take yet: libuv never holds a byte of the trace. That is what lets the
// process's exit, when no turn of the event loop is left, still send everything (a
// socket.write() there leaves what the kernel does not take at once to a loop that never
// runs: a program busy to its end lost all but a few thousand of its 300,000 events). Where
// the socket has no descriptor (a Windows named pipe), it is written through Node as before.
import type { Socket } from 'node:net';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES, type LiveHello } from '../../protocol/liveFrames';
import { readControlRequest, type ControlOrder } from '../../protocol/liveControl';
import { encodeEvent } from '../../protocol/traceEncode';
import { countLines } from '../../protocol/bytes';
import type { Micros } from '../../protocol/time';
import type { TraceSink } from './sinks';
import { socketFd, writeAllBefore, writeSome } from './syncSocketWrite';

/** How long a process's exit may wait for the reader to take the rest of its trace (ms). */
const EXIT_WRITE_MS = 5_000;
/** How soon a socket that took less than it was given is written again (ms). */
const RETRY_MS = 5;
const NEWLINE = 10;

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
 * tells the reader how many; the program never waits, except at its exit (up to
 * EXIT_WRITE_MS) for the reader to take the rest. */
export class SocketSink implements TraceSink {
  private readonly socket: Socket;
  /** Frames to send, in order: the hello, the header, then pieces of whole lines. */
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  /** What is left to write of the frame the socket took part of. */
  private partial: Uint8Array | undefined;
  private header: Uint8Array | undefined;
  private dropped = 0;
  private ready = false;
  private failed = false;
  private readonly maxQueuedBytes: number;
  /** Written directly (undefined: through Node, where the socket has no descriptor). */
  private fd: number | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** Set at the exit: written at once, waiting for the reader until then. */
  private exitDeadline: number | undefined;
  /** close() was called: the socket ends once everything is written, or at closeDeadline. */
  private closing = false;
  private closeDeadline = 0;
  /** Lines dropped over the session, for reports and tests. */
  droppedTotal = 0;

  /** `now` is the trace's clock (the tracer core's traceNow), for the "dropped" lines. */
  constructor(options: SocketSinkOptions, private readonly now: () => Micros) {
    this.maxQueuedBytes = options.maxQueuedBytes ?? 8 << 20;
    // node:net (and node:crypto, for the token) load with the first live sink, not the tools.
    const { connect } = require('node:net') as typeof import('node:net');
    this.socket = connect(options.path);
    this.socket.unref();
    this.socket.on('connect', () => {
      const hello: LiveHello = { type: 'hello', token: options.token, pid: process.pid };
      this.fd = socketFd(this.socket);
      this.ready = true;
      this.send(encodeFrame(Buffer.from(JSON.stringify(hello))));
      this.pump();
    });
    this.socket.on('drain', () => this.pump());
    if (options.onControl) {
      this.readControl(options.token, options.onControl);
      if (options.onControlEnd) this.socket.once('close', options.onControlEnd);
    }
    this.socket.on('error', (error) => this.fail(`the live trace reader at ${options.path} is gone (${error.message}); tracing continues without it`));
    // The reader ended the connection: its descriptor is closed, and its number may soon be a
    // file or socket of the program's; not one more byte goes to it.
    const gone = (): void => this.fail(undefined);
    this.socket.once('end', gone);
    this.socket.once('close', gone);
  }

  /** Reads the reader's frames as control requests, checked against the session's token. */
  private readControl(token: string, onControl: (order: ControlOrder) => void): void {
    const decoder = new FrameDecoder();
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
    // (At the exit nothing is dropped: pump() below writes it all, waiting for the reader.)
    while (this.exitDeadline === undefined && this.queuedBytes > this.maxQueuedBytes && this.queue.length > 0) {
      const oldest = this.queue.shift()!;
      this.queuedBytes -= oldest.length;
      const lines = countLines(oldest);
      this.dropped += lines;
      this.droppedTotal += lines;
    }
    if (this.ready) this.pump();
  }

  /** Sends what is queued while the socket takes it (`all`: through Node, all of it). A
   * "dropped" line goes ahead of what follows a gap. */
  private pump(all = false): void {
    if (!this.ready || this.failed) return;
    if (this.partial !== undefined && !this.flushPartial()) return;
    // Sent once: afterwards it is empty (not undefined, which means not written yet).
    if (this.header !== undefined && this.header.length > 0) {
      const whole = this.send(encodeFrame(this.header));
      this.header = new Uint8Array(0);
      if (!whole) return;
    }
    // (Through Node, while it buffers nothing more, unless all must go now.)
    const writable = (): boolean => this.fd !== undefined || all || !this.socket.writableNeedDrain;
    while (this.queue.length > 0 && writable()) {
      if (this.dropped > 0 && !this.sendDropped()) return;
      const next = this.queue.shift()!;
      this.queuedBytes -= next.length;
      if (!this.send(encodeFrame(next))) return;
    }
    // Lines dropped with nothing after them yet (a piece larger than the bound) are told too.
    if (this.queue.length === 0 && this.dropped > 0 && this.partial === undefined && writable()) this.sendDropped();
  }

  /** Sends the "dropped" line for the lines dropped since the last one (see send()). */
  private sendDropped(): boolean {
    const line = encodeEvent({ type: 'dropped', t: this.now(), isolate: 0, count: this.dropped });
    this.dropped = 0;
    return this.send(encodeFrame(Buffer.from(line)));
  }

  /** Writes one frame (none is partly written): false when the socket took only part of it,
   * whose rest is written first, soon. */
  private send(frame: Uint8Array): boolean {
    if (this.failed) return false;
    if (this.fd === undefined) {
      this.socket.write(frame);
      return true;
    }
    this.partial = frame;
    return this.flushPartial();
  }

  /** Writes what is left of the partial frame; false when some is left still. */
  private flushPartial(): boolean {
    // (Destroyed: its descriptor is closed, even before the 'close' event says so.)
    if (this.failed || this.socket.destroyed) {
      this.fail(undefined);
      return false;
    }
    const frame = this.partial!;
    let failed: string | undefined;
    let written = 0;
    if (this.exitDeadline !== undefined) failed = writeAllBefore(this.fd!, frame, this.exitDeadline);
    else ({ written, failed } = writeSome(this.fd!, frame));
    if (failed !== undefined) {
      this.fail(this.exitDeadline !== undefined ? `the rest of the trace was not streamed to the live trace reader (${failed})` : `the live trace reader is gone (${failed}); tracing continues without it`);
      return false;
    }
    if (this.exitDeadline !== undefined || written === frame.length) {
      this.partial = undefined;
      return true;
    }
    this.partial = frame.subarray(written);
    if (this.retry === undefined) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.pump();
        if (this.closing) this.endWhenSent();
      }, RETRY_MS);
      // While the sink closes (trace.stop()), what is left keeps the program for the reader.
      if (!this.closing) this.retry.unref();
    }
    return false;
  }

  /** Nothing more is sent: the reader is gone (`message` says so on stderr, unless it ended
   * the connection itself) or too slow at the end. */
  private fail(message: string | undefined): void {
    if (!this.failed && message !== undefined) process.stderr.write(`isoscope: ${message}\n`);
    this.failed = true;
    this.fd = undefined;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.partial = undefined;
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  /** The process is exiting: no turn of the event loop is left, so from now on everything is
   * written at once, waiting up to EXIT_WRITE_MS for the reader. (A socket not connected
   * yet, or with no descriptor, sends what Node can before the process ends.) */
  beginExit(): void {
    if (this.fd === undefined || this.failed) return;
    this.exitDeadline = performance.now() + EXIT_WRITE_MS;
    if (this.partial !== undefined && !this.flushPartial()) return;
    this.pump();
  }

  close(): void {
    if (!this.ready) {
      // Not connected yet: send everything once it is, then end.
      this.socket.once('connect', () => this.close());
      return;
    }
    this.closing = true;
    // After trace.stop(): what is left may keep the program EXIT_WRITE_MS for the reader.
    this.closeDeadline = performance.now() + EXIT_WRITE_MS;
    if (this.fd === undefined) {
      // Through Node: all of it (the queue is bounded), then the end.
      this.pump(true);
      this.socket.end();
      return;
    }
    this.pump();
    this.endWhenSent();
  }

  /** Ends the socket once everything is written (at the exit it is, or has failed). */
  private endWhenSent(): void {
    if (!this.failed && (this.partial !== undefined || this.queue.length > 0)) {
      if (performance.now() <= this.closeDeadline) {
        this.retry?.ref();
        return;
      }
      this.fail(`the live trace reader did not take the rest of the trace within ${EXIT_WRITE_MS / 1000} s of trace.stop(); the rest is not streamed`);
      this.socket.destroy();
      return;
    }
    clearTimeout(this.retry);
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
