// A live session in the extension host (no VS Code needed for this part): real programs
// stream to it, it spools each process's text, and a viewer that attaches at any moment
// (before the program, mid-stream, after it ended) is given exactly what was sent, in
// order, once, and how the session ended.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LiveSession, type DebugPauseMessage, type SessionViewer } from '../../../src/extension/session/liveSession';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = join(root, 'out/test/fixtures/tracing');
const register = join(root, 'dist/register.cjs');

class RecordingViewer implements SessionViewer {
  starts = 0;
  readonly texts = new Map<number, string>();
  readonly pauses: DebugPauseMessage[] = [];
  endedWith: string | undefined;
  start(): void {
    this.starts++;
  }
  async text(pid: number, bytes: Uint8Array): Promise<void> {
    // A slow viewer: the replay waits for each piece, as it waits for a webview.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(bytes.byteOffset, 0);
    assert.equal(bytes.buffer.byteLength, bytes.byteLength, 'each piece has a buffer of its own');
    this.texts.set(pid, (this.texts.get(pid) ?? '') + Buffer.from(bytes).toString('utf8'));
  }
  pause(message: DebugPauseMessage): void {
    this.pauses.push(message);
  }
  ended(reason: string): void {
    this.endedWith = reason;
  }
}

function run(session: LiveSession, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', register, ...args], { env: { ...process.env, ...session.env }, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('extension: a live session', function () {
  this.timeout(60_000);

  it('viewers attached before, during and after the stream each get the spool exactly, then the end', async () => {
    const session = await LiveSession.start('s1', 'ring');
    let firstIsolate = 0;
    session.on('firstIsolate', () => firstIsolate++);
    try {
      const early = new RecordingViewer();
      session.attach(early);
      const program = run(session, [join(fixtures, 'manyIsolates.mjs'), '3000']);
      await until(() => session.events > 2000, 'the stream to start');
      const middle = new RecordingViewer();
      const middleAttached = session.attach(middle);
      assert.equal(await program, 0);
      await until(() => [...session.processes.values()].every((p) => !p.connected), 'the program\'s stream to end');
      session.debugPause({ type: 'debugPause', state: 'paused', pid: session.mainPid!, at: 1, isolates: [0] });
      await session.end('the program exited');
      await middleAttached.done;
      const late = new RecordingViewer();
      await session.attach(late).done;
      const [spooled] = [...session.processes.values()];
      const text = readFileSync(spooled!.path, 'utf8');
      assert.ok(text.split('\n').length > 10_000, 'the ring sent thousands of messages');
      for (const viewer of [early, middle, late]) {
        assert.equal(viewer.starts, 1);
        assert.equal(viewer.texts.get(spooled!.pid), text, 'everything, in order, once');
        assert.equal(viewer.endedWith, 'the program exited');
        assert.equal(viewer.pauses.length, 1);
      }
      assert.equal(firstIsolate, 1);
      assert.equal(session.hasIsolates, true);
      assert.equal(session.aliveIsolates, 0);
      assert.equal(session.events, text.split('\n').length - 1);
    } finally {
      await session.dispose();
    }
  });

  it('gets everything a program traced, when it exits in the middle of a burst (what its exit writes is not left to an event loop that runs no more)', async () => {
    const session = await LiveSession.start('s6', 'burst');
    const file = join(mkdtempSync(join(tmpdir(), 'isoscope-burst-')), 'burst.isotrace');
    try {
      // 100,000 echoes keep the main thread busy, so the collector formats little as they
      // happen: most of the trace is written at the exit, to the socket and to a file.
      const program = `
        const { Worker } = require('node:worker_threads');
        const worker = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m))', { eval: true });
        let got = 0;
        worker.on('message', () => { if (++got === 100000) process.exit(0); });
        for (let i = 0; i < 100000; i++) worker.postMessage(i);`;
      const code = await new Promise((resolve) => {
        const child = spawn(process.execPath, ['--require', register, '-e', program], { env: { ...process.env, ...session.env, ISOSCOPE_TRACE: file }, stdio: 'ignore' });
        child.on('exit', resolve);
      });
      assert.equal(code, 0);
      await until(() => session.processes.size === 1 && ![...session.processes.values()][0]!.connected, 'the stream to end');
      const written = readFileSync(file, 'utf8');
      const spooled = readFileSync([...session.processes.values()][0]!.path, 'utf8');
      const lines = (text: string) => text.split('\n').length - 1;
      assert.ok(lines(written) > 100_000, `a trace of hundreds of thousands of events: ${lines(written)} lines (the rings drop some when the machine is busy)`);
      // Event by event, as the file has them (each of its lines from the same drains).
      const types = (text: string) => [...text.matchAll(/^\{"type":"(\w+)"/gm)].reduce((counts, [, type]) => counts.set(type!, (counts.get(type!) ?? 0) + 1), new Map<string, number>());
      assert.deepEqual(types(spooled), types(written), 'the live session got every event the file did');
      assert.equal(lines(spooled), lines(written));
      assert.equal(session.events, lines(written));
    } finally {
      await session.dispose();
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('a viewer disposed mid-replay is given nothing more', async () => {
    const session = await LiveSession.start('s2', 'ring');
    try {
      assert.equal(await run(session, [join(fixtures, 'manyIsolates.mjs'), '500']), 0);
      await until(() => [...session.processes.values()].every((p) => !p.connected), 'the stream to end');
      const viewer = new RecordingViewer();
      const attachment = session.attach(viewer);
      attachment.dispose();
      await attachment.done;
      session.debugPause({ type: 'debugPause', state: 'paused', pid: 1, at: 1 });
      await session.end('stopped by the user');
      assert.equal(viewer.pauses.length, 0);
      assert.equal(viewer.endedWith, undefined);
    } finally {
      await session.dispose();
    }
  });

  it('ending closes the reader and its socket; disposing deletes the spool', async () => {
    const session = await LiveSession.start('s3', 'lifecycle');
    const socket = session.env.ISOSCOPE_SINK;
    assert.equal(await run(session, [join(fixtures, 'lifecycle.mjs'), 'return']), 0);
    await until(() => session.processes.size === 1 && ![...session.processes.values()][0]!.connected, 'the stream to end');
    const spool = [...session.processes.values()][0]!.path;
    await session.end('the program exited');
    assert.equal(existsSync(socket), false);
    assert.equal(existsSync(spool), true, 'kept for Save Trace');
    await session.dispose();
    assert.equal(existsSync(spool), false);
  });

  it('says how the program ended: its exit code, or the uncaught error it died of', async () => {
    const session = await LiveSession.start('s4', 'crash');
    try {
      assert.equal(await run(session, ['-e', "new (require('node:worker_threads').Worker)('1', { eval: true }); setTimeout(() => { throw new Error('boom'); }, 50)"]), 1);
      await until(() => session.processes.size === 1 && ![...session.processes.values()][0]!.connected, 'the stream to end');
      assert.equal(session.programEnd, 'the program crashed: boom');
      const exits = await LiveSession.start('s5', 'exit code');
      try {
        assert.equal(await run(exits, ['-e', "new (require('node:worker_threads').Worker)('1', { eval: true }).on('exit', () => process.exit(3))"]), 3);
        await until(() => exits.processes.size === 1 && ![...exits.processes.values()][0]!.connected, 'the stream to end');
        assert.equal(exits.programEnd, 'the program exited with code 3');
      } finally {
        await exits.dispose();
      }
    } finally {
      await session.dispose();
    }
  });
});
