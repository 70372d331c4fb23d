// The live trace stream's framing: each frame is a 4-byte big-endian length, then that many
// bytes. The first frame from the traced program is a JSON hello carrying the session's
// secret token; every later frame is NDJSON trace text (whole lines: the header first).
// A reader refuses frames over MAX_FRAME_BYTES, so a bad peer cannot make it allocate
// without bound.

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

/** Turns a byte stream back into frames. */
export class FrameDecoder {
  private buffer = new Uint8Array(0);

  /** The whole frames completed by `chunk`. Throws when a frame is over the limit. */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (joined.length - offset >= 4) {
      const length = new DataView(joined.buffer, joined.byteOffset + offset).getUint32(0);
      if (length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
      if (joined.length - offset - 4 < length) break;
      frames.push(joined.slice(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    this.buffer = joined.slice(offset);
    return frames;
  }
}
