// The live trace stream's framing: each frame is a 4-byte big-endian length, then that many
// bytes. The first frame from the traced program is a JSON hello carrying the session's
// secret token; every later frame is NDJSON trace text (whole lines: the header first).
// A reader refuses frames over MAX_FRAME_BYTES, so a bad peer cannot make it allocate
// without bound.

import { concatBytes } from './bytes';

export const MAX_FRAME_BYTES = 1 << 20;

export interface LiveHello {
  type: 'hello';
  token: string;
  pid: number;
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_FRAME_BYTES) throw new RangeError(`a live trace frame holds at most ${MAX_FRAME_BYTES} bytes, not ${payload.length}`);
  const frame = new Uint8Array(4 + payload.length);
  new DataView(frame.buffer).setUint32(0, payload.length);
  frame.set(payload, 4);
  return frame;
}

/** Turns a byte stream back into frames. A frame that lies within one chunk is a view into
 * it (no copy); only one that spans chunks is copied together. */
export class FrameDecoder {
  /** Chunks that hold the start of an unfinished frame (or of its length), and their bytes. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  /** The whole frames completed by `chunk`. Throws when a frame is over the limit. */
  push(chunk: Uint8Array): Uint8Array[] {
    let data = chunk;
    if (this.pendingBytes > 0) {
      // Join only as much as the unfinished frame needs, when it can be finished.
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      const head = this.peekLength();
      if (head === undefined || this.pendingBytes < 4 + head) return [];
      data = join(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (data.length - offset >= 4) {
      const length = new DataView(data.buffer, data.byteOffset + offset).getUint32(0);
      if (length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
      if (data.length - offset - 4 < length) break;
      frames.push(data.subarray(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    if (offset < data.length) {
      const rest = data.subarray(offset);
      if (rest.length >= 4) {
        const length = new DataView(rest.buffer, rest.byteOffset).getUint32(0);
        if (length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
      }
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
    return frames;
  }

  /** The unfinished frame's length, once its 4 bytes are in. */
  private peekLength(): number | undefined {
    if (this.pendingBytes < 4) return undefined;
    const head = join(this.pending, 4);
    const length = new DataView(head.buffer, head.byteOffset).getUint32(0);
    if (length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
    return length;
  }
}

/** The first `length` bytes of `parts`, in one array: a view when the first part holds them. */
function join(parts: Uint8Array[], length: number): Uint8Array {
  return parts[0]!.length >= length ? parts[0]!.subarray(0, length) : concatBytes(parts, length);
}
