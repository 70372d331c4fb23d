// The Isolates view's table (src/protocol/isolateTable.ts): isolates nested by who spawned
// them, their state through pause, resume and exit, their last heap sample and messages in
// and out, one main per process, and what a process that ended its stream leaves.
import assert from 'node:assert/strict';
import { IsolateTable } from '../../../src/protocol/isolateTable';
import type { TraceEvent } from '../../../src/protocol/traceEvents';
import { micros } from '../../../src/protocol/time';

const PID = 100;
const feed = (table: IsolateTable, events: TraceEvent[]): void => {
  table.header({ pid: PID });
  for (const event of events) table.add(event, PID);
};
const summary = (table: IsolateTable) => table.list().map((r) => [r.pid, r.id, r.parent, r.debugName, r.kind, r.state]);

describe('protocol: the isolate table', () => {
  it('follows each isolate from spawn to exit, nested under its parent', () => {
    const table = new IsolateTable();
    feed(table, [
      { type: 'spawn', t: micros(1), isolate: 1, parent: micros(0), debugName: 'outer', kind: 'function', entry: 'outer', location: { url: 'file:///a.mjs', line: 3, column: 7 } },
      { type: 'running', t: micros(2), isolate: 1 },
      { type: 'spawn', t: micros(3), isolate: 2, parent: micros(1), debugName: 'inner', kind: 'run', entry: 'inner' },
      { type: 'running', t: micros(4), isolate: 2 },
      { type: 'paused', t: micros(5), isolate: 2, by: 'editor' },
      { type: 'send', t: micros(6), isolate: 1, channel: 1, seq: 1, bytes: 10, transferred: 0 },
      { type: 'receive', t: micros(7), isolate: 0, channel: 1, seq: 1 },
      { type: 'heap', t: micros(8), isolate: 1, used: 2048, total: 4096, external: 0, elu: 0.5 },
    ]);
    assert.deepEqual(summary(table), [
      [PID, 0, undefined, 'main', 'main', 'running'],
      [PID, 1, 0, 'outer', 'function', 'running'],
      [PID, 2, 1, 'inner', 'run', 'paused'],
    ]);
    assert.deepEqual([table.get(PID, 1)!.sent, table.get(PID, 0)!.received, table.get(PID, 1)!.heapUsed], [1, 1, 2048]);
    assert.deepEqual(table.get(PID, 1)!.location, { url: 'file:///a.mjs', line: 3, column: 7 });
    const before = table.version;
    table.add({ type: 'resumed', t: micros(9), isolate: 2 }, PID);
    table.add({ type: 'exit', t: micros(10), isolate: 2, reason: 'error', error: { message: 'boom\nat x' } }, PID);
    table.add({ type: 'exit', t: micros(11), isolate: 1, reason: 'killed' }, PID);
    table.add({ type: 'resumed', t: micros(12), isolate: 1 }, PID);
    assert.ok(table.version > before);
    assert.deepEqual([table.get(PID, 2)!.state, table.get(PID, 2)!.error, table.get(PID, 1)!.state], ['crashed', 'boom', 'killed'], 'an ended isolate stays ended');
  });

  it('keeps processes apart, and ends what a process still ran when its stream ends', () => {
    const table = new IsolateTable();
    feed(table, [
      { type: 'spawn', t: micros(1), isolate: 1, parent: micros(0), debugName: 'w', kind: 'worker', entry: 'w.js' },
      { type: 'process', t: micros(2), isolate: 0, pid: 200, argv: ['node', 'child.js'] },
      { type: 'spawn', t: micros(3), isolate: 1, parent: micros(0), debugName: 'child worker', kind: 'worker', entry: 'c.js', pid: 200 },
      { type: 'exit', t: micros(4), isolate: 1, reason: 'returned', pid: 200 },
    ]);
    assert.deepEqual(summary(table), [
      [PID, 0, undefined, 'main', 'main', 'running'],
      [PID, 1, 0, 'w', 'worker', 'starting'],
      [200, 0, undefined, 'main', 'main', 'running'],
      [200, 1, 0, 'child worker', 'worker', 'returned'],
    ]);
    const version = table.version;
    table.processEnded(PID);
    assert.deepEqual([table.get(PID, 0)!.state, table.get(PID, 1)!.state, table.get(200, 1)!.state], ['exited', 'killed', 'returned']);
    assert.ok(table.version > version);
    const after = table.version;
    table.processEnded(PID);
    assert.equal(table.version, after, 'nothing new: no redraw');
  });

  it('nests an isolate whose spawn comes after its first events, keeps who paused it, and ends a trace file as its programs did', () => {
    const table = new IsolateTable();
    feed(table, [
      { type: 'running', t: micros(1), isolate: 2 },
      { type: 'spawn', t: micros(2), isolate: 1, parent: 0, debugName: 'outer', kind: 'function', entry: 'outer' },
      { type: 'spawn', t: micros(3), isolate: 2, parent: 1, debugName: 'inner', kind: 'function', entry: 'inner' },
      { type: 'paused', t: micros(4), isolate: 1, by: 'editor' },
      { type: 'paused', t: micros(5), isolate: 2 },
    ]);
    const main = table.get(PID, 0)!;
    assert.deepEqual(table.children(main).map((r) => r.debugName), ['outer']);
    assert.deepEqual(table.children(table.get(PID, 1)!).map((r) => r.debugName), ['inner'], 'adopted once its spawn came');
    assert.deepEqual([table.get(PID, 1)!.pausedBy, table.get(PID, 2)!.pausedBy], ['editor', 'program']);
    table.add({ type: 'resumed', t: micros(6), isolate: 1, by: 'editor' }, PID);
    assert.equal(table.get(PID, 1)!.pausedBy, undefined);
    assert.equal(table.processCount, 1);
    assert.equal(table.firstPid, PID);

    table.traceEnded();
    assert.equal(table.get(PID, 1)!.state, 'running', 'a trace that ends before its program did: still running when written');
    table.add({ type: 'exit', t: micros(7), isolate: 0, reason: 'returned' }, PID);
    table.traceEnded();
    assert.deepEqual([table.get(PID, 1)!.state, table.get(PID, 2)!.state], ['killed', 'killed'], 'the program ended: what still ran went with it');
  });
});
