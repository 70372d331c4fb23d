// The report's embedded trace: base64 decoded by hand (one pass, no string per byte).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBase64 } from '../../../webview/src/embeddedTrace';

describe('report: the embedded trace', () => {
  it('decodes base64 exactly as Node does, at every length, with line breaks or padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, wrapped) => {
        let text = Buffer.from(bytes).toString('base64');
        if (wrapped) text = text.replace(/(.{76})/g, '$1\n');
        assert.deepEqual(Buffer.from(decodeBase64(text)), Buffer.from(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
