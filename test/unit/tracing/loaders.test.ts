// Programs run through a module loader (tsx, ts-node/esm, any `module.register()` hooks):
// Node starts a module-hooks thread of its own and runs NODE_OPTIONS preloads in it too. The
// preload must leave that thread and its ports alone; once it wrapped them, and the program
// hung at its first import.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTrace } from 'isoscope';
import { assertPaired, cli, fixtures, ofType, register, root, runTraced } from './traceHelpers.js';

const hooks = pathToFileURL(join(fixtures, 'passThroughHooks.mjs')).href;
const registerHooks = join(fixtures, 'registerHooks.mjs');
const tsx = join(root, 'node_modules/.bin/tsx');
/** A hung program fails its test in this time instead of the suite's. */
const HANG_MS = 30_000;

function assertRawWorkersTraced(run: ReturnType<typeof runTraced>): void {
  assert.equal(run.status, 0, `exit ${run.status} (null: killed after ${HANG_MS} ms, hung)\n${run.stderr}`);
  assert.match(run.stdout, /"polled":"polled"/);
  assert.deepEqual(run.trace.problems, []);
  assert.deepEqual(ofType(run.trace.list, 'spawn').map((s) => s.debugName).sort(), ['a', 'b', 'c']);
  const { pairs } = assertPaired(run.trace.list);
  assert.ok(pairs >= 21, `${pairs} messages paired`);
}

describe('tracing: programs run through module loaders', function () {
  this.timeout(HANG_MS + 30_000);

  it('the preload traces a program whose loader calls module.register() (tsx, ts-node/esm do)', () => {
    const run = runTraced([join(fixtures, 'rawWorkers.cjs')], { NODE_OPTIONS: `--require ${register} --import ${registerHooks}` }, HANG_MS);
    assertRawWorkersTraced(run);
  });

  it('the preload traces a program started with --experimental-loader', () => {
    const run = runTraced(['--no-warnings', '--experimental-loader', hooks, join(fixtures, 'rawWorkers.cjs')], { NODE_OPTIONS: `--require ${register}` }, HANG_MS);
    assertRawWorkersTraced(run);
  });

  it('isoscope record -- tsx app.ts: a TypeScript program with an isolate and a worker, traced', () => {
    // A project of its own, with isoscope installed (this package, linked): inside this
    // repository tsx would follow tsconfig.json's paths to the runtime's TypeScript source.
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-tsx-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(root, join(dir, 'node_modules', 'isoscope'), 'dir');
      copyFileSync(join(fixtures, 'tsProgram.mts'), join(dir, 'app.mts'));
      const out = join(dir, 'tsx.isotrace');
      const env = { ...process.env, npm_config_update_notifier: 'false' };
      const recorded = spawnSync(process.execPath, [cli, 'record', '-o', out, '--', tsx, 'app.mts'], { cwd: dir, env, encoding: 'utf8', timeout: HANG_MS });
      assert.equal(recorded.status, 0, `exit ${recorded.status} (null: killed after ${HANG_MS} ms, hung)\n${recorded.stderr}`);
      assert.equal(recorded.stdout.trim(), '144 hello from a worker');
      const trace = parseTrace(spawnSync('cat', [out]).stdout);
      assert.deepEqual(trace.problems, []);
      const spawns = ofType(trace.list, 'spawn');
      assert.deepEqual(spawns.map((s) => `${s.kind} ${s.debugName}`).sort(), ['function squarer', 'worker greeter']);
      assert.ok(ofType(trace.list, 'exit').some((e) => e.isolate === spawns.find((s) => s.debugName === 'squarer')!.isolate));
      // The square's reply and the greeting, each sent and received.
      assert.ok(assertPaired(trace.list).pairs >= 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
