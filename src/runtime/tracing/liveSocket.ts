// The socket end of a live trace: a local socket that traced programs connect to (their
// ISOSCOPE_SINK and ISOSCOPE_SINK_TOKEN point here). A connection's first frame must carry
// the session's secret token; anything else, or a frame over the size limit, closes the
// connection before a byte of it is read as trace. Accepted programs' frames are handed on
// as they came (whole NDJSON lines); liveServer.ts reads them as events, the VS Code
// extension forwards them to its timeline unread. No trace parser here, so the extension's
// bundle carries none. The other way, the reader may send an accepted program control
// requests (kill, pause, resume: src/protocol/liveControl.ts), which carry the token too.
//
// A connection may wait for its hello as long as it likes: a program held by a debugger
// before its event loop runs (stop on entry, a long pause at a breakpoint) has connected
// (the connect happens when the preload runs) but cannot write until it is let go, and
// dropping it would lose its whole trace. What bounds an unauthenticated peer instead is
// the frame size limit and the number of connections that may wait at once.
import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { sameSecret } from './sameSecret';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { encodeFrame, FrameDecoder, type LiveHello } from '../../protocol/liveFrames';
import { encodeControlRequest, type LiveControlRequest } from '../../protocol/liveControl';

export interface LiveSocketHandlers {
  /** A program said hello with the right token. */
  onConnect?(pid: number): void;
  /** Each frame of trace text an accepted program sent (whole NDJSON lines, its header line first). */
  onText(text: Uint8Array, pid: number): void;
  /** A connection was refused (wrong token, bad frame, too many waiting); says why. */
  onRejected?(reason: string): void;
  /** An accepted program's stream ended. */
  onEnd?(pid: number): void;
}

export interface LiveTraceServer {
  readonly path: string;
  readonly token: string;
  /** The environment a program needs to stream here. */
  readonly env: { ISOSCOPE_SINK: string; ISOSCOPE_SINK_TOKEN: string };
  /** Sends a control request to the connected program `pid` (which acts on it only if it was
   * started with ISOSCOPE_CONTROL=1); false when no program of that pid is connected. */
  control(pid: number, request: Omit<LiveControlRequest, 'type' | 'token'>): boolean;
  close(): Promise<void>;
}

export interface LiveTraceOptions {
  /** Where to listen; by default a socket in a fresh directory only this user can open. */
  path?: string;
  /** How many connections may wait for their hello at once (default 64); more are refused. */
  maxWaiting?: number;
}

/** Listens for traced programs on a fresh local socket with a fresh secret token. */
export async function listenForTraceText(handlers: LiveSocketHandlers, options: LiveTraceOptions = {}): Promise<LiveTraceServer> {
  const token = randomBytes(24).toString('hex');
  // mkdtemp makes the directory with mode 0700: no other user can reach the socket in it.
  const dir = options.path === undefined && process.platform !== 'win32' ? mkdtempSync(join(tmpdir(), 'isoscope-')) : undefined;
  const path = options.path ?? (dir ? join(dir, 'live.sock') : `\\\\.\\pipe\\isoscope-${randomBytes(6).toString('hex')}`);
  const maxWaiting = options.maxWaiting ?? 64;
  const sockets = new Set<Socket>();
  const waiting = new Set<Socket>();
  /** Accepted programs' sockets, by pid (a program that reconnects replaces its own). */
  const programs = new Map<number, Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => (sockets.delete(socket), waiting.delete(socket)));
    if (waiting.size >= maxWaiting) {
      handlers.onRejected?.(`${maxWaiting} connections are already waiting to say hello`);
      socket.destroy();
      return;
    }
    waiting.add(socket);
    serve(socket, token, handlers, {
      accepted: (pid) => {
        waiting.delete(socket);
        programs.set(pid, socket);
      },
      // A program that connected again (a second trace.start) has a newer socket: the old
      // one's close does not end it.
      closed: (pid) => {
        if (programs.get(pid) !== socket) return;
        programs.delete(pid);
        handlers.onEnd?.(pid);
      },
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } catch (error) {
    if (dir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    path,
    token,
    env: { ISOSCOPE_SINK: path, ISOSCOPE_SINK_TOKEN: token },
    control: (pid, request) => {
      const socket = programs.get(pid);
      if (!socket || socket.destroyed) return false;
      socket.write(encodeFrame(encodeControlRequest({ type: 'control', token, ...request })));
      return true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          if (dir) rmSync(dir, { recursive: true, force: true });
          else if (process.platform !== 'win32') rmSync(path, { force: true });
          resolve();
        });
      }),
  };
}

function serve(socket: Socket, token: string, handlers: LiveSocketHandlers, { accepted, closed }: { accepted: (pid: number) => void; closed: (pid: number) => void }): void {
  const decoder = new FrameDecoder();
  let pid: number | undefined;
  const reject = (reason: string): void => {
    handlers.onRejected?.(reason);
    socket.destroy();
  };
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
      if (pid !== undefined) {
        handlers.onText(frame, pid);
        continue;
      }
      const hello = parseHello(frame);
      if (!hello || !sameSecret(hello.token, token)) {
        reject('the first frame did not carry the session token');
        return;
      }
      pid = hello.pid;
      accepted(pid);
      handlers.onConnect?.(pid);
    }
  });
  socket.on('close', () => {
    if (pid !== undefined) closed(pid);
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
