// The timeline's pure parts: the model built from events, lane layout, per-pixel message
// bundles and heap columns, and the stats.
import assert from 'node:assert/strict';
import type { TraceEvent } from '../../../src/protocol/traceEvents';
import { parseTrace } from '../../../src/protocol/traceReader';
import { summarize } from '../../../src/protocol/traceSummary';
import { TraceModel } from '../../../webview/src/model/traceModel';
import { layOutLanes, LANE_HEIGHT } from '../../../webview/src/model/laneLayout';
import { bundleMessages } from '../../../webview/src/model/messageBundles';
import { BundleCache, MAX_BUNDLES } from '../../../webview/src/model/bundleCache';
import { heapColumns, heapAt } from '../../../webview/src/model/heapColumns';
import { latencyHistogram, traceStats } from '../../../webview/src/model/stats';
import { syntheticEvents, syntheticTrace } from '../../../bench/syntheticTrace.mjs';

const t = (n: number) => n as TraceEvent['t'];

/** main spawns a and b; a spawns c; messages main→a, a→b; b paused once; c crashes. */
function smallTrace(): TraceEvent[] {
  return [
    { type: 'running', t: t(0), isolate: 0 },
    { type: 'spawn', t: t(10), isolate: 1, parent: 0, debugName: 'a', kind: 'function', entry: 'f' },
    { type: 'spawn', t: t(20), isolate: 2, parent: 0, debugName: 'b', kind: 'run', entry: 'g' },
    // A receive read before its send (threads are drained in turn).
    { type: 'receive', t: t(150), isolate: 1, channel: 0, seq: 1, port: '1:1' },
    { type: 'send', t: t(100), isolate: 0, channel: 0, seq: 1, port: '1:1', to: 1, bytes: 64, transferred: 0 },
    { type: 'running', t: t(30), isolate: 1 },
    { type: 'spawn', t: t(40), isolate: 3, parent: 1, debugName: 'c', kind: 'function', entry: 'h' },
    { type: 'portOpen', t: t(45), isolate: 1, port: '1:1', debugName: 'jobs' },
    { type: 'send', t: t(200), isolate: 1, channel: 1, seq: 1, to: 2, bytes: 1000, transferred: 1000 },
    { type: 'heap', t: t(300), isolate: 1, used: 2000, total: 4000, external: 0, elu: 0.5 },
    { type: 'heap', t: t(250), isolate: 1, used: 1000, total: 4000, external: 0, elu: 0.2 },
    { type: 'running', t: t(50), isolate: 2 },
    { type: 'paused', t: t(210), isolate: 2 },
    { type: 'resumed', t: t(260), isolate: 2 },
    { type: 'receive', t: t(270), isolate: 2, channel: 1, seq: 1 },
    { type: 'exit', t: t(400), isolate: 3, reason: 'error', error: { message: 'boom', stack: 'Error: boom\n    at h' } },
    { type: 'exit', t: t(500), isolate: 2, reason: 'returned' },
  ];
}

