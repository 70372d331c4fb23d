// The reading end of a live trace: a local socket that traced programs connect to (their
// ISOSCOPE_SINK and ISOSCOPE_SINK_TOKEN point here). A connection's first frame must carry
// the session's secret token; anything else, or a frame over the size limit, closes the
// connection before a byte of it is read as trace. Each accepted program gets its own
// streaming TraceReader.
import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { FrameDecoder, type LiveHello } from '../../protocol/liveFrames';
import { TraceReader, type TraceProblem } from '../../protocol/traceReader';
import type { TraceEvent, TraceHeader } from '../../protocol/traceEvents';

export interface LiveTraceHandlers {
  onHeader?(header: TraceHeader, pid: number): void;
  onEvent(event: TraceEvent, pid: number): void;
  onProblem?(problem: TraceProblem, pid: number): void;
  /** A connection was refused (wrong token, bad frame); says why. */
  onRejected?(reason: string): void;
  /** A program's stream ended. */
  onEnd?(pid: number): void;
}

export interface LiveTraceServer {
  readonly path: string;
  readonly token: string;
  /** The environment a program needs to stream here. */
  readonly env: { ISOSCOPE_SINK: string; ISOSCOPE_SINK_TOKEN: string };
  close(): Promise<void>;
}

const HELLO_TIMEOUT_MS = 5000;

/** Listens for traced programs on a fresh local socket with a fresh secret token. */
export async function listenForTraces(handlers: LiveTraceHandlers, options: { path?: string } = {}): Promise<LiveTraceServer> {
  const token = randomBytes(24).toString('hex');
  const id = randomBytes(6).toString('hex');
  const path = options.path ?? (process.platform === 'win32' ? `\\\\.\\pipe\\isoscope-${id}` : join(tmpdir(), `isoscope-${id}.sock`));
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, token, handlers);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    path,
    token,
    env: { ISOSCOPE_SINK: path, ISOSCOPE_SINK_TOKEN: token },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          if (process.platform !== 'win32') rmSync(path, { force: true });
          resolve();
        });
      }),
  };
}

function serve(socket: Socket, token: string, handlers: LiveTraceHandlers): void {
  const decoder = new FrameDecoder();
  let reader: TraceReader | undefined;
  let pid = 0;
  const reject = (reason: string): void => {
    handlers.onRejected?.(reason);
    socket.destroy();
  };
  const timer = setTimeout(() => reject('no hello within 5 s'), HELLO_TIMEOUT_MS);
  socket.on('data', (chunk: Buffer) => {
    let frames: Uint8Array[];
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      reject((error as Error).message);
      return;
    }
    for (const frame of frames) {
      if (socket.destroyed) return;
      if (reader) {
        reader.write(frame);
        continue;
      }
      const hello = parseHello(frame);
      if (!hello || !sameSecret(hello.token, token)) {
        reject('the first frame did not carry the session token');
        return;
      }
      clearTimeout(timer);
      pid = hello.pid;
      reader = new TraceReader({
        onHeader: (header) => handlers.onHeader?.(header, pid),
        onEvent: (event) => handlers.onEvent(event, pid),
        onProblem: (problem) => handlers.onProblem?.(problem, pid),
      });
    }
  });
  socket.on('close', () => {
    clearTimeout(timer);
    if (reader) {
      reader.end();
      handlers.onEnd?.(pid);
    }
  });
  socket.on('error', () => undefined);
}

function parseHello(frame: Uint8Array): LiveHello | undefined {
  try {
    const value = JSON.parse(Buffer.from(frame).toString('utf8')) as Partial<LiveHello>;
    return value.type === 'hello' && typeof value.token === 'string' && typeof value.pid === 'number' ? (value as LiveHello) : undefined;
  } catch {
    return undefined;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
