// The live stream's framing: whatever cuts the socket makes in the byte stream, the decoder
// gives back the frames that were sent, and refuses a frame over the limit as soon as its
// length is in, before buffering it.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from '../../../src/protocol/liveFrames';

function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((n) => n % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let last = 0;
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.slice(last, point));
    last = point;
  }
  return pieces;
}

describe('protocol: live stream frames', () => {
  it('gives back the frames sent, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (payloads, at) => {
        const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
        const decoder = new FrameDecoder();
        const frames = cut(stream, at).flatMap((piece) => decoder.push(piece));
        assert.deepEqual(frames.map((f) => [...f]), payloads.map((p) => [...p]));
      }),
      { numRuns: 500 },
    );
  });

  it('a frame inside one chunk is a view into it, not a copy', () => {
    const chunk = Buffer.concat([encodeFrame(Buffer.from('one\n')), encodeFrame(Buffer.from('two\n'))]);
    const frames = new FrameDecoder().push(chunk);
    assert.equal(frames.length, 2);
    assert.equal(frames[1]!.buffer, chunk.buffer);
  });

  it('refuses a frame over the limit once its length is in, even when the length is cut', () => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(MAX_FRAME_BYTES + 1);
    const decoder = new FrameDecoder();
    assert.deepEqual(decoder.push(head.subarray(0, 2)), []);
    assert.throws(() => decoder.push(head.subarray(2)), /over the 1048576-byte limit/);
    assert.throws(() => new FrameDecoder().push(head), /over the 1048576-byte limit/);
  });
});
