// The one list of names an isolate has without defining them, held against real worker threads
// on the Node that runs the tests: what a worker's globalThis has, what Node's module wrapper
// binds, and what an isolate's entry function finds in scope.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Module from 'node:module';
import { Isolate } from 'isoscope';
import {
  NODE_GLOBALS, LATER_NODE_GLOBALS, MODULE_SCOPE_NAMES, RUNTIME_API_NAMES, INJECTED_NAMES, isIsolateGlobal,
} from '../../../src/protocol/isolateGlobals';

const nodeMajor = Number(process.versions.node.split('.')[0]);

/** Object.getOwnPropertyNames(globalThis) in a worker started from a file, as an isolate's is. */
async function workerGlobals(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-globals-'));
  const file = join(dir, 'worker.cjs');
  writeFileSync(file, "require('node:worker_threads').parentPort.postMessage(Object.getOwnPropertyNames(globalThis));\n");
  try {
    const worker = new Worker(file);
    const [names] = await Promise.all([
      new Promise<string[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
      new Promise((resolve) => worker.once('exit', resolve)),
    ]);
    return names;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('protocol: the names an isolate has (isolateGlobals)', function () {
  this.timeout(20_000);

  it("is a worker thread's globalThis on this Node, and Node's later globals only where they are later", async () => {
    const names = await workerGlobals();
    const missing = names.filter((name) => !isIsolateGlobal(name));
    assert.deepEqual(missing, [], 'every global of a worker is in the list');
    // On Node 20 the list's own part is exactly the worker's globals, in any order.
    if (nodeMajor === 20) assert.deepEqual([...NODE_GLOBALS].sort(), [...names].sort());
    // The deliberate difference: globals of later Node versions (the package supports them).
    // Each is absent here only if this Node is older than the version that brought it.
    for (const [name, since] of Object.entries(LATER_NODE_GLOBALS)) {
      if (!names.includes(name)) assert.ok(nodeMajor < since, `${name} is said to be a global since Node ${since}, but a worker on Node ${nodeMajor} does not have it`);
    }
    for (const name of NODE_GLOBALS) assert.ok(names.includes(name), `${name} is in NODE_GLOBALS but not a global of a worker on Node ${nodeMajor}`);
  });

  it("holds Node's module-scope names: the parameters of its CommonJS wrapper", () => {
    const wrapper = (Module as unknown as { wrapper: string[] }).wrapper[0]!;
    const params = /\(function \(([^)]*)\)/.exec(wrapper)![1]!.split(',').map((name) => name.trim());
    assert.deepEqual([...MODULE_SCOPE_NAMES].sort(), params.sort());
    for (const name of params) assert.ok(isIsolateGlobal(name), name);
  });

  it("holds what an isolate's entry function finds in scope: the module names, the runtime's API, the compilers' names", async () => {
    // Written as source (this test is bundled, and a bundler renames require and module).
    const probe = new Function(`return { ${INJECTED_NAMES.map((name) => `${name}: typeof ${name}`).join(', ')} };`) as () => Record<string, string>;
    const seen = await Isolate.run(probe);
    for (const name of [...MODULE_SCOPE_NAMES, ...RUNTIME_API_NAMES, ...INJECTED_NAMES]) assert.notEqual(seen[name], 'undefined', `${name} inside an isolate`);
  });

  it("the runtime refuses, at the call, a global of this thread that an isolate does not have (mocha's describe)", async () => {
    assert.equal(typeof (globalThis as { describe?: unknown }).describe, 'function');
    assert.ok(!isIsolateGlobal('describe'));
    await assert.rejects(Isolate.run(new Function('return typeof describe') as () => string), /`describe`/);
  });
});
