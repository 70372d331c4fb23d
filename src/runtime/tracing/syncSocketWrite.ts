// Writing a socket's descriptor directly, for the live sink (socketSink.ts): a write takes
// what the kernel takes now and says how much, so nothing is ever left with libuv, and at
// the process's exit (no turn of the event loop left) a write can wait for the reader.
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';

/** The connected socket's descriptor, where it has one that can be written directly (not a
 * Windows named pipe), and nothing is queued on it through Node; else undefined. */
export function socketFd(socket: Socket): number | undefined {
  if (process.platform === 'win32') return undefined;
  const handle = (socket as unknown as { _handle?: { fd?: unknown; writeQueueSize?: unknown } })._handle;
  const fd = handle?.fd;
  if (typeof fd !== 'number' || fd < 0 || socket.writableLength > 0 || handle!.writeQueueSize !== 0) return undefined;
  return fd;
}

/** Writes what the socket takes now of `bytes`: how much (0 when it takes nothing), or why
 * it failed. */
export function writeSome(fd: number, bytes: Uint8Array): { written: number; failed?: string } {
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    // (As libuv's own writes: the socket full, or the kernel short of buffers for now.)
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'ENOBUFS') return { written, failed: (error as Error).message };
  }
  return { written };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `bytes`, waiting for the reader while it takes less, until `deadline`
 * (performance.now()): undefined when written, else why not. */
export function writeAllBefore(fd: number, bytes: Uint8Array, deadline: number): string | undefined {
  let offset = 0;
  for (;;) {
    const { written, failed } = writeSome(fd, offset === 0 ? bytes : bytes.subarray(offset));
    if (failed !== undefined) return failed;
    offset += written;
    if (offset >= bytes.length) return undefined;
    if (performance.now() > deadline) return 'the reader took too long';
    Atomics.wait(pause, 0, 0, 1); // the reader is behind: a millisecond for it to read
  }
}
