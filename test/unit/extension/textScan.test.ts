// The extension host reads a live session's text without parsing it: it counts lines and
// parses only the spawn and exit lines.
import assert from 'node:assert/strict';
import { scanTraceText } from '../../../src/extension/session/textScan';

describe('extension: scanning live trace text', () => {
  it('counts the lines and finds the spawns and exits, however their keys are ordered', () => {
    const text = [
      '{"type":"running","t":1,"isolate":0}',
      '{"t":2,"type":"spawn","isolate":3,"parent":0,"debugName":"w","kind":"worker","entry":"w.js"}',
      '{"type":"send","t":3,"isolate":3,"channel":1,"seq":1,"bytes":4,"transferred":0}',
      '{"type":"exit","t":4,"isolate":3,"reason":"returned"}',
      '',
    ].join('\n');
    const scan = scanTraceText(Buffer.from(text));
    assert.equal(scan.lines, 4);
    assert.deepEqual(scan.events.sort((a, b) => a.type.localeCompare(b.type)), [{ type: 'exit', isolate: 3 }, { type: 'spawn', isolate: 3, name: 'w' }]);
  });

  it('a debugName that looks like an event is not one (its quotes are escaped in JSON)', () => {
    const line = JSON.stringify({ type: 'spawn', t: 1, isolate: 2, parent: 0, debugName: '"type":"exit"', kind: 'isolate', entry: 'f' });
    const scan = scanTraceText(Buffer.from(`${line}\n`));
    assert.deepEqual(scan.events, [{ type: 'spawn', isolate: 2, name: '"type":"exit"' }]);
  });

  it('an exit says its code and an uncaught error\'s message', () => {
    const line = JSON.stringify({ type: 'exit', t: 9, isolate: 0, reason: 'error', code: 1, error: { message: 'boom', stack: 'Error: boom\n at x' } });
    assert.deepEqual(scanTraceText(Buffer.from(`${line}\n`)).events, [{ type: 'exit', isolate: 0, code: 1, error: 'boom' }]);
  });

  it('reads a view into a bigger buffer only where it looks, and decodes UTF-8 names', () => {
    const line = JSON.stringify({ type: 'spawn', t: 1, isolate: 5, parent: 0, debugName: 'zählwerk ✓', kind: 'worker', entry: 'w.js' });
    const whole = Buffer.from(`{"type":"exit","t":0,"isolate":9,"reason":"returned"}\n${line}\n{"type":"exit","t":0,"isolate":8,"reason":"returned"}\n`);
    const first = whole.indexOf(10) + 1;
    const view = new Uint8Array(whole.buffer, whole.byteOffset + first, Buffer.byteLength(line) + 1);
    assert.deepEqual(scanTraceText(view), { lines: 1, events: [{ type: 'spawn', isolate: 5, name: 'zählwerk ✓' }] });
  });

  it('a broken line is skipped, not thrown', () => {
    assert.deepEqual(scanTraceText(Buffer.from('{"type":"spawn", oops\n')).events, []);
  });
});
