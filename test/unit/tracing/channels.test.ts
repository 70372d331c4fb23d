// Message ids without envelopes: each channel's two ends count its messages (channelIds.ts),
// and the rings carry binary records that the collector formats (ring.ts, backlog.ts).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Isolate, SendPort, type TraceEvent } from 'isoscope';
import { Inbox } from '../helpers.js';
import { assertPaired, idOf, ofType, root, traced } from './traceHelpers.js';

const require = createRequire(import.meta.url);
const tools = require(`${root}dist/tracingTools.cjs`);

describe('tracing: numbered channels and binary records', () => {
  it('a refused message spends no id: every later message on the port pairs with its own receive', async () => {
    const { list } = await traced(async () => {
      const inbox = new Inbox();
      await Isolate.spawn(async (p: SendPort) => {
        p.send('first');
        let refused = false;
        try {
          p.send({ f: () => 1 });
        } catch {
          refused = true;
        }
        p.send(`refused ${refused}`);
        p.send('last');
      }, inbox.sendPort);
      assert.deepEqual([await inbox.next(), await inbox.next(), await inbox.next()], ['first', 'refused true', 'last']);
      inbox.close();
    });
    assertPaired(list);
    const received = new Set(ofType(list, 'receive').map((r) => idOf(r)));
    const unreceived = ofType(list, 'send').filter((s) => !received.has(idOf(s)));
    // The refused send is recorded (it was tried) and never received; the ones after it keep
    // their own receives (without the SKIP frame each would pair with the one before).
    const childSends = ofType(list, 'send').filter((s) => s.isolate !== 0).sort((a, b) => a.t - b.t);
    assert.equal(childSends.length, 4);
    assert.deepEqual(unreceived, [childSends[1]]);
    assert.equal(ofType(list, 'receive').filter((r) => r.isolate === 0).length, 3);
  });

  it('copies of one SendPort in several isolates, and the owner itself, each pair every message', async () => {
    const { list } = await traced(async () => {
      const inbox = new Inbox();
      const worker = (p: SendPort) => {
        for (let i = 0; i < 50; i++) p.send(i);
      };
      await Promise.all([Isolate.spawn(worker, inbox.sendPort), Isolate.spawn(worker, inbox.sendPort)]);
      for (let i = 0; i < 50; i++) inbox.sendPort.send(-i);
      for (let i = 0; i < 150; i++) await inbox.next();
      inbox.close();
    });
    assertPaired(list);
    const received = ofType(list, 'receive').filter((r) => r.isolate === 0);
    const senders = new Map(ofType(list, 'send').map((s) => [idOf(s), s.isolate]));
    const bySender = new Map<number, number>();
    for (const r of received) bySender.set(senders.get(idOf(r))!, (bySender.get(senders.get(idOf(r))!) ?? 0) + 1);
    assert.deepEqual([...bySender.values()], [50, 50, 50]);
    assert.equal(new Set(received.map((r) => r.channel)).size, 3, 'one channel per sending isolate');
  });

  it('records survive the ring wrapping around, in order, and format as the events they were', () => {
    const ring = tools.createRing(1024);
    const writer = new tools.RingWriter(ring);
    const reader = new tools.RingReader(ring);
    const backlog = new tools.Backlog();
    const expected: TraceEvent[] = [];
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) {
        // Every sixth send copied a buffer (a bigger record).
        const bufferBytes = i % 6 === 3 ? 4096 : 0;
        assert.ok(writer.writeSend(i + 0.04, 7, i, 10 + i, i % 2 ? 0 : 2 ** 33, bufferBytes, 2, 5));
        expected.push({ type: 'send', t: i as never, isolate: 4, channel: 7, seq: i, port: '2:5', to: 2, bytes: 10 + i, transferred: i % 2 ? 0 : 2 ** 33, ...(bufferBytes ? { bufferBytes } : {}) });
      } else if (i % 3 === 1) {
        assert.ok(writer.writeReceive(i + 0.06, 7, i, -1));
        expected.push({ type: 'receive', t: (i + 0.1) as never, isolate: 4, channel: 7, seq: i });
      } else {
        const event: TraceEvent = { type: 'heap', t: i as never, isolate: 4, used: i, total: 2 * i, external: 0, elu: 0.5 };
        assert.ok(writer.writeLine(JSON.stringify(event) + '\n'));
        expected.push(event);
      }
      // Drained every few records, so the writer wraps around a 1 KiB ring many times.
      if (i % 7 === 6) {
        backlog.addRuns(4, reader.lend() ?? [], reader);
        backlog.copyLent(reader);
      }
    }
    backlog.addRuns(4, reader.lend() ?? [], reader);
    backlog.copyLent(reader);
    // A deadline already past still formats one run (here under one batch): the rest of the
    // runs wait for the next call.
    backlog.format((bytes: Uint8Array) => chunks.push(bytes), 0);
    assert.equal(chunks.length, 1);
    assert.ok(!backlog.empty);
    backlog.format((bytes: Uint8Array) => chunks.push(bytes));
    assert.ok(backlog.empty);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    assert.deepEqual(lines.map((line) => JSON.parse(line)), expected);
  });

  it('lent records are formatted in the ring, and give their room back as they are done', () => {
    const ring = tools.createRing(4096);
    const writer = new tools.RingWriter(ring);
    const reader = new tools.RingReader(ring);
    for (let i = 0; i < 100; i++) assert.ok(writer.writeReceive(i, 3, i, 0));
    const backlog = new tools.Backlog();
    backlog.addRuns(2, reader.lend(), reader);
    assert.equal(backlog.bytes, 0, 'nothing copied');
    const full = reader.fill;
    assert.ok(full > 0.5, `fill ${full}`);
    // Formatting gives the room back: none before, all after.
    const chunks: Uint8Array[] = [];
    backlog.format((bytes: Uint8Array) => chunks.push(bytes));
    assert.equal(reader.fill, 0);
    const seqs = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((line) => { const e = JSON.parse(line); return `${e.channel}:${e.seq}`; });
    assert.deepEqual(seqs, Array.from({ length: 100 }, (_, i) => `3:${i}`));
  });

  it('copying lent records frees the ring at once, and what was copied survives the ring being written over', () => {
    const ring = tools.createRing(4096);
    const writer = new tools.RingWriter(ring);
    writer.retryMs = 0;
    const reader = new tools.RingReader(ring);
    const backlog = new tools.Backlog();
    for (let i = 0; i < 100; i++) assert.ok(writer.writeReceive(i, 3, i, 0));
    backlog.addRuns(2, reader.lend(), reader);
    // Lent and not formatted: the ring has no room for as many again; the rest are held.
    for (let i = 100; i < 200; i++) assert.ok(writer.writeReceive(i, 3, i, 0));
    assert.equal(writer.flushHeld(), false, 'all 100 more fit');
    assert.equal(reader.takeDropped(), 0);
    backlog.addRuns(2, reader.lend(), reader);
    backlog.copyLent(reader);
    assert.equal(reader.fill, 0);
    assert.ok(backlog.bytes > 0);
    // Room again: the held records go in, and are copied out in their turn.
    assert.equal(writer.flushHeld(), true);
    backlog.addRuns(2, reader.lend(), reader);
    backlog.copyLent(reader);
    // The ring is written over; the copies still format as the first records.
    for (let i = 0; i < 100; i++) assert.ok(writer.writeReceive(-1, 9, i, 0));
    const chunks: Uint8Array[] = [];
    backlog.format((bytes: Uint8Array) => chunks.push(bytes));
    const seqs = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((line) => { const e = JSON.parse(line); return `${e.channel}:${e.seq}`; });
    assert.deepEqual(seqs, Array.from({ length: 200 }, (_, i) => `3:${i}`));
    assert.equal(backlog.bytes, 0);
  });

  it('the collector formats for 0.5% of a busy interval, 80% of an idle one, and counts a late timer as busy', () => {
    const budget = tools.formattingBudgetMs as (elapsed: number, utilization: number, intervalMs: number) => number;
    assert.equal(budget(50, 1, 50), 0.25);
    assert.equal(budget(50, 0, 50), 40);
    assert.ok(Math.abs(budget(50, 0.5, 50) - 20.125) < 1e-9);
    // 400 ms in which the timer could not fire: a synchronous run, so busy, and only one
    // interval's share, whatever idle time the utilization averages in.
    assert.equal(budget(400, 0.1, 50), 0.25);
    assert.equal(budget(90, 0, 50), 40);
    assert.equal(budget(50, Number.NaN, 50), 0.25);
  });

  it('a timed drain stops within about twenty records of its deadline, and the rest follows in order', () => {
    const ring = tools.createRing(1 << 20);
    const writer = new tools.RingWriter(ring);
    const reader = new tools.RingReader(ring);
    for (let i = 0; i < 5000; i++) assert.ok(writer.writeSend(i + 0.5, 3, i, 20, 0, 0, 1, -1));
    const backlog = new tools.Backlog();
    backlog.addRuns(0, reader.lend(), reader);
    const chunks: Uint8Array[] = [];
    // A deadline already past: one look at the clock, then the drain returns.
    backlog.format((bytes: Uint8Array) => chunks.push(bytes), performance.now());
    const early = Buffer.concat(chunks).toString('utf8').split('\n').length - 1;
    assert.ok(early > 0 && early <= 40, `${early} records formatted past the deadline`);
    backlog.format((bytes: Uint8Array) => chunks.push(bytes));
    const seqs = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((line) => JSON.parse(line).seq as number);
    assert.deepEqual(seqs, Array.from({ length: 5000 }, (_, i) => i));
  });

  it('a full ring holds records, in order, until it has room; past its bound it drops them and counts them; it never overwrites', () => {
    const ring = tools.createRing(256);
    const writer = new tools.RingWriter(ring, { maxHeldWords: 60 });
    writer.retryMs = 0;
    const reader = new tools.RingReader(ring);
    for (let i = 0; i < 100; i++) writer.writeReceive(i, 1, i, 0);
    const format = (): number[] => {
      const backlog = new tools.Backlog();
      backlog.addRuns(0, reader.lend() ?? [], reader);
      const chunks: Uint8Array[] = [];
      backlog.format((bytes: Uint8Array) => chunks.push(bytes));
      const text = Buffer.concat(chunks).toString('utf8').trim();
      return text ? text.split('\n').map((line) => Number(JSON.parse(line).seq)) : [];
    };
    const inRing = format();
    assert.ok(inRing.length > 0 && inRing.length < 90, `${inRing.length} in the ring`);
    assert.deepEqual(inRing, Array.from({ length: inRing.length }, (_, i) => i), 'the first records are in the ring, in order');
    // The next 10 (60 words) were held; the rest dropped and counted.
    assert.equal(reader.takeDropped(), 100 - inRing.length - 10);
    // The reader takes what goes in (a wrap may leave the tail unused: more than one turn).
    const then: number[] = [];
    for (let turn = 0; turn < 3 && then.length < 10; turn++) {
      writer.flushHeld();
      then.push(...format());
    }
    assert.deepEqual(then, Array.from({ length: 10 }, (_, i) => inRing.length + i), 'then the held ones, in order');
    assert.equal(writer.flushHeld(), true);
  });
});