describe('timeline model', () => {
  it('builds one lane per isolate with its life, pauses, heap and messages', () => {
    const model = new TraceModel();
    model.addEvents(smallTrace());
    assert.deepEqual(model.lanes.map((l) => [l.id, l.debugName, l.parent]), [[0, 'main', null], [1, 'a', 0], [2, 'b', 0], [3, 'c', 1]]);
    const [main, a, b, c] = model.lanes;
    assert.equal(a!.start, 10);
    assert.equal(a!.running, 30);
    assert.equal(b!.kind, 'run');
    assert.deepEqual(b!.pauses, [{ from: 210, to: 260 }]);
    assert.equal(b!.exit?.reason, 'returned');
    assert.equal(c!.exit?.error?.message, 'boom');
    assert.equal(model.laneEnd(a!), 500, 'a lane still running ends with the trace');
    assert.deepEqual(a!.heapT, [250, 300], 'heap samples kept in time order');
    assert.equal(a!.peakHeap, 2000);
    assert.equal(a!.ports.get('1:1')?.debugName, 'jobs');
    assert.equal(main!.sent, 1);
    assert.equal(a!.bytesReceived, 64, 'bytes of a message received before its send was read');
    assert.equal(b!.bytesReceived, 1000);
    const table = model.messages;
    assert.equal(table.count, 2);
    const row = table.row(0, 1)!;
    assert.deepEqual([table.sendT[row], table.recvT[row], table.from[row], table.to[row]], [100, 150, 0, 1]);
    assert.equal(table.maxLatency, 70);
    assert.deepEqual(model.counts(), { isolates: 4, messages: 2, events: 17 });
  });

  it('keeps messages apart by channel and seq: dense seqs in tables, sparse seqs and huge channels in a map', () => {
    const model = new TraceModel();
    // Seq 0, neighbours on one channel, a seq far past the table, a channel past 2^21 and
    // one past 2^40 (version 1 ids that were not "<channel>:<n>" are read into those).
    const ids: [number, number][] = [[1, 2], [2, 1], [1, 0], [1, 3], [3, 4_000_000], [3, 5], [2 ** 21 + 1, 2], [2 ** 40, 0], [2 ** 40 + 1, 0]];
    model.addEvents(ids.map(([channel, seq], i) => ({ type: 'send', t: t(i), isolate: 0, channel, seq, bytes: i, transferred: 0 }) as TraceEvent));
    model.addEvents(ids.map(([channel, seq], i) => ({ type: 'receive', t: t(100 + i), isolate: 0, channel, seq }) as TraceEvent));
    assert.equal(model.messages.count, ids.length);
    for (const [i, [channel, seq]] of ids.entries()) {
      const row = model.messages.row(channel, seq)!;
      assert.equal(model.messages.bytes[row], i, `${channel}:${seq}`);
      assert.equal(model.messages.recvT[row], 100 + i, `${channel}:${seq}`);
    }
  });

  it('appends live batches incrementally: the version moves, send order stays sorted', () => {
    const model = new TraceModel();
    const events = smallTrace();
    model.addEvents(events.slice(0, 6));
    const v = model.version;
    assert.equal(model.messages.bySendTime().length, 1);
    model.addEvents(events.slice(6));
    assert.ok(model.version > v);
    const order = model.messages.bySendTime();
    assert.deepEqual([...order].map((r) => model.messages.sendT[r]), [100, 200]);
  });

  it('a trace of several processes: lanes per process and isolate, IPC messages between their lanes, a group per process in the layout', () => {
    const model = new TraceModel();
    model.header = { format: 'isotrace', version: 2, clock: 'us', pid: 10, argv: ['node', 'a.js'], startTime: '' };
    model.addEvents([
      { type: 'spawn', t: t(5), isolate: 1, parent: 0, debugName: 'a-worker', kind: 'worker', entry: '' },
      { type: 'process', t: t(20), isolate: 0, pid: 11, ppid: 10, argv: ['node', 'a.js', 'child'] },
      { type: 'spawn', t: t(25), isolate: 1, parent: 0, debugName: 'child-worker', kind: 'worker', entry: '', pid: 11 },
      { type: 'send', t: t(30), isolate: 0, channel: 1, seq: 1, to: 0, toPid: 11, bytes: 9, transferred: 0 },
      { type: 'receive', t: t(40), isolate: 0, channel: 1, seq: 1, pid: 11 },
    ]);
    const names = model.lanes.map((l) => `${l.process.pid}:${l.id} ${l.debugName}`);
    assert.deepEqual(names.sort(), ['10:0 main', '10:1 a-worker', '11:0 main', '11:1 child-worker']);
    const row = model.messages.row(1, 1)!;
    const lane = (index: number) => model.lanes[index]!;
    assert.deepEqual([lane(model.messages.from[row]!).process.pid, lane(model.messages.to[row]!).process.pid], [10, 11]);
    assert.equal(model.laneStart(model.laneById(0, model.processes.of(11))!), 20, 'a later process starts with its process event');
    const layout = layOutLanes(model.lanes);
    assert.deepEqual(layout.headings.map((h) => h.process.pid), [10, 11]);
    assert.deepEqual(layout.rows.map((r) => `${r.lane.process.pid} ${r.lane.debugName} ${r.depth}`), ['10 main 0', '10 a-worker 1', '11 main 0', '11 child-worker 1']);
    assert.ok(layout.headings[1]!.y > layout.rows[1]!.y && layout.headings[1]!.y < layout.rows[2]!.y);
  });

  it('lays out main first, each isolate under its parent in spawn order; hidden lanes give their room to the rest', () => {
    const model = new TraceModel();
    model.addEvents(smallTrace());
    const all = layOutLanes(model.lanes);
    assert.deepEqual(all.rows.map((r) => [r.lane.debugName, r.depth, r.y]), [['main', 0, 0], ['a', 1, LANE_HEIGHT], ['c', 2, 2 * LANE_HEIGHT], ['b', 1, 3 * LANE_HEIGHT]]);
    const withoutA = layOutLanes(model.lanes, (lane) => lane.debugName !== 'a');
    assert.deepEqual(withoutA.rows.map((r) => [r.lane.debugName, r.depth]), [['main', 0], ['c', 1], ['b', 1]], "a's child moves up a level");
    assert.equal(withoutA.rowOf[1], undefined);
    assert.equal(withoutA.height, 3 * LANE_HEIGHT);
  });

  it('survives a damaged trace whose parents form a cycle', () => {
    const model = new TraceModel();
    model.addEvents([
      { type: 'spawn', t: t(1), isolate: 1, parent: 2, debugName: 'x', kind: 'worker', entry: '' },
      { type: 'spawn', t: t(2), isolate: 2, parent: 1, debugName: 'y', kind: 'worker', entry: '' },
    ]);
    const layout = layOutLanes(model.lanes);
    assert.deepEqual(layout.rows.map((r) => r.lane.debugName).sort(), ['x', 'y'], 'both shown once, no endless recursion');
  });
});

