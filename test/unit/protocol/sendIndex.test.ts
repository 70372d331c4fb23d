// The summary's index of each message's last send (src/protocol/sendIndex.ts): an array by
// seq per channel, and the hash table for what an array cannot hold (seqs far beyond what the
// channel holds, channels out of the arrays' range, the negative channels the summary gives
// messages whose keys are not 32-bit). Whichever holds a message, it is found, and a message
// set twice says so.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SendIndex } from '../../../src/protocol/sendIndex';

describe('the send index', () => {
  it('finds each message by channel and seq, in an array or in the hash table, and says when one is set twice', () => {
    const index = new SendIndex();
    const messages: [number, number][] = [
      [0, 0], [0, 1], [1, 1], [1, 5000], [3, 2 ** 31 - 2], [65_535, 2], [65_536, 2], [2 ** 31 - 1, 7], [-1, 0], [-70_000, 3],
    ];
    messages.forEach(([channel, seq], i) => assert.equal(index.set(channel, seq, i), false, `${channel}:${seq} set once`));
    messages.forEach(([channel, seq], i) => assert.equal(index.get(channel, seq), i, `${channel}:${seq}`));
    assert.equal(index.get(0, 2), undefined);
    assert.equal(index.get(2, 1), undefined);
    assert.equal(index.get(-2, 0), undefined);
    assert.equal(index.get(1, 4999), undefined);
    // Set again: says so, and keeps the last.
    assert.equal(index.set(1, 5000, 99), true);
    assert.equal(index.get(1, 5000), 99);
    assert.equal(index.set(-1, 0, 98), true);
    assert.equal(index.get(-1, 0), 98);
  });

  it("a message first kept in the hash table (its seq was far) and set again once the channel's array reaches it is known as set twice", () => {
    const index = new SendIndex();
    assert.equal(index.set(5, 3000, 1), false); // beyond what an empty channel's array reaches: the hash table
    for (let seq = 0; seq < 2000; seq++) index.set(5, seq, 10 + seq); // the array grows past 3000
    assert.equal(index.get(5, 3000), 1);
    assert.equal(index.set(5, 3000, 2), true);
    assert.equal(index.get(5, 3000), 2);
  });

  it('agrees with a Map on any sequence of sets and gets', () => {
    const channel = fc.oneof(fc.constantFrom(-3, 0, 1, 65_535, 65_536, 2 ** 31 - 1), fc.nat({ max: 40 }));
    const seq = fc.oneof(fc.constantFrom(0, 1, 1023, 1024, 4096, 2 ** 31 - 2), fc.nat({ max: 20 }), fc.nat({ max: 20_000 }));
    const op = fc.record({ set: fc.boolean(), channel, seq, value: fc.nat({ max: 2 ** 31 - 2 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const index = new SendIndex();
        const model = new Map<string, number>();
        for (const { set, channel: c, seq: s, value } of ops) {
          const key = `${c}:${s}`;
          if (set) {
            assert.equal(index.set(c, s, value), model.has(key), `set ${key}`);
            model.set(key, value);
          } else {
            assert.equal(index.get(c, s), model.get(key), `get ${key}`);
          }
        }
        for (const [key, value] of model) {
          const [c, s] = key.split(':').map(Number) as [number, number];
          assert.equal(index.get(c, s), value, `at the end, ${key}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
