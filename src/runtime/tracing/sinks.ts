// Where a trace goes. The collector hands each sink whole NDJSON lines, as bytes, from the
// main thread; a sink never blocks the program on a slow reader (the live one, socketSink.ts,
// waits for it only at the process's exit).
import { openSync, writeSync, closeSync } from 'node:fs';
import { parseTrace, type ParsedTrace } from '../../protocol/traceReader';
export { SocketSink, type SocketSinkOptions } from './socketSink';

export interface TraceSink {
  /** Whole lines of the trace, the header first. */
  write(chunk: Uint8Array): void;
  close(): void;
  /** The process is exiting: what is written from now on must be written at once. */
  beginExit?(): void;
}

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
