// The Isolates view's model (src/extension/isolates/sessionModel.ts): a live session's sends
// and receives are counted from their bytes (messageCounts.ts), everything else read by the
// trace reader; the table must come out the same as reading every line.
import assert from 'node:assert/strict';
import { createSessionModel } from '../../../src/extension/isolates/sessionModel';
import { countMessages } from '../../../src/extension/isolates/messageCounts';
import { syntheticTrace } from '../../../bench/syntheticTrace.mjs';

/** Whole-line pieces of about `size` bytes, as a live connection's frames are. */
function wholeLinePieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; ) {
    const cut = bytes.indexOf(10, Math.min(bytes.length - 1, start + size));
    const end = cut === -1 ? bytes.length : cut + 1;
    pieces.push(bytes.subarray(start, end));
    start = end;
  }
  return pieces;
}

describe('extension: the Isolates view\'s session model', () => {
  it('counts a live session\'s sends and receives from their bytes: the same table as reading every line', () => {
    const bytes = new TextEncoder().encode(syntheticTrace({ isolates: 12, messages: 20_000, seed: 7 }));
    const live = createSessionModel({ live: true });
    for (const piece of wholeLinePieces(bytes, 4096)) live.text(4242, piece);
    const read = createSessionModel({ live: false });
    for (let at = 0; at < bytes.length; at += 1000) read.text(0, bytes.subarray(at, at + 1000)); // a file's pieces cut lines
    assert.ok(read.table.list().some((row) => row.sent > 100 && row.received > 0), 'the trace has traffic');
    assert.deepEqual(live.table.list(), read.table.list(), 'rows under the header\'s pid, whatever key the text came under');
  });

  it('reads a trace file\'s last line without a newline when it ends', () => {
    const model = createSessionModel({ live: false });
    const header = syntheticTrace({ isolates: 1, messages: 0, seed: 3 }).split('\n')[0];
    model.text(0, new TextEncoder().encode(`${header}\n{"type":"exit","t":5,"isolate":0,"reason":"returned"}`));
    const pid = model.table.list()[0]!.pid;
    assert.equal(model.table.get(pid, 0)!.state, 'running', 'the last line waits for its newline');
    model.end();
    assert.equal(model.table.get(pid, 0)!.state, 'returned');
  });

  it('hands every line it does not count to the reader, in order, and counts only sends and receives written as the tracer writes them', () => {
    const lines = [
      '{"format":"isotrace"}',
      '{"type":"send","t":1.5,"isolate":3,"channel":1,"seq":1,"bytes":4,"transferred":0}',
      '{"type":"receive","t":2,"isolate":12,"channel":1,"seq":1}',
      '{"type":"send","t":3,"channel":1,"seq":2,"isolate":4}',
      '{"type":"heap","t":4,"isolate":3,"used":1,"total":2,"external":0,"elu":0}',
      '{"type":"sendx","t":5,"isolate":3}',
      '{"type":"send","t":6,"isolate":3}',
      '{"type":"receive","t":7,"isolate":5,"channel":1,"seq":1,"pid":77}',
    ];
    const counted: [number, boolean][] = [];
    const others: string[] = [];
    countMessages(new TextEncoder().encode(`${lines.join('\n')}\n`), (isolate, sent) => counted.push([isolate, sent]), (run) => others.push(new TextDecoder().decode(run)));
    assert.deepEqual(counted, [[3, true], [12, false]]);
    assert.deepEqual(others, [`${lines[0]}\n`, lines.slice(3).map((line) => `${line}\n`).join('')], 'an unusual send (fields in another order, no channel, another process) goes to the reader');
  });
});
