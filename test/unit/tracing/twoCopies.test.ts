// Two copies of isoscope in one program: one copy's preload (the VS Code extension's, say)
// and the copy the program imports from its node_modules. A thread has one tracer core: the
// second copy joins the first, so the trace has one header, one recorder per thread and
// every isolate's spawn. A copy whose tracer contract differs records nothing, says why once,
// and the program runs as it would untraced.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTrace } from 'isoscope';
import { assertPaired, idOf, cli, fixtures, ofType, root } from './traceHelpers.js';

/** A copy of the built package (package.json and dist/) at `dir`. */
function installCopy(dir: string): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
}

describe('tracing: two copies of isoscope in one program', function () {
  this.timeout(60_000);
  let dir: string;
  let app: string;
  let extension: string;

  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'isoscope-copies-')));
    app = join(dir, 'app');
    extension = join(dir, 'extension');
    installCopy(join(app, 'node_modules', 'isoscope'));
    installCopy(extension);
    copyFileSync(join(fixtures, 'twoCopiesApp.mjs'), join(app, 'main.mjs'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function run(preload: string, trace: string) {
    const env = { ...process.env, NODE_OPTIONS: `--require ${preload}`, ISOSCOPE_TRACE: trace };
    const result = spawnSync(process.execPath, ['main.mjs'], { cwd: app, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    return { ...result, out: JSON.parse(result.stdout) as { received: number; answer: number; hi: string; tracer?: string; runtime: string } };
  }

  it("the program's copy joins the preload's: one header, every isolate spawned, every message paired", () => {
    const file = join(dir, 'joined.isotrace');
    const { out, stderr } = run(join(extension, 'dist', 'register.cjs'), file);
    // Two copies were loaded, and the preload's core is the one that records.
    assert.equal(out.runtime, pathToFileURL(join(app, 'node_modules', 'isoscope', 'dist', 'index.mjs')).href);
    assert.equal(out.tracer, join(extension, 'dist', 'tracing.cjs'));
    assert.deepEqual([out.received, out.answer, out.hi], [60, 42, 'hi']);
    assert.doesNotMatch(stderr, /isoscope:/);
    const text = readFileSync(file, 'utf8');
    assert.equal(text.split('\n').filter((line) => line.includes('"format":"isotrace"')).length, 1, 'one header');
    const trace = parseTrace(text);
    assert.deepEqual(trace.problems, []);
    assert.deepEqual(ofType(trace.list, 'spawn').map((s) => `${s.kind} ${s.debugName}`).sort(), ['function w1', 'function w2', 'function w3', 'run run', 'worker plain']);
    assertPaired(trace.list);
    // Each isolate's 20 messages reached main, and one recorder per thread saw each once.
    const sends = new Map(ofType(trace.list, 'send').map((s) => [idOf(s), s]));
    const intoMain = ofType(trace.list, 'receive').filter((r) => r.isolate === 0 && (sends.get(idOf(r))?.isolate ?? 0) !== 0);
    assert.equal(intoMain.length, 60 + 1 + 1, 'the isolates’ 60, the run result and the worker’s hi');
  });

  it('isoscope record of a program that imports its own copy: one trace, the right summary, no warning', () => {
    const out = join(dir, 'recorded.isotrace');
    const recorded = spawnSync(process.execPath, [cli, 'record', '-o', out, '--', process.execPath, 'main.mjs'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.doesNotMatch(recorded.stderr, /isoscope: (two copies|the preload|cannot)/);
    assert.match(recorded.stderr, /total \(6\)/, 'main, three isolates, the run and the worker');
    const summary = JSON.parse(spawnSync(process.execPath, [cli, 'summary', out, '--json'], { encoding: 'utf8' }).stdout) as { isolates: { debugName: string; messagesSent: number }[] };
    assert.deepEqual(summary.isolates.filter((i) => /^w\d$/.test(i.debugName)).map((i) => i.messagesSent), [20, 20, 20]);
  });

  it('beside an incompatible tracer the program runs untraced, and says so once', () => {
    const file = join(dir, 'incompatible.isotrace');
    const { out, stderr } = run(join(fixtures, 'incompatibleTracer.cjs'), file);
    assert.deepEqual([out.received, out.answer, out.hi], [60, 42, 'hi']);
    const warnings = stderr.split('\n').filter((line) => line.startsWith('isoscope:'));
    assert.equal(warnings.length, 1, stderr);
    assert.match(warnings[0]!, /two copies of isoscope cannot share one trace: 0\.0\.0-other .*incompatibleTracer\.cjs.* records nothing/);
    assert.equal(existsSync(file), false, 'no second trace was started');
  });
});
