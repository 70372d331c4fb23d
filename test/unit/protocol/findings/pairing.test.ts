// The structures that pair sends with receives (messageTable.ts, channelWindow.ts, through
// traceState.ts) against a plain Map, on random operations; seqs far apart and receives
// listed before their sends (the window's front moves, the tables take what is far); and a
// channel whose first messages are never received, which the window must hand over
// instead of growing.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MessageTable } from '../../../../src/protocol/findings/messageTable';
import { TraceState } from '../../../../src/protocol/findings/traceState';
import type { TraceEvent } from '../../../../src/protocol/traceEvents';
import { micros } from '../../../../src/protocol/time';

/** The events added by `key` order to a new state, each pair checked (received 1 µs after its send) and counted. */
function pairedInOrder(events: { key: number; event: TraceEvent }[]): { state: TraceState; pairs: number } {
  const state = new TraceState();
  let pairs = 0;
  state.onPair((_channel, send, sentAt, receivedAt) => {
    pairs++;
    assert.equal(sentAt, send.t);
    assert.equal(receivedAt, send.t + 1);
  });
  for (const { event } of events.sort((a, b) => a.key - b.key)) state.add(event);
  return { state, pairs };
}

describe('findings: pairing messages', () => {
  it('MessageTable holds, finds and gives back what a Map would, through growth and deletions (and channels past its per-channel counts, which widen)', () => {
    const channel = fc.oneof(fc.integer({ min: -3, max: 5 }), fc.integer({ min: 0, max: 70_000 }));
    const op = fc.record({ take: fc.boolean(), channel, seq: fc.integer({ min: 0, max: 3000 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const table = new MessageTable<string>();
        const model = new Map<string, { t: number; value: string }>();
        ops.forEach(({ take, channel, seq }, i) => {
          const key = `${channel}:${seq}`;
          if (take) {
            const expected = model.get(key);
            model.delete(key);
            assert.equal(table.take(channel, seq), expected?.value);
            if (expected) assert.equal(table.takenAt, expected.t);
          } else {
            model.set(key, { t: i, value: `v${i}` });
            table.set(channel, seq, i, `v${i}`);
          }
          assert.equal(table.size, model.size);
        });
        assert.deepEqual([...table.entries()].sort(), [...model.values()].map((v) => v.value).sort());
        for (const [key, { value }] of model) assert.equal(table.get(Number(key.split(':')[0]), Number(key.split(':')[1])), value);
      }),
      { numRuns: 60 },
    );
  });

  it('MessageTable keeps what it holds when a channel past its per-channel counts widens them', () => {
    const table = new MessageTable<string>();
    table.set(5, 1, 10, 'early');
    table.set(1000, 1, 11, 'wide'); // past the first 64 channels' counts
    table.set(70_000, 1, 12, 'past the counted channels');
    assert.equal(table.take(5, 1), 'early');
    assert.equal(table.take(1000, 1), 'wide');
    assert.equal(table.take(70_000, 1), 'past the counted channels');
    assert.equal(table.take(999, 1), undefined);
    assert.equal(table.size, 0);
  });

  it('sends and receives in any order pair once each; what is left is what was never received', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 400 }), fc.integer(), (count, keys, seed) => {
        // count messages on 3 channels; some never received; all in an order given by `keys`.
        const events: { key: number; event: TraceEvent }[] = [];
        const lost = new Set<string>();
        for (let i = 0; i < count; i++) {
          const channel = i % 3;
          const seq = Math.floor(i / 3) + 1;
          events.push({ key: keys[i % keys.length]! + i, event: { type: 'send', t: micros(i), isolate: 0, channel, seq, bytes: 1, transferred: 0 } });
          if ((i * 7 + seed) % 5 === 0) lost.add(`${channel}:${seq}`);
          else events.push({ key: keys[(i * 3) % keys.length]! - i, event: { type: 'receive', t: micros(i + 1), isolate: 1, channel, seq } });
        }
        const { state, pairs } = pairedInOrder(events);
        assert.equal(pairs, count - lost.size);
        assert.deepEqual(new Set([...state.unpairedSends()].map((s) => `${s.channel}:${s.seq}`)), lost);
        assert.equal(state.pending, lost.size);
      }),
      { numRuns: 100 },
    );
  });

  it('far-apart seqs, receives before sends, some never sent or never received: each pair made once, in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 400_000 }), { minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 300 }), (seqs, keys) => {
        const events: { key: number; event: TraceEvent }[] = [];
        const lost = new Set<number>();
        let expected = 0;
        seqs.forEach((seq, i) => {
          const channel = 5;
          const has = i % 7; // 0: no receive; 1: no send; else both
          if (has !== 1) events.push({ key: keys[i % keys.length]! + i, event: { type: 'send', t: micros(seq), isolate: 0, channel, seq, bytes: 1, transferred: 0 } });
          if (has !== 0) events.push({ key: keys[(i * 5) % keys.length]! - i, event: { type: 'receive', t: micros(seq + 1), isolate: 1, channel, seq } });
          if (has === 0) lost.add(seq);
          if (has > 1) expected++;
        });
        const { state, pairs } = pairedInOrder(events);
        assert.equal(pairs, expected);
        assert.deepEqual(new Set([...state.unpairedSends()].map((s) => s.seq)), lost);
        assert.equal(state.pending, seqs.length - expected, "a send or a receive waits for each seq not paired");
      }),
      { numRuns: 100 },
    );
  });

  it('receives listed before their sends, isolate by isolate, in falling runs of seqs: all paired, nothing left', () => {
    const state = new TraceState();
    let pairs = 0;
    state.onPair(() => pairs++);
    // Receivers 1..4 each list their receives (every 4th seq, from a later start each) before the sender's lane.
    for (let to = 4; to >= 1; to--) for (let seq = to; seq <= 20_000; seq += 4) state.add({ type: 'receive', t: micros(seq + 1), isolate: to, channel: 9, seq });
    assert.equal(state.pending, 20_000);
    for (let seq = 1; seq <= 20_000; seq++) state.add({ type: 'send', t: micros(seq), isolate: 0, channel: 9, seq, bytes: 1, transferred: 0 });
    assert.equal(pairs, 20_000);
    assert.equal(state.pending, 0);
  });

  it('a channel whose first messages are never received does not keep a slot for every later one', () => {
    const state = new TraceState();
    // 40,000 messages in time order; the first 3 and every 1000th are never received. The
    // window looks every 4096 seqs and hands over what waits when it is sparse.
    let most = 0;
    for (let seq = 1; seq <= 40_000; seq++) {
      const send: TraceEvent = { type: 'send', t: micros(seq), isolate: 0, channel: 7, seq, bytes: 1, transferred: 0 };
      state.add(send);
      if (seq > 3 && seq % 1000 !== 0) state.add({ type: 'receive', t: micros(seq + 0.5), isolate: 1, channel: 7, seq });
      const window = (state as unknown as { windows: { length: number; head: number }[] }).windows[7]!;
      most = Math.max(most, window.length - window.head);
    }
    assert.ok(most <= 2 * 4096, `the window held up to ${most} slots`);
    const lost = [...state.unpairedSends()].map((s) => s.seq).sort((a, b) => a - b);
    assert.deepEqual(lost, [1, 2, 3, ...Array.from({ length: 40 }, (_, i) => (i + 1) * 1000)]);
    assert.equal(state.received({ type: 'send', t: micros(1), isolate: 0, channel: 7, seq: 5, bytes: 1, transferred: 0 }), true);
  });
});