describe('timeline aggregation', () => {
  function burst(count: number, spacingUs: number): TraceModel {
    const model = new TraceModel();
    const events: TraceEvent[] = [{ type: 'spawn', t: t(0), isolate: 1, parent: 0, debugName: 'w', kind: 'function', entry: '' }];
    for (let i = 0; i < count; i++) {
      events.push({ type: 'send', t: t(1000 + i * spacingUs), isolate: 0, channel: 0, seq: i, to: 1, bytes: 10, transferred: i % 2 ? 10 : 0 });
      events.push({ type: 'receive', t: t(1050 + i * spacingUs), isolate: 1, channel: 0, seq: i });
    }
    model.addEvents(events);
    return model;
  }

  it('merges messages that fall in the same pixels into one bundle with a count', () => {
    const model = burst(1000, 0.01); // 1000 messages in 10 µs
    const wide = bundleMessages(model.messages, { t0: 0, t1: 100_000, binUs: 300 });
    assert.equal(wide.length, 1);
    assert.equal(wide[0]!.count, 1000);
    assert.equal(wide[0]!.bytes, 10_000);
    assert.equal(wide[0]!.transfers, 500);
    assert.ok(Math.abs(wide[0]!.sendT - 1005) < 0.01, 'the bundle sits at the mean send time');
    const near = bundleMessages(model.messages, { t0: 1000, t1: 1010, binUs: 0.001 });
    assert.equal(near.length, 1000, 'zoomed in, one arrow per message');
    assert.equal(near.reduce((n, b) => n + b.count, 0), 1000);
  });

  it('includes arrows that enter the range from the left, skips those outside, applies the filter', () => {
    const model = burst(10, 100); // sends at 1000, 1100, … receives 50 µs later
    const range = bundleMessages(model.messages, { t0: 1120, t1: 1300, binUs: 1 });
    // Message 1 (1100 → 1150) enters from the left; 2 (1200 → 1250) is inside; 3 starts at 1300.
    assert.deepEqual(range.map((b) => b.sendT).sort((x, y) => x - y), [1100, 1200, 1300]);
    const onlyCopies = bundleMessages(model.messages, { t0: 0, t1: 1e6, binUs: 1, accept: (row) => model.messages.transferred[row] === 0 });
    assert.equal(onlyCopies.length, 5);
  });

  it('bundles between hundreds of lanes (a map of pairs instead of a table), and caps what one view draws', () => {
    const model = new TraceModel();
    const events: TraceEvent[] = [];
    for (let id = 1; id < 300; id++) events.push({ type: 'spawn', t: t(0), isolate: id, parent: 0, debugName: `w${id}`, kind: 'worker', entry: '' });
    for (let i = 0; i < 3000; i++) {
      const a = i % 299;
      events.push({ type: 'send', t: t(1000 + (i % 7)), isolate: a, channel: 5, seq: i, to: a + 1, bytes: 8, transferred: 0 });
      events.push({ type: 'receive', t: t(1010 + (i % 7)), isolate: a + 1, channel: 5, seq: i });
    }
    model.addEvents(events);
    const bundles = bundleMessages(model.messages, { t0: 0, t1: 1e6, binUs: 1000 });
    assert.equal(bundles.length, 299, 'one bundle per lane pair');
    assert.equal(bundles.reduce((n, b) => n + b.count, 0), 3000);
    assert.ok(bundles.every((b) => b.toLane === b.fromLane + 1 || model.lanes[b.toLane]!.id === model.lanes[b.fromLane]!.id + 1));
    // 40,000 messages 1 µs apart across a 1400-pixel view: bins widen until a view's worth fits.
    const many = burst(40_000, 1);
    const drawn = new BundleCache().get(many.messages, 0, 50_000, 50_000 / 1400, 0.05, 0, many.version);
    assert.ok(drawn.length <= 3 * MAX_BUNDLES, `${drawn.length} bundles`);
    assert.equal(drawn.reduce((n, b) => n + b.count, 0), 40_000, 'every message is in a bundle');
  });

  it('reuses bundles while panning at one zoom level, and recomputes when the level or data changes', () => {
    const model = burst(200, 10);
    const cache = new BundleCache();
    const first = cache.get(model.messages, 1000, 2000, 1, 3, 0, model.version);
    assert.equal(cache.get(model.messages, 1100, 2100, 1, 3, 0, model.version), first, 'pan within the covered range');
    assert.notEqual(cache.get(model.messages, 1000, 3000, 2, 3, 0, model.version), first, 'a new zoom level');
    const second = cache.get(model.messages, 1000, 3000, 2, 3, 0, model.version);
    assert.notEqual(cache.get(model.messages, 1000, 3000, 2, 3, 1, model.version), second, 'a new filter');
  });

  it('at a new zoom level, makes the new bundles a slice per frame while the old ones are drawn', () => {
    const model = burst(50_000, 1);
    const cache = new BundleCache();
    const first = cache.get(model.messages, 0, 60_000, 20, 3, 0, model.version, undefined, 1000);
    assert.equal(cache.pending, false, 'the first bundles are made at once');
    let frames = 0;
    let drawn = cache.get(model.messages, 0, 60_000, 5, 3, 0, model.version, undefined, 1000);
    assert.equal(drawn, first, 'meanwhile, the previous bundles');
    while (cache.pending) {
      drawn = cache.get(model.messages, 0, 60_000, 5, 3, 0, model.version, undefined, 1000);
      frames++;
    }
    assert.ok(frames >= 40, `${frames} frames of at most 1000 rows each`);
    assert.notEqual(drawn, first);
    assert.equal(drawn.reduce((n, b) => n + b.count, 0), 50_000);
    assert.deepEqual(drawn, bundleMessages(model.messages, { t0: -60_000, t1: 120_000, binUs: 2 ** (Math.round(Math.log2(15) * 2) / 2) }), 'the same bundles as one pass makes');
    // A filter change is not shown late: it is applied at once.
    const copies = cache.get(model.messages, 0, 60_000, 5, 3, 1, model.version, (row) => model.messages.transferred[row] === 0, 1000);
    assert.equal(cache.pending, false);
    assert.equal(copies.reduce((n, b) => n + b.count, 0), 25_000);
  });

  it('where a view holds more flows than it can draw, keeps the busiest and says how many of all', () => {
    const model = new TraceModel();
    model.addEvents(syntheticEvents({ isolates: 60, messages: 100_000, durationUs: 10_000_000, seed: 3 }));
    const cache = new BundleCache();
    const drawn = cache.get(model.messages, 0, 10_000_000, 10_000, 3, 0, model.version);
    const thinned = cache.thinned!;
    assert.ok(thinned, 'thinned');
    assert.equal(drawn.length, 3 * MAX_BUNDLES);
    assert.ok(thinned.ofBundles > drawn.length);
    assert.equal(thinned.ofMessages, model.messages.count, 'the cover holds every message');
    assert.ok(thinned.messages < thinned.ofMessages);
    assert.equal(thinned.messages, drawn.reduce((n, b) => n + b.count, 0));
    for (let i = 1; i < drawn.length; i++) assert.ok(drawn[i - 1]!.count >= drawn[i]!.count, 'busiest first');
    // Zoomed in far enough, every message is drawn again.
    cache.get(model.messages, 5_000_000, 5_010_000, 10, 3, 0, model.version);
    assert.equal(cache.thinned, undefined);
  });

  it('keeps at most one heap point per pixel column, the column\'s peak', () => {
    const model = new TraceModel();
    const events: TraceEvent[] = [];
    for (let i = 0; i < 10_000; i++) events.push({ type: 'heap', t: t(i), isolate: 0, used: i % 100 === 7 ? 5000 : 100, total: 9000, external: 0, elu: 0 });
    model.addEvents(events);
    const lane = model.lanes[0]!;
    const points = heapColumns(lane, 0, 10_000, 100); // 100 columns
    assert.ok(points.length <= 102, `${points.length} points`);
    assert.ok(points.slice(1, -1).every((p) => p.used === 5000), 'every column keeps its peak');
    assert.equal(heapColumns(lane, 10, 50, 0.01).length, 42, 'zoomed in: every sample from 10 to 50, plus the one before');
    assert.equal(heapAt(lane, 1007.4)?.used, 5000);
  });
});

describe('timeline stats', () => {
  it('agree with isoscope summary on a large synthetic trace, and the latency histogram counts every received message', () => {
    const text = syntheticTrace({ isolates: 12, messages: 20_000, durationUs: 5_000_000, seed: 7 });
    const parsed = parseTrace(text);
    assert.deepEqual(parsed.problems, []);
    const model = new TraceModel();
    model.addEvents(parsed.list);
    assert.deepEqual(traceStats(model), summarize(parsed.list));
    const bins = latencyHistogram(model);
    const received = summarize(parsed.list).totals.messagesReceived;
    assert.equal(bins.reduce((n, b) => n + b.count, 0), received);
    for (const bin of bins) assert.ok(bin.from < bin.to);
    // Per-lane counters kept by the model match the summary's rows too.
    const rows = summarize(parsed.list).isolates;
    for (const lane of model.lanes) {
      const row = rows.find((r) => r.id === lane.id)!;
      assert.deepEqual([lane.sent, lane.received, lane.bytesSent, lane.bytesReceived, lane.peakHeap], [row.messagesSent, row.messagesReceived, row.bytesSent, row.bytesReceived, row.peakHeapBytes]);
    }
  });
});
