// A program of several processes, recorded as one trace: `isoscope record` keeps every
// process that started isolates or workers or talks to another over IPC, on one clock, with
// each IPC message recorded as a message between the two processes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace, type ParsedTrace } from 'isoscope';
import { assertPaired, cli, fixtures, idOf, ofType, root } from './traceHelpers.js';

function record(dir: string, program: string): { stdout: string; stderr: string; file: string; trace: ParsedTrace } {
  const file = join(dir, `${program}.isotrace`);
  const result = spawnSync(process.execPath, [cli, 'record', '-o', file, '--', process.execPath, join(fixtures, program)], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return { stdout: result.stdout, stderr: result.stderr, file, trace: parseTrace(readFileSync(file)) };
}

describe('tracing: programs of several processes', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'isoscope-processes-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('record of a program that forks: one trace of the processes that did something parallel, IPC messages paired across them', () => {
    const { stdout, stderr, file, trace } = record(dir, 'forks.cjs');
    assert.deepEqual(JSON.parse(stdout), { got: [2, 4, 6] });
    assert.deepEqual(trace.problems, []);
    const parent = trace.header!.pid;
    const processes = ofType(trace.list, 'process');
    // The doubler (IPC) and the child with a worker thread; not the `node -e 0` that did neither.
    assert.deepEqual(processes.map((p) => p.argv.slice(2).join(' ')).sort(), ['doubler', 'threads']);
    for (const p of processes) assert.equal(p.ppid, parent);
    assert.match(stderr, new RegExp(`trace of 3 processes \\(pids ${parent}, `));
    const doubler = processes.find((p) => p.argv.includes('doubler'))!.pid;
    const threads = processes.find((p) => p.argv.includes('threads'))!.pid;
    // Every event of a child names it; the parent's name none.
    assert.ok(trace.list.filter((e) => e.type !== 'process').every((e) => e.pid === undefined || e.pid === doubler || e.pid === threads));
    const { pairs } = assertPaired(trace.list);
    assert.equal(pairs, 3 + 3 + 1, 'three numbers there, three back, the worker thread’s message');
    const sends = new Map(ofType(trace.list, 'send').map((s) => [idOf(s), s]));
    const ipc = ofType(trace.list, 'receive').filter((r) => (sends.get(idOf(r))!.pid ?? parent) !== (r.pid ?? parent));
    assert.equal(ipc.length, 6);
    for (const r of ipc) {
      const s = sends.get(idOf(r))!;
      assert.equal(s.toPid, r.pid ?? parent, 'a send names the process it went to');
      assert.equal(s.to, 0);
    }
    assert.deepEqual(ofType(trace.list, 'spawn').map((s) => [s.pid, s.debugName]), [[threads, 'helper']]);
    // summary and export: grouped by process.
    const summary = JSON.parse(spawnSync(process.execPath, [cli, 'summary', file, '--json'], { encoding: 'utf8' }).stdout);
    assert.deepEqual(summary.processes.map((p: { pid: number; isolates: number }) => [p.pid, p.isolates]), [[parent, 1], [doubler, 1], [threads, 2]]);
    assert.deepEqual(summary.isolates.map((i: { pid: number; debugName: string }) => `${i.pid} ${i.debugName}`), [`${parent} main`, `${doubler} main`, `${threads} main`, `${threads} helper`]);
    const table = spawnSync(process.execPath, [cli, 'summary', file], { encoding: 'utf8' }).stdout;
    assert.match(table, new RegExp(`process ${doubler} \\(node forks\\.cjs doubler\\), started by ${parent}:`));
    const chrome = join(dir, 'forks.json');
    assert.equal(spawnSync(process.execPath, [cli, 'export', '--format', 'chrome', file, '-o', chrome]).status, 0);
    const exported = JSON.parse(readFileSync(chrome, 'utf8')).traceEvents as { ph: string; pid: number; id?: number; name: string }[];
    assert.deepEqual(new Set(exported.filter((e) => e.name === 'process_name').map((e) => e.pid)), new Set([parent, doubler, threads]));
    const flowStarts = new Map(exported.filter((e) => e.ph === 's').map((e) => [e.id, e.pid]));
    assert.equal(exported.filter((e) => e.ph === 'f' && flowStarts.get(e.id) !== e.pid).length, 6, 'an arrow from process to process per IPC message');
  });

  it('a cluster: the workers and the primary, their IPC messages paired, cluster’s own messages left out', () => {
    const { stdout, trace } = record(dir, 'clusterApp.cjs');
    assert.deepEqual(JSON.parse(stdout), { answers: [10, 20] });
    assert.deepEqual(trace.problems, []);
    assert.equal(ofType(trace.list, 'process').length, 2);
    const { pairs } = assertPaired(trace.list);
    // Per worker: 'ready' and its answer up, the job down.
    assert.equal(pairs, 6);
    assert.equal(ofType(trace.list, 'send').length, 6, 'no send for cluster’s internal messages');
  });
});
