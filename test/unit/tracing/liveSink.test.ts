// The live sink: a local socket, a per-session token checked before anything is read, a
// frame size limit, and bounded memory when the reader is slow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { trace, type TraceEvent, type TraceHeader } from 'isoscope';
import { fixtures, register, root } from './traceHelpers.js';
import { sleep } from '../helpers.js';

function runProgram(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('tracing: the live sink', function () {
  this.timeout(60_000);

  it('streams a program\'s trace to a reader that holds the session token', async () => {
    const events: TraceEvent[] = [];
    let header: TraceHeader | undefined;
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const server = await trace.listen({ onHeader: (h) => (header = h), onEvent: (e) => events.push(e), onEnd: () => ended() });
    try {
      const run = await runProgram([join(fixtures, 'lifecycle.mjs'), 'return'], server.env);
      assert.equal(run.code, 0, run.stderr);
      await done;
      assert.equal(header?.format, 'isotrace');
      assert.ok(events.some((e) => e.type === 'spawn'));
      assert.equal(events.filter((e) => e.type === 'send' && e.isolate !== 0).length, 5);
      assert.ok(events.some((e) => e.type === 'exit' && e.isolate === 0), 'the main isolate\'s exit made it out before the process ended');
    } finally {
      await server.close();
    }
  });

  it('refuses a program with the wrong token: nothing is read, the program runs on', async () => {
    const events: TraceEvent[] = [];
    const rejected: string[] = [];
    const server = await trace.listen({ onEvent: (e) => events.push(e), onRejected: (r) => rejected.push(r) });
    try {
      const run = await runProgram([join(fixtures, 'lifecycle.mjs'), 'return'], { ...server.env, ISOSCOPE_SINK_TOKEN: 'not-the-token' });
      assert.equal(run.code, 0, run.stderr);
      await sleep(100);
      assert.deepEqual(events, []);
      assert.deepEqual(rejected, ['the first frame did not carry the session token']);
    } finally {
      await server.close();
    }
  });

  it('refuses a frame over the size limit before reading it', async () => {
    const rejected: string[] = [];
    const server = await trace.listen({ onEvent: () => undefined, onRejected: (r) => rejected.push(r) });
    try {
      const socket = connect(server.path);
      await new Promise((resolve) => socket.once('connect', resolve));
      const frame = Buffer.alloc(4);
      frame.writeUInt32BE(64 << 20);
      socket.write(frame);
      await new Promise((resolve) => socket.once('close', resolve));
      assert.match(rejected[0]!, /over the 1048576-byte limit/);
    } finally {
      await server.close();
    }
  });

  it('a slow reader: the oldest lines are dropped, memory stays bounded, a "dropped" event says how many, writes never wait', async () => {
    const events: TraceEvent[] = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const server = await trace.listen({ onEvent: (e) => events.push(e), onEnd: () => ended() });
    try {
      const sink = trace.socketSink({ path: server.path, token: server.token, maxQueuedBytes: 256 * 1024 });
      await sleep(50); // connected
      sink.write(Buffer.from('{"format":"isotrace","version":1,"clock":"us","pid":1,"argv":[],"startTime":"2026-01-01T00:00:00.000Z"}\n'));
      const lines = 200_000;
      const started = performance.now();
      // All written synchronously: the reader, in this same thread, cannot read meanwhile.
      for (let i = 0; i < lines; i += 1000) {
        let chunk = '';
        for (let j = i; j < i + 1000; j++) chunk += `{"type":"send","t":${j},"isolate":0,"msg":"0:${j}","bytes":1,"transferred":0}\n`;
        sink.write(Buffer.from(chunk));
        assert.ok((sink as unknown as { queuedBytes: number }).queuedBytes <= 256 * 1024 + 100_000);
      }
      const took = performance.now() - started;
      sink.close();
      await done;
      const sends = events.filter((e) => e.type === 'send').length;
      const dropped = events.filter((e) => e.type === 'dropped').reduce((n, e) => n + (e as { count: number }).count, 0);
      assert.ok(sink.droppedTotal > 0, 'the reader was too slow for 200,000 lines at once');
      assert.equal(dropped, sink.droppedTotal);
      assert.equal(sends + dropped, lines);
      assert.ok(took < 5000, `writing took ${took.toFixed(0)} ms`);
    } finally {
      await server.close();
    }
  });

  it('keeps a program that connected but could not say hello for 6 s (a debugger held it before its event loop ran)', async function () {
    this.timeout(30_000);
    const events: TraceEvent[] = [];
    const rejected: string[] = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const server = await trace.listen({ onEvent: (e) => events.push(e), onRejected: (r) => rejected.push(r), onEnd: () => ended() });
    try {
      const run = await runProgram(['--require', register, join(fixtures, 'heldAtStart.cjs'), '6000'], server.env);
      assert.equal(run.code, 0, run.stderr);
      await done;
      assert.deepEqual(rejected, []);
      const spawn = events.find((e) => e.type === 'spawn');
      assert.equal(spawn?.type === 'spawn' && spawn.debugName, 'held');
      assert.ok(events.some((e) => e.type === 'send' && e.isolate === spawn!.isolate), 'the worker\'s message after the hold was read');
    } finally {
      await server.close();
    }
  });

  it('bounds the connections waiting for their hello: one more is refused, those waiting stay', async () => {
    const rejected: string[] = [];
    const server = await trace.listen({ onRejected: (r) => rejected.push(r) }, { maxWaiting: 2 });
    const sockets = [connect(server.path), connect(server.path), connect(server.path)];
    try {
      const closed = sockets.map((socket) => new Promise<boolean>((resolve) => socket.once('close', () => resolve(true))));
      await sleep(300);
      assert.deepEqual(rejected, ['2 connections are already waiting to say hello']);
      const states = await Promise.all(closed.map((c) => Promise.race([c, sleep(50).then(() => false)])));
      assert.deepEqual(states.filter(Boolean).length, 1, 'exactly one connection was closed');
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.close();
    }
  });

  it('listens in a directory only this user can open, removed when the reader closes', async () => {
    const server = await trace.listen({});
    const dir = dirname(server.path);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    await server.close();
    assert.equal(existsSync(dir), false);
  });

  it('hands over the frames unread to a reader that parses elsewhere (onText)', async () => {
    const texts: string[] = [];
    const pids: number[] = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const server = await trace.listen({ onConnect: (pid) => pids.push(pid), onText: (text) => texts.push(Buffer.from(text).toString('utf8')), onEnd: () => ended() });
    try {
      const run = await runProgram([join(fixtures, 'lifecycle.mjs'), 'return'], server.env);
      assert.equal(run.code, 0, run.stderr);
      await done;
      const lines = texts.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type?: string; format?: string; pid?: number });
      assert.equal(lines[0]!.format, 'isotrace');
      assert.deepEqual(pids, [lines[0]!.pid]);
      assert.ok(texts.every((text) => text.endsWith('\n')), 'every frame is whole lines');
      assert.ok(lines.some((line) => line.type === 'spawn'));
    } finally {
      await server.close();
    }
  });

  it('a program that connects again (a second trace.start) is not ended by its first connection closing', async () => {
    const connects: number[] = [];
    const ends: number[] = [];
    const server = await trace.listen({ onConnect: (pid) => connects.push(pid), onText: () => undefined, onEnd: (pid) => ends.push(pid) });
    const hello = (): Buffer => {
      const body = Buffer.from(JSON.stringify({ type: 'hello', token: server.env.ISOSCOPE_SINK_TOKEN, pid: 4242 }));
      const head = Buffer.alloc(4);
      head.writeUInt32BE(body.length);
      return Buffer.concat([head, body]);
    };
    const open = async () => {
      const socket = connect(server.path);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(hello());
      return socket;
    };
    try {
      const first = await open();
      await waitFor(() => connects.length === 1);
      const second = await open();
      await waitFor(() => connects.length === 2);
      first.destroy();
      await sleep(200);
      assert.deepEqual(ends, [], 'the program is still connected through its second socket');
      assert.equal(server.control(4242, { id: 1, action: 'pause', isolate: 1 }), true, 'control goes to the newer socket');
      second.destroy();
      await waitFor(() => ends.length === 1);
      assert.deepEqual(ends, [4242]);
      assert.equal(server.control(4242, { id: 2, action: 'resume', isolate: 1 }), false, 'gone');
    } finally {
      await server.close();
    }
  });

  it('a reader that ends the connection: not one more byte goes to its descriptor, which the program may reuse for a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-sink-'));
    const path = join(dir, 'reader.sock');
    // A reader that takes the first bytes and ends the connection.
    const server = createServer((socket) => {
      socket.once('data', () => socket.end());
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      // Meanwhile the program, making events (a worker sending every millisecond), opens a file
      // every 2 ms, each taking the lowest free descriptor: soon after the connection ends,
      // one of them gets the socket's number.
      const program = `
        const fs = require('node:fs');
        const worker = new (require('node:worker_threads').Worker)('setInterval(() => require("node:worker_threads").parentPort.postMessage(1), 1)', { eval: true });
        worker.on('message', () => {});
        const fds = [];
        const opening = setInterval(() => {
          const fd = fs.openSync(${JSON.stringify(dir)} + '/user-' + fds.length + '.txt', 'w');
          fs.writeSync(fd, 'USER DATA\\n');
          fds.push(fd);
        }, 2);
        setTimeout(() => clearInterval(opening), 300);
        setTimeout(() => { for (const fd of fds) fs.closeSync(fd); process.exit(0); }, 600);`;
      const run = await runProgram(['--require', register, '-e', program], { ISOSCOPE_SINK: path, ISOSCOPE_SINK_TOKEN: 'token' });
      assert.equal(run.code, 0, run.stderr);
      const files = readdirSync(dir).filter((name) => name.startsWith('user-'));
      assert.ok(files.length > 20, `${files.length} files`);
      for (const name of files) assert.equal(readFileSync(join(dir, name), 'utf8'), 'USER DATA\n', name);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trace.stop() waits at most 5 s for a reader that takes nothing, then says so and lets the program end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-sink-'));
    const path = join(dir, 'reader.sock');
    // A reader that accepts and never reads: what its socket's buffers hold is all it takes.
    const accepted: Socket[] = [];
    const server = createServer((socket) => {
      socket.pause();
      socket.on('error', () => undefined);
      accepted.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const program = `
        const { trace } = require('isoscope');
        const worker = new (require('node:worker_threads').Worker)('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m))', { eval: true });
        let got = 0;
        worker.on('message', () => { if (++got === 50000) { worker.terminate(); trace.stop(); } });
        for (let i = 0; i < 50000; i++) worker.postMessage(i);`;
      const started = performance.now();
      const run = await runProgram(['--require', register, '-e', program], { ISOSCOPE_SINK: path, ISOSCOPE_SINK_TOKEN: 'token' });
      const took = performance.now() - started;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /the live trace reader did not take the rest of the trace within 5 s of trace\.stop\(\)/);
      assert.ok(took > 4_000 && took < 15_000, `ended after the 5 s wait: ${took.toFixed(0)} ms`);
    } finally {
      // (A paused connection never sees its end: closed here, or the server would wait for it.)
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}
