// No event is lost however an isolate or the program ends: each case runs in its own
// process with ISOSCOPE_TRACE and reads the file back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from 'isoscope';
import { assertPaired, fixtures, keepLastTrace, ofType, register, root, runTraced } from './traceHelpers.js';

const lifecycle = join(fixtures, 'lifecycle.mjs');

function childOf(run: ReturnType<typeof runTraced>) {
  const spawn = ofType(run.trace.list, 'spawn')[0]!;
  const id = spawn.isolate;
  const events = run.trace.list.filter((e) => e.isolate === id);
  return { id, spawn, events, sends: ofType(events, 'send'), exit: ofType(run.trace.list, 'exit').find((e) => e.isolate === id) };
}

/** The main isolate's exit, which must be the last event of the trace: a reader takes the
 * program's end for the last of its events (the findings engine decides then what it held
 * back for threads' late events). */
function mainExit(run: ReturnType<typeof runTraced>) {
  const main = ofType(run.trace.list, 'exit').find((e) => e.isolate === 0)!;
  assert.equal(run.trace.list.at(-1), main, `main's exit is the last event, not ${JSON.stringify(run.trace.list.at(-1))}`);
  return main;
}

describe('tracing: no event is lost', function () {
  this.timeout(60_000);

  // These failures may depend on timing: keep the trace of one that fails, to look at.
  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    const kept = keepLastTrace(`noLoss ${this.currentTest.title}`);
    if (!kept) return;
    // CI shows only what the run printed: its first lines too.
    const lines = readFileSync(kept, 'utf8').split('\n');
    console.log(`      the trace is kept in ${kept}; its first lines:\n${lines.slice(0, 60).join('\n')}${lines.length > 60 ? `\n… ${lines.length - 60} more lines` : ''}`);
  });

  for (const [how, reason] of [['return', 'returned'], ['exit', 'exited'], ['crash', 'error']] as const) {
    it(`when an isolate ${how === 'return' ? 'returns' : how === 'exit' ? 'calls Isolate.exit' : 'crashes'}`, () => {
      const run = runTraced([lifecycle, how]);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.trace.problems, []);
      const child = childOf(run);
      assert.equal(child.sends.length, 5);
      assert.equal(child.exit?.reason, reason);
      assert.ok(ofType(child.events, 'running').length === 1);
      assert.ok(ofType(child.events, 'heap').length >= 2, 'a sample at start and one before exit');
      assert.equal(assertPaired(run.trace.list).pairs, ofType(run.trace.list, 'receive').length);
      if (how === 'crash') assert.match(child.exit!.error!.message, /crash on purpose/);
      // The main isolate's end is recorded too, last.
      assert.equal(mainExit(run).reason, 'returned');
    });
  }

  it('when an isolate is killed with immediate priority in the middle of a send loop', () => {
    const run = runTraced([lifecycle, 'kill']);
    assert.equal(run.status, 0, run.stderr);
    const child = childOf(run);
    const received = JSON.parse(run.stdout).received as number;
    assert.ok(received >= 200);
    assert.equal(child.exit?.reason, 'killed');
    assert.equal(ofType(run.trace.list, 'kill')[0]?.priority, 'immediate');
    // Every message main received has its send, recorded by a thread that was terminated
    // in a loop it never left.
    const { pairs } = assertPaired(run.trace.list);
    assert.ok(pairs >= received);
    assert.ok(child.sends.length >= received);
    mainExit(run);
  });

  /** floodWhileBlocked.cjs: a worker sends `messages` while the main thread is blocked, then
   * ends by itself or is terminated. */
  function flood(how: 'end' | 'terminate', messages: number) {
    const run = runTraced([join(fixtures, 'floodWhileBlocked.cjs'), String(messages), how], { NODE_OPTIONS: `--require ${register}` });
    assert.equal(run.status, 0, run.stderr);
    const worker = ofType(run.trace.list, 'spawn')[0]!.isolate;
    const dropped = ofType(run.trace.list, 'dropped').filter((event) => event.isolate === worker).reduce((sum, event) => sum + event.count, 0);
    return { run, worker, sends: ofType(run.trace.list, 'send').filter((send) => send.isolate === worker).length, dropped };
  }

  it('when a worker sends more than its ring holds while the main thread is blocked: it holds the rest and they go in as the ring gets room', () => {
    const { run, worker, sends, dropped } = flood('end', 60_000);
    assert.equal(dropped, 0);
    assert.equal(sends, 60_000);
    assert.equal(ofType(run.trace.list, 'exit').find((e) => e.isolate === worker)?.reason, 'returned');
    mainExit(run);
  });

  it('when such a worker is terminated while it holds records: the trace counts them as dropped', () => {
    const { run, sends, dropped } = flood('terminate', 60_000);
    // The ring (1 MB) holds some 30,000 sends: the rest were held when the worker was ended.
    assert.ok(sends < 60_000 && dropped > 0, `${sends} sends recorded, ${dropped} dropped`);
    assert.equal(sends + dropped, 60_000);
    mainExit(run);
  });

  it('when an isolate on a thread started before the trace ends holding records (its main thread blocked meanwhile): they go in at its exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-flood-'));
    try {
      const file = join(dir, 'trace.isotrace');
      const run = spawnSync(process.execPath, [join(fixtures, 'isolateFloodWhileBlocked.mjs'), '60000', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      const { list } = parseTrace(readFileSync(file));
      const flooder = ofType(list, 'spawn')[0]!.isolate;
      assert.deepEqual(ofType(list, 'dropped'), []);
      assert.equal(ofType(list, 'send').filter((send) => send.isolate === flooder).length, 60_000);
      assert.equal(ofType(list, 'exit').find((e) => e.isolate === flooder)?.reason, 'returned');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the program ends by an uncaught exception', () => {
    const run = runTraced([lifecycle, 'mainThrows']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /main fails on purpose/);
    const main = mainExit(run);
    assert.equal(main.reason, 'error');
    assert.match(main.error!.message, /main fails on purpose/);
    assert.equal(childOf(run).sends.length, 5);
    assertPaired(run.trace.list);
  });

  it('when the program calls process.exit', () => {
    const run = runTraced([lifecycle, 'mainExits']);
    assert.equal(run.status, 3);
    // The isolate's sends, just before, are still in its ring then: they come before the exit.
    const main = mainExit(run);
    assert.equal(main.reason, 'exited');
    assert.equal(main.code, 3);
    assert.equal(childOf(run).sends.length, 5);
  });
});

describe('tracing: one clock for every thread', function () {
  this.timeout(60_000);

  it('no receive comes before its send, across thousands of messages between 4 isolates', () => {
    const run = runTraced([join(fixtures, 'manyIsolates.mjs'), '1000']);
    assert.equal(run.status, 0, run.stderr);
    const { pairs } = assertPaired(run.trace.list);
    assert.ok(pairs >= 4000, `${pairs} pairs`);
    const isolates = new Set(ofType(run.trace.list, 'receive').map((e) => e.isolate));
    assert.ok(isolates.size >= 4);
  });
});
