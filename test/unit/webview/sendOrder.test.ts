// The message table's send order: a natural merge sort of the runs sends arrive in, which must
// give what a comparison sort by (send time, row) gives, whatever the input.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sortBySendTime } from '../../../webview/src/model/sendOrder';

describe('timeline send order', () => {
  it('sorts rows by send time, then row, as a comparison sort does: runs, ties, reversed and random input', () => {
    // Times from a small set (many ties), rows in any order, in runs or not.
    const input = fc.array(fc.tuple(fc.nat({ max: 50 }), fc.boolean()), { maxLength: 400 }).map((items) => {
      const sendT = new Float64Array(items.length);
      items.forEach(([t], row) => (sendT[row] = t));
      // Rows in arrival order: shuffled by the booleans, so some runs stay and some break.
      const rows = items.map((_, row) => row).sort((a, b) => Number(items[a]![1]) - Number(items[b]![1]) || (items[a]![1] ? b - a : a - b));
      return { rows, sendT };
    });
    fc.assert(
      fc.property(input, ({ rows, sendT }) => {
        const expected = Int32Array.from(rows).sort((a, b) => sendT[a]! - sendT[b]! || a - b);
        assert.deepEqual(sortBySendTime(rows, sendT), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves one run in one pass, and sorts 500k rows in 20 interleaved runs', () => {
    const n = 500_000;
    const sendT = new Float64Array(n);
    // 20 senders, each in time order, their runs taken in turn as a collector takes rings.
    const rows: number[] = [];
    for (let turn = 0; turn < 25; turn++) for (let sender = 0; sender < 20; sender++) for (let i = 0; i < 1000; i++) {
      const row = rows.length;
      sendT[row] = turn * 1000 + i + sender / 100;
      rows.push(row);
    }
    const sorted = sortBySendTime(rows, sendT);
    for (let i = 1; i < n; i++) assert.ok(sendT[sorted[i - 1]!]! <= sendT[sorted[i]!]!, `out of order at ${i}`);
    const alreadySorted = sortBySendTime(sorted, sendT);
    assert.deepEqual(alreadySorted, sorted);
  });
});
