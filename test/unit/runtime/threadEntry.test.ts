import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Isolate, ReceivePort, type SendPort } from 'isoscope';
import { sleep } from '../helpers.js';

/** How the isolate's thread loaded the runtime (worker/threadEntry.ts's report). */
async function spawnAndReport(): Promise<string> {
  const port = new ReceivePort();
  const exit = new ReceivePort();
  await Isolate.spawn((p: SendPort) => p.send((require.main?.exports as { report?: { codeCache: string } } | undefined)?.report?.codeCache ?? 'no report'), port.sendPort, { onExit: exit.sendPort });
  const report = (await port.first()) as string;
  await exit.first();
  return report;
}

describe("an isolate's thread", () => {
  it('loads the runtime from the code cache an earlier isolate made', async () => {
    const seen: string[] = [];
    // The first isolate of the process makes the cache; it arrives once that one has started.
    for (let i = 0; i < 10 && seen.at(-1) !== 'accepted'; i++) {
      seen.push(await spawnAndReport());
      await sleep(20);
    }
    assert.equal(seen.at(-1), 'accepted', `reports: ${seen.join(', ')}`);
    assert.equal(await spawnAndReport(), 'accepted');
  });

  it('leaves no code cache in the boot data the isolate keeps', async () => {
    await spawnAndReport(); // the cache exists once an isolate has made it (the test above)
    const port = new ReceivePort();
    await Isolate.spawn((p: SendPort) => {
      const data = require('node:worker_threads').workerData as { m?: Record<string, unknown> } & Record<string, unknown>;
      const boot = data.m ?? data;
      p.send([boot['mark'], 'codeCache' in boot, 'codeCacheReply' in boot]);
    }, port.sendPort);
    assert.deepEqual(await port.first(), ['isoscope-isolate/1', false, false]);
  });

  it("gives require('isoscope') inside the isolate the runtime it runs on", async () => {
    const port = new ReceivePort();
    await Isolate.spawn((p: SendPort) => {
      const required = require('isoscope') as { Isolate: typeof Isolate; ReceivePort: typeof ReceivePort };
      const inbox = new required.ReceivePort();
      p.send([required.Isolate === Isolate, required.Isolate.current.id === Isolate.current.id, inbox.sendPort.isolateId === Isolate.current.id]);
      inbox.close();
    }, port.sendPort);
    assert.deepEqual(await port.first(), [true, true, true]);
  });

  it('starts without loading node:module (it brings the ES module loader along) or node:os (only a pool needs it)', async () => {
    const port = new ReceivePort();
    await Isolate.spawn((p: SendPort) => p.send((process as unknown as { moduleLoadList: string[] }).moduleLoadList), port.sendPort);
    const loaded = (await port.first()) as string[];
    assert.ok(loaded.includes('NativeModule worker_threads'), 'the list of loaded modules is readable');
    assert.ok(!loaded.includes('NativeModule module'), 'node:module was loaded');
    assert.ok(!loaded.includes('NativeModule os'), 'node:os was loaded');
  });

  it('loads the runtime from the code cache with source maps on, and without', async () => {
    for (const nodeArgs of [['--enable-source-maps'], []]) {
      // Every isolate on a thread of its own: a spare started while the cache was being made
      // would have compiled without it.
      const reports = await spawnReports(nodeArgs, 3, { ISOSCOPE_SPARE_THREADS: '0' });
      assert.equal(reports[0], 'none', `${nodeArgs.join(' ')} reports: ${reports.join(', ')}`);
      assert.equal(reports.at(-1), 'accepted', `${nodeArgs.join(' ')} reports: ${reports.join(', ')}`);
    }
  });

  it('a first isolate that never yields does not keep the cache from later ones', async () => {
    const reports = await spawnReports([], 3, { ISOSCOPE_SPARE_THREADS: '0' }, ['busy-first']);
    assert.deepEqual(reports.slice(1), ['accepted', 'accepted'], `reports: ${reports.join(', ')}`);
  });

  it('does not use a cache made from another source of the bundle (rebuilt while the program runs, to the same length)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-test-'));
    try {
      cpSync(fileURLToPath(new URL('../../../../dist', import.meta.url)), join(dir, 'dist'), { recursive: true });
      const program = fileURLToPath(new URL('../../fixtures/staleCodeCache.cjs', import.meta.url));
      const lines = await new Promise<string[]>((resolve, reject) => {
        execFile(process.execPath, [program, dir], { timeout: 30_000, env: { ...process.env, ISOSCOPE_SPARE_THREADS: '0' } }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim().split('\n'))));
      });
      assert.deepEqual(lines, ['accepted an answer', 'rejected an answer']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('under the preload (which loads the tracer core first) the runtime still comes from the code cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-test-'));
    try {
      const reports = await spawnReports(['--require', fileURLToPath(new URL('../../../../dist/register.cjs', import.meta.url))], 4, { ISOSCOPE_TRACE: join(dir, 'trace.isotrace'), ISOSCOPE_SPARE_THREADS: '0' });
      assert.equal(reports.at(-1), 'accepted', `reports: ${reports.join(', ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs test/fixtures/spawnReports.mjs in a new process: how each of `count` isolates loaded the runtime. */
function spawnReports(nodeArgs: string[], count: number, env: Record<string, string> = {}, fixtureArgs: string[] = []): Promise<string[]> {
  const file = fileURLToPath(new URL('../../fixtures/spawnReports.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeArgs, file, String(count), ...fixtureArgs], { timeout: 30_000, env: { ...process.env, ...env } }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim().split('\n'))));
  });
}
